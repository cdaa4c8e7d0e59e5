package io.github.modalemulator.internal.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.internal.calls.CallLedger;
import io.github.modalemulator.internal.calls.CallRecord;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The emulator's dashboard, on its own hosts only: the page (for a browser asking for HTML at
 * {@code /}), its files under {@value #ASSETS}, and the JSON API under {@value #API}. Anything else
 * goes to {@code next}, the JSON index, as before the dashboard existed.
 *
 * <p>The API only reads, except {@code DELETE /api/requests}: a method a page on another origin
 * can't send without a CORS preflight, which is never answered here.
 */
public final class Dashboard implements HttpHandler, AutoCloseable {
  public static final String API = "/api/";
  static final String ASSETS = "/dashboard/";

  private static final String RESOURCES = "/io/github/modalemulator/internal/dashboard/";
  private static final HttpString VARY = Headers.VARY;
  private static final HttpString CSP = new HttpString("Content-Security-Policy");

  /** Made with the first page asked for, as the index's. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final HttpHandler next;
  private final LiveUpdates live;
  private volatile DashboardApi api; // null until the port is known

  public Dashboard(HttpHandler next) {
    this.next = next;
    this.live = new LiveUpdates(() -> json(api.state()));
  }

  /** Set once the port is known, before the first request can arrive at it. */
  public void setSource(DashboardSource source) {
    this.api = new DashboardApi(source);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    boolean api = path.startsWith(API) || path.equals("/api");
    boolean asset = path.startsWith(ASSETS);
    boolean page = path.equals("/") && wantsHtml(exchange);
    if (path.equals("/")) {
      exchange.getResponseHeaders().add(VARY, "Accept"); // one URL, HTML or JSON
    }
    if (!api && !asset && !page) {
      next.handleRequest(exchange);
      return;
    }
    DashboardApi source = this.api;
    if (source == null) {
      PlainText.send(exchange, 503, "modal-http: the emulator is starting");
      return;
    }
    if (api) {
      api(exchange, source, path.equals("/api") ? "" : path.substring(API.length()));
    } else {
      file(exchange, page ? "index.html" : path.substring(ASSETS.length()));
    }
  }

  /** A browser's navigation asks for {@code text/html}; curl, fetch and HTTP clients don't. */
  private static boolean wantsHtml(HttpServerExchange exchange) {
    HttpString method = exchange.getRequestMethod();
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      return false;
    }
    String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  private void api(HttpServerExchange exchange, DashboardApi api, String route) throws Exception {
    HttpString method = exchange.getRequestMethod();
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (route.equals("requests") && method.equals(Methods.DELETE)) {
      api.clearRequests();
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
      error(exchange, 405, "the dashboard's API only reads; DELETE /api/requests clears the log");
      return;
    }
    switch (route) {
      case "" -> send(exchange, Map.of("routes", ROUTES));
      case "state" -> send(exchange, api.state());
      case "functions" -> send(exchange, api.functions());
      case "called-functions" -> send(exchange, api.calledFunctions());
      case "calls" -> send(exchange, api.calls(callFilter(exchange), limit(exchange)));
      case "containers" -> send(exchange, api.pools(Integer.MAX_VALUE));
      case "events" -> send(exchange, api.events());
      case "token" -> send(exchange, api.revealTokens());
      case "dashboard-token" -> {
        var token = api.dashboardToken();
        if (token == null) {
          error(exchange, 404, "no dashboard token: this emulator answers only this machine");
        } else {
          send(exchange, token);
        }
      }
      case "requests" -> send(exchange, api.requests(filter(exchange), limit(exchange)));
      case "logs" -> {
        String function = query(exchange, "function");
        FunctionId id = function == null ? null : FunctionId.parse(function);
        var log = id == null ? null : api.log(id).orElse(null);
        if (log == null) {
          error(exchange, 404, "no function \"" + function + "\"; name one as app/name");
        } else {
          send(exchange, log);
        }
      }
      case "stream" -> live.handler().handleRequest(exchange);
      default -> {
        if (route.startsWith("calls/")) {
          String id = route.substring("calls/".length());
          var call = api.call(id).orElse(null);
          if (call == null) {
            error(
                exchange,
                404,
                "no call "
                    + id
                    + " in the ledger (it keeps the newest "
                    + CallLedger.CAPACITY
                    + " calls)");
          } else {
            send(exchange, call);
          }
        } else if (route.startsWith("requests/")) {
          long id = parseId(route.substring("requests/".length()));
          var request = id < 0 ? null : api.request(id).orElse(null);
          if (request == null) {
            error(exchange, 404, "no request " + route.substring(9) + " in the journal");
          } else {
            send(exchange, request);
          }
        } else {
          error(exchange, 404, "no API route /api/" + route + "; GET /api/ lists them");
        }
      }
    }
  }

  /** What {@code GET /api/} answers: the README's reference in brief. */
  private static final List<String> ROUTES =
      List.of(
          "GET /api/state",
          "GET /api/stream",
          "GET /api/functions",
          "GET /api/containers",
          "GET /api/events",
          "GET /api/requests?function=APP/NAME&status=STATUS&limit=N",
          "GET /api/requests/ID",
          "DELETE /api/requests",
          "GET /api/logs?function=APP/NAME",
          "GET /api/called-functions",
          "GET /api/calls?function=APP/NAME&status=STATUS&limit=N",
          "GET /api/calls/ID",
          "GET /api/token",
          "GET /api/dashboard-token");

  private static Predicate<RecordedRequest> filter(HttpServerExchange exchange) {
    String function = query(exchange, "function");
    String status = query(exchange, "status");
    Predicate<RecordedRequest> filter = r -> true;
    if (function != null && !function.isEmpty()) {
      FunctionId wanted = FunctionId.parse(function);
      filter = filter.and(r -> wanted != null && wanted.equals(FunctionId.of(r)));
    }
    if (status != null && !status.isEmpty()) {
      // "404", or a class as "4xx"
      filter =
          filter.and(
              status.endsWith("xx")
                  ? r -> String.valueOf(r.status()).startsWith(status.substring(0, 1))
                  : r -> String.valueOf(r.status()).equals(status));
    }
    return filter;
  }

  private static Predicate<CallRecord> callFilter(HttpServerExchange exchange) {
    String function = query(exchange, "function");
    String status = query(exchange, "status");
    Predicate<CallRecord> filter = r -> true;
    if (function != null && !function.isEmpty()) {
      FunctionId wanted = FunctionId.parse(function);
      filter = filter.and(r -> new FunctionId(r.app(), r.function()).equals(wanted));
    }
    if (status != null && !status.isEmpty()) {
      filter = filter.and(r -> r.status().equals(status));
    }
    return filter;
  }

  private static int limit(HttpServerExchange exchange) {
    long limit = parseId(String.valueOf(query(exchange, "limit")));
    return limit <= 0 ? 1000 : (int) Math.min(limit, Integer.MAX_VALUE);
  }

  private static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static long parseId(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void send(HttpServerExchange exchange, Object document) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(json(document));
  }

  private static void error(HttpServerExchange exchange, int status, String detail) {
    exchange.setStatusCode(status);
    send(exchange, Map.of("detail", detail));
  }

  static String json(Object document) {
    try {
      return Json.MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the dashboard's documents are plain data", e);
    }
  }

  private static void file(HttpServerExchange exchange, String name) {
    byte[] content = Files.get(name);
    if (content == null) {
      PlainText.send(exchange, 404, "modal-http: no dashboard file " + name);
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, Files.type(name));
    headers.put(Headers.CACHE_CONTROL, "no-cache");
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    // Scripts from this host only: a request's data, shown on the page, can never run as code.
    headers.put(CSP, "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    exchange.getResponseSender().send(ByteBuffer.wrap(content));
  }

  /** The page's files, read from the jar once. */
  private static final class Files {
    static final Map<String, byte[]> CONTENT =
        Map.of(
            "index.html", read("index.html"),
            "dashboard.css", read("dashboard.css"),
            "dashboard.js", read("dashboard.js"));

    static byte[] get(String name) {
      return CONTENT.get(name);
    }

    static String type(String name) {
      return name.endsWith(".html")
          ? "text/html; charset=utf-8"
          : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }

    private static byte[] read(String name) {
      try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks the dashboard's " + name);
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    live.close();
  }
}
