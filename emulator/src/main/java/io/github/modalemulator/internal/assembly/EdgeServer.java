package io.github.modalemulator.internal.assembly;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.emulator.WebFunction;
import io.github.modalemulator.internal.dashboard.Dashboard;
import io.github.modalemulator.internal.dashboard.DashboardSource;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.gateway.HostRouter;
import io.github.modalemulator.internal.gateway.IndexPage;
import io.github.modalemulator.internal.gateway.RequestJournal;
import io.github.modalemulator.internal.gateway.Routes;
import io.github.modalemulator.internal.runtime.CallRuntime;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import io.github.modalemulator.internal.runtime.fastapi.FastapiPart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The emulator as it runs: the cloud's edge (routing, journal, proxy auth, result URLs) in front of
 * the generation in service, on one port. What the public facade reads comes from here.
 */
public final class EdgeServer implements AutoCloseable {
  /** A web function as served: how clients see it, and what serves it. */
  public record Served(WebFunction web, Generation.Endpoint endpoint) {}

  private final Settings settings;
  private final Server server;
  private final RequestJournal journal;
  private final List<ProxyAuthToken> tokens;
  private final boolean tokenGenerated;
  private final ContainerKinds kinds;
  private final FunctionCalls calls;
  private final Routes.Edge edge;
  private final AtomicReference<Routes> routes;
  private final IndexPage index;
  private final int port;
  private final Object reloading = new Object();
  private volatile Generation generation;
  private volatile List<Served> served;
  private volatile int generationNumber = 1;
  private final Dashboard dashboard; // null when turned off

  private EdgeServer(Settings settings, Deployment deployment) {
    this.settings = settings;
    this.tokenGenerated = deployment.needsProxyAuth() && settings.edge().tokens().isEmpty();
    this.tokens = tokenGenerated ? List.of(ProxyAuthToken.generate()) : settings.edge().tokens();
    this.journal = new RequestJournal(settings.edge().journalCapacity());
    this.calls = new FunctionCalls();
    this.kinds =
        ContainerKinds.of(
            FastapiPart.kind(
                new FastapiOptions(
                    settings.functions().json(), settings.functions().fastapiStack())),
            settings.http().servletForms(),
            settings.functions().strictWebServerBind());
    this.server = new Server(settings);
    try {
      this.generation = server.generation(deployment, kinds, calls);
      server.calls().serve(() -> this.generation, this::webUrlOf);
      this.edge =
          new Routes.Edge(
              tokens,
              journal,
              settings.http().maxRequestBodySize(),
              settings.http().bodies(),
              calls);
      this.routes = new AtomicReference<>(Routes.of(entries(generation), edge));
      this.index = new IndexPage();
      this.dashboard = settings.edge().dashboard() ? new Dashboard(index) : null;
      server.start(
          List.of(
              new Server.Listener(
                  settings.http().port(),
                  settings.http().bindAddress(),
                  new HostRouter(
                      routes,
                      ownHosts(settings),
                      dashboard != null ? dashboard : index,
                      journal,
                      settings.edge().dashboardAccess().token()))));
      this.port = server.ports().get(0);
      this.served = describe(generation, port);
      index.setContent(
          settings.apps().workspace(),
          settings.apps().environment(),
          settings.apps().serveMode(),
          served.stream().map(Served::web).toList());
      showOnDashboard();
      server.serve(generation);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Validates nothing more (the deployment is valid), binds the port and serves. */
  public static EdgeServer start(Settings settings, Deployment deployment) {
    return new EdgeServer(settings, deployment);
  }

  public Settings settings() {
    return settings;
  }

  public int port() {
    return port;
  }

  public RequestJournal journal() {
    return journal;
  }

  public List<ProxyAuthToken> tokens() {
    return tokens;
  }

  public Optional<ProxyAuthToken> generatedToken() {
    return tokenGenerated ? Optional.of(tokens.get(0)) : Optional.empty();
  }

  public List<Served> served() {
    return served;
  }

  public Generation generation() {
    return generation;
  }

  /** Which generation of the apps is in service: 1 at start, one more at each reload. */
  public int generationNumber() {
    return generationNumber;
  }

  /**
   * What a reload changed, by web function: new ones, ones whose URL or kind changed, removed ones;
   * and whether the old generation's inputs all finished before it stopped.
   */
  public record Reload(
      List<WebFunction> added,
      List<WebFunction> changed,
      List<WebFunction> removed,
      boolean drained) {}

  /**
   * Serves {@code next} in place of the generation in service, with no request failing: the routes
   * move to it at once (new requests go there), the old one's requests in flight finish on the old
   * code, then its containers stop ({@code @Exit} runs). A web server of the new generation on a
   * port the old one holds starts once the old one stopped; its requests wait for it meanwhile. The
   * port, the proxy auth tokens, the journal and the 303s' results stay.
   */
  public Reload reload(Deployment next) {
    synchronized (reloading) {
      Generation old = generation;
      List<Served> before = served;
      boolean sharesPorts =
          next.endpoints().stream()
              .anyMatch(
                  e ->
                      e.function().web().kind() == WebKind.WEB_SERVER
                          && old.webServerPorts().contains(e.function().web().port()));
      StartGate gate = sharesPorts ? new StartGate() : null;
      if (sharesPorts) {
        Server.LOG.info(
            "A web server keeps its port {} across the reload: its new container starts once the"
                + " old one has stopped; requests arriving meanwhile wait for it",
            old.webServerPorts());
      }
      // A mapper of its own: Jackson's caches would keep the old generation's classes otherwise.
      ContainerKinds freshKinds =
          ContainerKinds.of(
              FastapiPart.kind(
                  new FastapiOptions(
                      FastapiOptions.ownCopy(settings.functions().json()),
                      settings.functions().fastapiStack())),
              settings.http().servletForms(),
              settings.functions().strictWebServerBind());
      Generation fresh =
          gate == null
              ? server.generation(next, freshKinds, calls)
              : server.generation(next, freshKinds, calls, gate);
      List<Served> after = describe(fresh, port);
      if (gate == null) {
        server.serve(fresh); // warm containers start before any request is routed there
      }
      routes.set(Routes.of(entries(fresh), edge));
      generation = fresh;
      served = after;
      generationNumber++;
      index.setContent(
          settings.apps().workspace(),
          settings.apps().environment(),
          settings.apps().serveMode(),
          after.stream().map(Served::web).toList());
      showOnDashboard();
      boolean drained = server.retire(old);
      if (gate != null) {
        server.serve(fresh);
        gate.open();
      }
      return changes(before, after, drained);
    }
  }

  /** What the dashboard shows: the generation in service and its functions. */
  private void showOnDashboard() {
    if (dashboard == null) {
      return;
    }
    dashboard.setSource(
        new DashboardSource(
            settings.apps().workspace(),
            settings.apps().environment(),
            settings.apps().serveMode(),
            port,
            settings.http().connectAddress(),
            ownHosts(settings),
            served.stream()
                .map(
                    s ->
                        new DashboardSource.Function(
                            s.web(), s.endpoint().runtime(), s.endpoint()::pools))
                .toList(),
            generation.callees().stream()
                .map(c -> new DashboardSource.Called(c.function(), c.runtime().pool(), c::pools))
                .toList(),
            journal,
            server.calls().ledger(),
            tokens,
            generatedToken(),
            generationNumber,
            settings.edge().dashboardAccess()));
  }

  /** A function's name within its app: what stays the same across a reload. */
  private record Named(String app, String name) {
    static Named of(WebFunction web) {
      return new Named(web.app(), web.name());
    }
  }

  private static Reload changes(List<Served> before, List<Served> after, boolean drained) {
    Map<Named, WebFunction> old = new LinkedHashMap<>();
    before.forEach(s -> old.put(Named.of(s.web()), s.web()));
    List<WebFunction> added = new ArrayList<>();
    List<WebFunction> changed = new ArrayList<>();
    for (Served s : after) {
      WebFunction was = old.remove(Named.of(s.web()));
      if (was == null) {
        added.add(s.web());
      } else if (!was.equals(s.web())) {
        changed.add(s.web());
      }
    }
    return new Reload(added, changed, List.copyOf(old.values()), drained);
  }

  /**
   * A web function by its Java name ({@code createApp}, {@code MyAPI.health}) or its Python twin's
   * ({@code create_app}).
   *
   * @throws IllegalArgumentException when no web function, or more than one app's, has that name
   */
  public Served find(String function) {
    List<Served> found = served.stream().filter(s -> matches(s, function)).toList();
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          "more than one app has a web function \""
              + function
              + "\" ("
              + found.stream().map(s -> s.web().app()).collect(Collectors.joining(", "))
              + "); name the app too, as in webUrl(app, function)");
    }
    return found.stream().findFirst().orElseThrow(() -> unknown(function));
  }

  /** A web function of one app. */
  public Served find(String app, String function) {
    return served.stream()
        .filter(s -> s.web().app().equals(app) && matches(s, function))
        .findFirst()
        .orElseThrow(() -> unknown(app + "/" + function));
  }

  /** The URL of a web function served now, or null. */
  private String webUrlOf(FunctionDefinition function) {
    List<Served> now = served;
    if (now == null) {
      return null;
    }
    for (Served s : now) {
      FunctionDefinition own = s.endpoint().function();
      if (own.appName().equals(function.appName()) && own.name().equals(function.name())) {
        return s.web().url();
      }
    }
    return null;
  }

  /**
   * The pool of a function that code calls (for a class, the pool of its defaults), or null when
   * the app has no such function.
   */
  public ContainerPool calledPool(String app, String function) {
    CallRuntime runtime = generation.callRuntime(app, function, java.util.Map.of());
    return runtime == null ? null : runtime.pool();
  }

  /** The names of the functions that code calls, in app then method order. */
  public List<String> calledFunctions() {
    return generation.allFunctions().stream()
        .filter(f -> f.web() == null)
        .map(FunctionDefinition::name)
        .toList();
  }

  /** The functions that code calls, their stubs and the calls made. */
  public Calls calls() {
    return server.calls();
  }

  @Override
  public void close() {
    if (dashboard != null) {
      dashboard.close(); // its live streams would hold the graceful stop for its whole timeout
    }
    server.close();
  }

  private static boolean matches(Served served, String name) {
    String own = served.web().name();
    return own.equals(name) || Labels.snakeCase(own).equals(name);
  }

  private IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "no web function \""
            + name
            + "\"; the web functions are: "
            + served.stream()
                .map(s -> s.web().app() + "/" + s.web().name())
                .collect(Collectors.joining(", ")));
  }

  private static List<Routes.Entry> entries(Generation generation) {
    List<Routes.Entry> entries = new ArrayList<>();
    for (Generation.Endpoint endpoint : generation.endpoints()) {
      FunctionDefinition function = endpoint.function();
      entries.add(
          new Routes.Entry(
              function.appName(),
              function.name(),
              endpoint.definition().hostLabel(),
              endpoint.definition().customDomains(),
              function.web().requiresProxyAuth(),
              function.web().kind(),
              endpoint.handler()));
    }
    return entries;
  }

  private static List<Served> describe(Generation generation, int port) {
    List<Served> served = new ArrayList<>();
    for (Generation.Endpoint endpoint : generation.endpoints()) {
      FunctionDefinition function = endpoint.function();
      Deployment.Endpoint definition = endpoint.definition();
      WebFunction web =
          new WebFunction(
              function.appName(),
              function.name(),
              function.web().kind().cloudName(),
              "http://" + definition.hostLabel() + ".localhost:" + port,
              definition.customDomains().stream().map(d -> "http://" + d + ":" + port).toList(),
              function.web().requiresProxyAuth(),
              definition.labelTruncated());
      served.add(new Served(web, endpoint));
    }
    return List.copyOf(served);
  }

  private static Set<String> ownHosts(Settings settings) {
    Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
    String bind = settings.http().bindAddress();
    hosts.add(bind.contains(":") ? "[" + bind + "]" : bind);
    return hosts;
  }
}
