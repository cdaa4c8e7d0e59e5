package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.RecordedHeaders;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.internal.http.PlainText;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The emulator's edge: finds the function a request's host names (label host under {@code
 * .localhost} or {@code .modal.run}, or a custom domain), records the request, and hands it on.
 *
 * <p>Requests in absolute form ({@code GET http://host/path}, as HTTP clients send them to a proxy)
 * route by the URI's host, so a client can reach {@code *.localhost} names with the emulator as its
 * HTTP proxy and no DNS at all; the app then sees the plain path, as behind the cloud's edge.
 */
public final class Gateway implements HttpHandler {
  static final String UNKNOWN_HOST = "modal-http: invalid function call";
  private static final String LOCALHOST_SUFFIX = ".localhost";
  private static final String MODAL_RUN_SUFFIX = ".modal.run";

  private final Map<String, Route> byHostLabel;
  private final Map<String, Route> byDomain;
  private final Set<String> ownHosts;
  private final HttpHandler ownPages;
  private final RequestJournal journal;
  private final long maxBodySize;

  /**
   * @param byHostLabel routes by the first DNS label of the host ({@code local--my-app-hello})
   * @param byDomain routes by custom domain, lower case
   * @param ownHosts hosts that reach the emulator's own pages ({@code localhost}, ...)
   */
  public Gateway(
      Map<String, Route> byHostLabel,
      Map<String, Route> byDomain,
      Set<String> ownHosts,
      HttpHandler ownPages,
      RequestJournal journal,
      long maxBodySize) {
    this.byHostLabel = Map.copyOf(byHostLabel);
    this.byDomain = Map.copyOf(byDomain);
    this.ownHosts = Set.copyOf(ownHosts);
    this.ownPages = ownPages;
    this.journal = journal;
    this.maxBodySize = maxBodySize;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String host = host(exchange);
    Route route = host == null ? null : route(host);
    track(exchange, host, route);
    if (route == null) {
      if (host != null && ownHosts.contains(host)) {
        ownPages.handleRequest(exchange);
      } else {
        PlainText.send(exchange, 404, UNKNOWN_HOST);
      }
      return;
    }
    BodyLimit.apply(exchange, maxBodySize);
    if (exchange.getRequestContentLength() > maxBodySize) {
      PlainText.sendBodyTooLarge(exchange);
      return;
    }
    route.handler().handleRequest(exchange);
  }

  private Route route(String host) {
    String hostLabel = firstLabelUnder(host, LOCALHOST_SUFFIX);
    if (hostLabel == null) {
      hostLabel = firstLabelUnder(host, MODAL_RUN_SUFFIX);
    }
    return hostLabel != null ? byHostLabel.get(hostLabel) : byDomain.get(host);
  }

  /** {@code x} for {@code x.localhost}; null for any other shape. */
  private static String firstLabelUnder(String host, String suffix) {
    if (!host.endsWith(suffix) || host.length() == suffix.length()) {
      return null;
    }
    String label = host.substring(0, host.length() - suffix.length());
    return label.indexOf('.') < 0 ? label : null;
  }

  /**
   * The request's host, lower case, without port or trailing dot; null when it has none. An
   * absolute-form target wins over the Host header (RFC 9112, 3.2.2), and is made origin-form.
   */
  static String host(HttpServerExchange exchange) {
    String authority;
    if (exchange.isHostIncludedInRequestURI()) {
      String uri = exchange.getRequestURI();
      int start = uri.indexOf("://") + 3;
      int end = uri.indexOf('/', start);
      authority = end < 0 ? uri.substring(start) : uri.substring(start, end);
      // Origin-form from here on, so getRequestURL() rebuilds the URL from the Host header.
      exchange.setRequestURI(end < 0 ? "/" : uri.substring(end), false);
    } else {
      authority = exchange.getRequestHeaders().getFirst(Headers.HOST);
    }
    if (authority == null || authority.isEmpty()) {
      return null;
    }
    String host = withoutPort(authority).toLowerCase(Locale.ROOT);
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static String withoutPort(String authority) {
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority : authority.substring(0, close + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  private void track(HttpServerExchange exchange, String host, Route route) {
    JournalEntry entry = new JournalEntry(host, route);
    // Recorded as the response headers go out, so a client that has its answer finds its request
    // in the journal; the completion listener covers exchanges that end without a response.
    exchange.addResponseCommitListener(entry::record);
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          try {
            entry.record(done);
          } finally {
            next.proceed();
          }
        });
  }

  /** One request's journal entry, recorded once. */
  private final class JournalEntry {
    private final long began = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final String host;
    private final Route route;
    private final AtomicBoolean recorded = new AtomicBoolean();

    JournalEntry(String host, Route route) {
      this.host = host;
      this.route = route;
    }

    void record(HttpServerExchange exchange) {
      if (recorded.compareAndSet(false, true)) {
        journal.record(
            new RecordedRequest(
                route == null ? null : route.app(),
                route == null ? null : route.function(),
                host,
                exchange.getRequestMethod().toString(),
                exchange.getRequestPath(),
                exchange.getQueryString(),
                exchange.getStatusCode(),
                startedAt,
                Duration.ofNanos(System.nanoTime() - began),
                exchange.getAttachment(FunctionRuntime.CONTAINER_ID),
                Boolean.TRUE.equals(exchange.getAttachment(FunctionRuntime.COLD_START)),
                RecordedHeaders.of(exchange.getRequestHeaders())));
      }
    }
  }
}
