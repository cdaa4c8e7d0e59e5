package io.github.modalemulator.internal.dashboard;

import io.github.modalemulator.emulator.ContainerStats;
import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.emulator.RecordedCall;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.emulator.WebFunction;
import io.github.modalemulator.internal.calls.CallLedger;
import io.github.modalemulator.internal.calls.CallRecord;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Scaling;
import io.github.modalemulator.internal.gateway.RequestJournal;
import io.github.modalemulator.internal.runtime.ContainerPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The dashboard's JSON documents, as plain maps and lists: what {@code /api/...} answers and what
 * the live stream sends. Field names are the README's reference; add fields, never rename them.
 */
final class DashboardApi {
  /** Requests in the live state: the page's log is bounded, the journal may hold far more. */
  static final int STATE_REQUESTS = 200;

  /** Calls in the live state, as requests: the ledger keeps far more. */
  static final int STATE_CALLS = 200;

  /** Container events per pool in the live state. */
  static final int STATE_EVENTS = 50;

  /**
   * Characters of a request's host, path and query in the live state's log, which the stream sends
   * on every change: the request's own page ({@code /api/requests/ID}) has what the journal kept.
   */
  static final int STATE_TEXT_CHARS = 128;

  static final String MASK = HeaderMask.MARK;

  private final DashboardSource source;
  private final List<PoolOf> pools;
  private final HeaderMask mask;

  /**
   * A pool and the functions it serves ({@code app/name}): the methods of a {@code @Cls} class, web
   * or called, share one, and the pools of its parameter sets.
   */
  private record PoolOf(
      ContainerPool pool, String app, List<String> functions, Supplier<List<ContainerPool>> all) {}

  DashboardApi(DashboardSource source) {
    this.source = source;
    Map<ContainerPool, PoolOf> byPool = new IdentityHashMap<>();
    List<PoolOf> pools = new ArrayList<>();
    for (DashboardSource.Function function : source.functions()) {
      String id = FunctionId.of(function.web()).toString();
      add(byPool, pools, function.runtime().pool(), function.web().app(), id, function.pools());
    }
    for (DashboardSource.Called called : source.called()) {
      FunctionDefinition definition = called.function();
      String id = FunctionId.of(definition).toString();
      add(byPool, pools, called.pool(), definition.appName(), id, called.pools());
    }
    this.pools = List.copyOf(pools);
    this.mask = new HeaderMask(source.access().maskSecretHeaders());
  }

  private static void add(
      Map<ContainerPool, PoolOf> byPool,
      List<PoolOf> pools,
      ContainerPool pool,
      String app,
      String function,
      Supplier<List<ContainerPool>> all) {
    PoolOf of = byPool.get(pool);
    if (of == null) {
      of = new PoolOf(pool, app, new ArrayList<>(), all);
      byPool.put(pool, of);
      pools.add(of);
    }
    of.functions().add(function);
  }

  DashboardSource source() {
    return source;
  }

  /** Everything the page shows at once; what {@code /api/stream} sends on every change. */
  Map<String, Object> state() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("emulator", "modal-emulator");
    state.put("workspace", source.workspace());
    state.put("environment", source.environment());
    state.put("serveMode", source.serveMode());
    state.put("generation", source.generation());
    state.put("proxy", proxy());
    state.put("token", token());
    state.put("functions", functions());
    state.put("pools", pools(STATE_EVENTS));
    List<Map<String, Object>> requests = requests(r -> true, STATE_REQUESTS);
    for (Map<String, Object> request : requests) {
      for (String field : List.of("host", "path", "query")) {
        request.computeIfPresent(field, (name, text) -> shorten((String) text));
      }
    }
    state.put("requests", requests);
    state.put("calledFunctions", calledFunctions());
    state.put("calls", calls(r -> true, STATE_CALLS));
    return state;
  }

  /** The text, or its start marked as cut: the state's bound in bytes does not grow with it. */
  static String shorten(String text) {
    return text.length() <= STATE_TEXT_CHARS
        ? text
        : text.substring(0, STATE_TEXT_CHARS) + "...[truncated from " + text.length() + " chars]";
  }

  String proxy() {
    String address = source.connectAddress();
    return "http://"
        + (address.contains(":") ? "[" + address + "]" : address)
        + ":"
        + source.port();
  }

  /** The token's key, never its secret: the secret only comes from {@code /api/token}. */
  Map<String, Object> token() {
    if (source.tokens().isEmpty()) {
      return null;
    }
    ProxyAuthToken token = source.tokens().get(0);
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("key", token.key());
    shown.put("secret", MASK);
    shown.put("generated", source.generatedToken().isPresent());
    shown.put("count", source.tokens().size());
    return shown;
  }

  /** The reveal: key and secret of every token accepted. */
  List<Map<String, Object>> revealTokens() {
    List<Map<String, Object>> tokens = new ArrayList<>();
    for (ProxyAuthToken token : source.tokens()) {
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("key", token.key());
      shown.put("secret", token.secret());
      tokens.add(shown);
    }
    return tokens;
  }

  List<Map<String, Object>> functions() {
    List<Map<String, Object>> functions = new ArrayList<>();
    for (DashboardSource.Function function : source.functions()) {
      WebFunction web = function.web();
      Scaling scaling = function.runtime().definition().scaling();
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("id", FunctionId.of(web).toString());
      shown.put("app", web.app());
      shown.put("name", web.name());
      shown.put("kind", web.kind());
      shown.put("url", web.url());
      shown.put("customDomainUrls", web.customDomainUrls());
      shown.put("requiresProxyAuth", web.requiresProxyAuth());
      shown.put("pool", function.runtime().pool().name());
      shown.put("scaling", scaling(scaling));
      shown.put("logLines", function.logLines().size());
      functions.add(shown);
    }
    return functions;
  }

  private static Map<String, Object> scaling(Scaling scaling) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("timeout", scaling.timeout());
    settings.put("minContainers", scaling.minContainers());
    settings.put("maxContainers", scaling.maxContainers());
    settings.put("bufferContainers", scaling.bufferContainers());
    settings.put("scaledownWindow", scaling.scaledownWindow());
    // null, not 2147483647: a web server's container takes every input (its server queues).
    boolean unlimited = scaling.maxInputs() == Scaling.NO_INPUT_LIMIT;
    settings.put("maxInputs", unlimited ? null : scaling.maxInputs());
    settings.put("targetInputs", unlimited ? null : scaling.targetInputs());
    return settings;
  }

  /**
   * The functions that code calls, as the cloud's dashboard lists them beside web endpoints: kind
   * {@code function}, no URL.
   */
  List<Map<String, Object>> calledFunctions() {
    List<Map<String, Object>> functions = new ArrayList<>();
    for (DashboardSource.Called called : source.called()) {
      FunctionDefinition function = called.function();
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("id", FunctionId.of(function).toString());
      shown.put("app", function.appName());
      shown.put("name", function.name());
      shown.put("kind", "function");
      shown.put("generator", function.generator());
      shown.put("pool", called.pool().name());
      shown.put("scaling", scaling(function.scaling()));
      shown.put("logLines", DashboardSource.logLines(called.pools().get()).size());
      functions.add(shown);
    }
    return functions;
  }

  /** Each pool's containers now, its figures, and its newest events (newest first). */
  List<Map<String, Object>> pools(int events) {
    List<Map<String, Object>> shown = new ArrayList<>();
    for (PoolOf of : pools) {
      for (ContainerPool pool : of.all().get()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("app", of.app());
        entry.put("name", pool.name());
        entry.put("functions", of.functions());
        ContainerStats stats = pool.stats();
        entry.put("live", stats.live());
        entry.put("starting", stats.starting());
        entry.put("inputsInFlight", stats.inputsInFlight());
        entry.put("queuedInputs", stats.queuedInputs());
        entry.put("containersStarted", stats.containersStarted());
        entry.put("coldStartInputs", stats.coldStartInputs());
        entry.put("containers", pool.containers());
        List<ContainerPool.ContainerEvent> all = new ArrayList<>(pool.events());
        all.sort(Comparator.comparingLong(ContainerPool.ContainerEvent::epochMillis).reversed());
        entry.put("events", all.subList(0, Math.min(events, all.size())));
        shown.add(entry);
      }
    }
    return shown;
  }

  /** Every pool's events, newest first. */
  List<Map<String, Object>> events() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (PoolOf of : pools) {
      for (ContainerPool pool : of.all().get()) {
        for (ContainerPool.ContainerEvent event : pool.events()) {
          Map<String, Object> shown = new LinkedHashMap<>();
          shown.put("pool", pool.name());
          shown.put("epochMillis", event.epochMillis());
          shown.put("containerId", event.containerId());
          shown.put("kind", event.kind());
          shown.put("reason", event.reason());
          shown.put("detail", event.detail());
          events.add(shown);
        }
      }
    }
    events.sort(
        Comparator.comparingLong((Map<String, Object> e) -> (Long) e.get("epochMillis"))
            .reversed());
    return events;
  }

  /** A function's log lines, oldest first; empty when no function, web or called, has that id. */
  Optional<Map<String, Object>> log(FunctionId functionId) {
    Optional<List<String>> lines = function(functionId).map(DashboardSource.Function::logLines);
    if (lines.isEmpty()) {
      lines =
          source.called().stream()
              .filter(c -> FunctionId.of(c.function()).equals(functionId))
              .findFirst()
              .map(c -> DashboardSource.logLines(c.pools().get()));
    }
    return lines.map(
        found -> {
          Map<String, Object> shown = new LinkedHashMap<>();
          shown.put("function", functionId.toString());
          shown.put("lines", found);
          return shown;
        });
  }

  /**
   * The newest calls first, at most {@code limit}, that {@code filter} keeps; values as previews of
   * at most {@value #STATE_TEXT_CHARS} characters (the whole call is {@link #call(String)}'s).
   */
  List<Map<String, Object>> calls(Predicate<CallRecord> filter, int limit) {
    List<Map<String, Object>> shown = new ArrayList<>();
    for (CallRecord record : source.calls().newest(filter, limit)) {
      shown.add(summary(record));
    }
    return shown;
  }

  /**
   * One call as the ledger keeps it: the summary's fields, then {@code arguments} and {@code
   * result} as JSON values and the whole {@code error}.
   */
  Optional<Map<String, Object>> call(String id) {
    CallLedger.Entry entry = source.calls().find(id);
    if (entry == null) {
      return Optional.empty();
    }
    CallRecord record = entry.record();
    Map<String, Object> shown = summary(record);
    RecordedCall whole = record.view();
    shown.put("arguments", whole.arguments());
    shown.put("result", whole.result());
    shown.put("error", whole.error());
    return Optional.of(shown);
  }

  private static Map<String, Object> summary(CallRecord record) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", record.id());
    shown.put("queuedAt", record.queuedAt().toString());
    shown.put("app", record.app());
    shown.put("function", new FunctionId(record.app(), record.function()).toString());
    shown.put("verb", record.verb());
    shown.put("status", record.status());
    shown.put("containerId", record.containerId());
    Instant started = record.startedAt();
    Instant ended = record.endedAt();
    shown.put("startedAt", started == null ? null : started.toString());
    shown.put("endedAt", ended == null ? null : ended.toString());
    shown.put(
        "durationMillis",
        ended == null ? null : Duration.between(record.queuedAt(), ended).toNanos() / 1_000_000.0);
    shown.put("argumentsPreview", record.argumentsPreview(STATE_TEXT_CHARS));
    shown.put("resultPreview", record.resultPreview(STATE_TEXT_CHARS));
    String error = record.error();
    shown.put("errorPreview", error == null ? null : shorten(error));
    return shown;
  }

  /**
   * The newest requests first, at most {@code limit}, that {@code filter} keeps; the dashboard's
   * own traffic is left out.
   */
  List<Map<String, Object>> requests(Predicate<RecordedRequest> filter, int limit) {
    RequestJournal journal = source.journal();
    // A filter may skip most entries, so read the whole journal only when one is set.
    long after = limit == STATE_REQUESTS ? journal.nextSequence() - 1 - limit * 2L : -1;
    List<RequestJournal.Numbered> kept = journal.numbered(after);
    List<Map<String, Object>> shown = new ArrayList<>();
    for (int i = kept.size() - 1; i >= 0 && shown.size() < limit; i--) {
      RequestJournal.Numbered numbered = kept.get(i);
      RecordedRequest request = numbered.request();
      if (isOwn(request) || !filter.test(request)) {
        continue;
      }
      shown.add(summary(numbered.sequence(), request));
    }
    return shown;
  }

  /** One request with its headers (secrets masked) and the curl command that repeats it. */
  Optional<Map<String, Object>> request(long id) {
    return source
        .journal()
        .find(id)
        .map(
            request -> {
              Map<String, Object> shown = summary(id, request);
              List<List<String>> headers = new ArrayList<>();
              request
                  .headers()
                  .asMap()
                  .forEach(
                      (name, values) ->
                          values.forEach(
                              v -> headers.add(List.of(name, mask.masks(name) ? MASK : v))));
              shown.put("headers", headers);
              boolean auth =
                  request.function() != null
                      && function(FunctionId.of(request))
                          .map(f -> f.web().requiresProxyAuth())
                          .orElse(false);
              String rawPath = source.journal().rawPath(id).orElse(request.path());
              shown.put(
                  "curl", CurlCommand.of(request, rawPath, proxy(), source.port(), auth, mask));
              return shown;
            });
  }

  /** The token that lets other machines in, for {@code /api/dashboard-token}; null if none. */
  Map<String, Object> dashboardToken() {
    String token = source.access().token();
    return token == null ? null : Map.of("token", token);
  }

  void clearRequests() {
    source.journal().clear();
  }

  private boolean isOwn(RecordedRequest request) {
    return request.function() == null && source.ownHosts().contains(request.host());
  }

  private static Map<String, Object> summary(long id, RecordedRequest request) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("id", id);
    shown.put("startedAt", request.startedAt().toString());
    shown.put("method", request.method());
    shown.put("host", request.host());
    shown.put("path", request.path());
    shown.put("query", request.query());
    shown.put("status", request.status());
    shown.put("durationMillis", request.duration().toNanos() / 1_000_000.0);
    shown.put("function", request.function() == null ? null : FunctionId.of(request).toString());
    shown.put("containerId", request.containerId());
    shown.put("coldStart", request.coldStart());
    return shown;
  }

  private Optional<DashboardSource.Function> function(FunctionId id) {
    return source.functions().stream().filter(f -> FunctionId.of(f.web()).equals(id)).findFirst();
  }
}
