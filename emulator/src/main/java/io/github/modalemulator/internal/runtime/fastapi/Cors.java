package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.emulator.FastapiStack;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Starlette's CORSMiddleware with the cloud's settings: every origin, method and header allowed,
 * credentials allowed. Preflights are answered here and never reach the function. The releases
 * differ here more than anywhere: since Kludex/starlette#3137 (February 2026) a request's origin is
 * always echoed, every response varies by {@code Origin}, a preflight lists {@code QUERY} and
 * refuses private-network access; before it, {@code *} was sent unless a cookie came along.
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
  static final HttpString REQUEST_PRIVATE_NETWORK =
      HttpString.tryFromString("Access-Control-Request-Private-Network");

  private static final List<String> LEGACY_METHODS =
      List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");
  private static final List<String> CURRENT_METHODS =
      List.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY");

  private final boolean current;
  private final Set<String> methods;
  private final String methodList;
  private final String preflightVary;

  Cors(FastapiStack stack) {
    this.current = stack == FastapiStack.CURRENT;
    List<String> allowed = current ? CURRENT_METHODS : LEGACY_METHODS;
    this.methods = Set.copyOf(allowed);
    this.methodList = String.join(", ", allowed);
    this.preflightVary =
        current
            ? "Origin, Access-Control-Request-Method, Access-Control-Request-Headers,"
                + " Access-Control-Request-Private-Network"
            : "Origin";
  }

  /** A preflight: OPTIONS with an Origin and an Access-Control-Request-Method. */
  static boolean isPreflight(HttpServerExchange exchange, String origin) {
    return origin != null
        && exchange.getRequestMethod().equals(Methods.OPTIONS)
        && exchange.getRequestHeaders().contains(REQUEST_METHOD);
  }

  void answerPreflight(HttpServerExchange exchange, String origin) {
    HeaderMap request = exchange.getRequestHeaders();
    HeaderMap headers = exchange.getResponseHeaders();
    List<String> failures = new ArrayList<>(2);
    // Starlette compares the requested method with its list as written: case matters.
    if (!methods.contains(request.getFirst(REQUEST_METHOD))) {
      failures.add("method");
    }
    if (current && request.contains(REQUEST_PRIVATE_NETWORK)) {
      failures.add("private-network"); // the cloud's wrapper doesn't allow it
    }
    headers.put(Headers.VARY, preflightVary);
    headers.put(ALLOW_METHODS, methodList);
    headers.put(MAX_AGE, "600");
    headers.put(ALLOW_CREDENTIALS, "true");
    headers.put(ALLOW_ORIGIN, origin);
    String requested = request.getFirst(REQUEST_HEADERS);
    if (requested != null) {
      headers.put(ALLOW_HEADERS, requested);
    }
    exchange.setStatusCode(failures.isEmpty() ? 200 : 400);
    headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange
        .getResponseSender()
        .send(
            failures.isEmpty() ? "OK" : "Disallowed CORS " + String.join(", ", failures),
            StandardCharsets.UTF_8);
  }

  /**
   * Adds the middleware's headers as the response commits, so they win over the function's own, as
   * Starlette's do; unless cancelled first. Null when the middleware adds nothing to this request.
   */
  OnCommit onCommit(HttpServerExchange exchange, String origin) {
    if (origin == null && !current) {
      return null;
    }
    OnCommit listener = new OnCommit(origin);
    exchange.addResponseCommitListener(listener);
    return listener;
  }

  /** The simple-response headers, added at commit time unless cancelled. */
  final class OnCommit implements ResponseCommitListener {
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

  /** The headers of a simple (non-preflight) response; {@code origin} may be null. */
  private void addSimpleHeaders(HttpServerExchange exchange, String origin) {
    HeaderMap headers = exchange.getResponseHeaders();
    if (origin == null) {
      addVary(headers); // the answer would differ with an Origin: caches must know
      return;
    }
    headers.put(ALLOW_CREDENTIALS, "true");
    if (current || exchange.getRequestHeaders().contains(Headers.COOKIE)) {
      // With credentials in play, "*" would be refused by browsers: echo the origin instead.
      headers.put(ALLOW_ORIGIN, origin);
      addVary(headers);
    } else {
      headers.put(ALLOW_ORIGIN, "*");
    }
  }

  private static void addVary(HeaderMap headers) {
    String vary = headers.getFirst(Headers.VARY);
    headers.put(Headers.VARY, vary == null ? "Origin" : vary + ", Origin");
  }
}
