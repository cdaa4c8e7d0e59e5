package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first handler of the edge: finds what a request's host names (a function's label host under
 * {@code .localhost} or {@code .modal.run}, a custom domain, or the emulator's own pages) in the
 * routes in force, and hands the request to that route's chain. The routes are one reference, so a
 * new generation of the apps replaces them all at once.
 *
 * <p>Requests in absolute form ({@code GET http://host/path}, as HTTP clients send them to a proxy)
 * route by the URI's host, so a client can reach {@code *.localhost} names with the emulator as its
 * HTTP proxy and no DNS at all; the app then sees the plain path, as behind the cloud's edge.
 */
public final class HostRouter implements HttpHandler {
  static final String UNKNOWN_HOST = "modal-http: invalid function call";

  /** The request's host, lower case, without port or trailing dot; for the journal. */
  static final AttachmentKey<String> HOST = AttachmentKey.create(String.class);

  private static final String LOCALHOST_SUFFIX = ".localhost";
  private static final String MODAL_RUN_SUFFIX = ".modal.run";

  /** Where a function's label is the first DNS label of the host. */
  static final List<String> LABEL_SUFFIXES = List.of(LOCALHOST_SUFFIX, MODAL_RUN_SUFFIX);

  private final AtomicReference<Routes> routes;
  private final Set<String> ownHosts;
  private final HttpHandler ownPages;
  private final HttpHandler unknownHost;

  /**
   * @param ownHosts hosts that reach the emulator's own pages ({@code localhost}, ...)
   * @param ownPages the chain of those pages
   * @param journal where requests to no function are recorded too
   * @param dashboardToken what lets peers other than loopback reach {@code ownPages}; null: none
   *     can
   */
  public HostRouter(
      AtomicReference<Routes> routes,
      Set<String> ownHosts,
      HttpHandler ownPages,
      RequestJournal journal,
      String dashboardToken) {
    this.routes = routes;
    this.ownHosts = Set.copyOf(ownHosts);
    // The gate before the journal: a refusal isn't recorded, and a token never is.
    this.ownPages =
        new OwnPagesGate(dashboardToken, new JournalHandler(journal, null, null, ownPages));
    this.unknownHost =
        new JournalHandler(journal, null, null, ex -> PlainText.send(ex, 404, UNKNOWN_HOST));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String host = host(exchange);
    exchange.putAttachment(HOST, host);
    if (host == null) {
      Hop.to(unknownHost, exchange);
      return;
    }
    HttpHandler chain = routes.get().chain(host);
    if (chain == null) {
      chain = ownHosts.contains(host) ? ownPages : unknownHost;
    }
    Hop.to(chain, exchange);
  }

  /** {@code x} for {@code x.localhost} or {@code x.modal.run}; null for any other shape. */
  static String labelOf(String host) {
    String label = firstLabelUnder(host, LOCALHOST_SUFFIX);
    return label != null ? label : firstLabelUnder(host, MODAL_RUN_SUFFIX);
  }

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
}
