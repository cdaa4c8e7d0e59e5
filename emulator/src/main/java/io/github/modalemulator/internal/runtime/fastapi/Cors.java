package io.github.modalemulator.internal.runtime.fastapi;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;

/**
 * Starlette's CORSMiddleware with the cloud's settings: every origin, method and header allowed,
 * credentials allowed. Preflights are answered here and never reach the function.
 */
final class Cors {
  static final HttpString ALLOW_ORIGIN = HttpString.tryFromString("Access-Control-Allow-Origin");
  static final HttpString ALLOW_CREDENTIALS =
      HttpString.tryFromString("Access-Control-Allow-Credentials");
  static final HttpString ALLOW_METHODS = HttpString.tryFromString("Access-Control-Allow-Methods");
  static final HttpString ALLOW_HEADERS = HttpString.tryFromString("Access-Control-Allow-Headers");
  static final HttpString MAX_AGE = HttpString.tryFromString("Access-Control-Max-Age");
  static final HttpString REQUEST_METHOD =
      HttpString.tryFromString("Access-Control-Request-Method");
  static final HttpString REQUEST_HEADERS =
      HttpString.tryFromString("Access-Control-Request-Headers");
  static final String ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
  private static final java.util.Set<String> METHODS =
      java.util.Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

  private Cors() {}

  /** A preflight: OPTIONS with an Origin and an Access-Control-Request-Method. */
  static boolean isPreflight(HttpServerExchange exchange, String origin) {
    return origin != null
        && exchange.getRequestMethod().equals(Methods.OPTIONS)
        && exchange.getRequestHeaders().contains(REQUEST_METHOD);
  }

  static void answerPreflight(HttpServerExchange exchange, String origin) {
    HeaderMap headers = exchange.getResponseHeaders();
    // Starlette compares the requested method with its list as written: case matters.
    boolean allowed = METHODS.contains(exchange.getRequestHeaders().getFirst(REQUEST_METHOD));
    headers.put(ALLOW_METHODS, ALL_METHODS);
    headers.put(MAX_AGE, "600");
    headers.put(ALLOW_CREDENTIALS, "true");
    headers.put(ALLOW_ORIGIN, origin);
    headers.put(Headers.VARY, "Origin");
    String requested = exchange.getRequestHeaders().getFirst(REQUEST_HEADERS);
    if (requested != null) {
      headers.put(ALLOW_HEADERS, requested);
    }
    exchange.setStatusCode(allowed ? 200 : 400);
    headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange
        .getResponseSender()
        .send(allowed ? "OK" : "Disallowed CORS method", StandardCharsets.UTF_8);
  }

  /**
   * Adds the simple-response headers as the response commits, so they win over the function's own,
   * as Starlette's do; unless cancelled first.
   */
  static OnCommit onCommit(HttpServerExchange exchange, String origin) {
    OnCommit listener = new OnCommit(origin);
    exchange.addResponseCommitListener(listener);
    return listener;
  }

  /** The simple-response headers, added at commit time unless cancelled. */
  static final class OnCommit implements ResponseCommitListener {
    private final String origin;
    private boolean cancelled; // the exchange's threads hand over with happens-before

    private OnCommit(String origin) {
      this.origin = origin;
    }

    void cancel() {
      cancelled = true;
    }

    @Override
    public void beforeCommit(HttpServerExchange exchange) {
      if (!cancelled) {
        addSimpleHeaders(exchange, origin);
      }
    }
  }

  /** The headers of a simple (non-preflight) response to a request with an Origin. */
  static void addSimpleHeaders(HttpServerExchange exchange, String origin) {
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(ALLOW_CREDENTIALS, "true");
    if (exchange.getRequestHeaders().contains(Headers.COOKIE)) {
      // With credentials in play, "*" would be refused by browsers: echo the origin instead.
      headers.put(ALLOW_ORIGIN, origin);
      String vary = headers.getFirst(Headers.VARY);
      headers.put(Headers.VARY, vary == null ? "Origin" : vary + ", Origin");
    } else {
      headers.put(ALLOW_ORIGIN, "*");
    }
  }
}
