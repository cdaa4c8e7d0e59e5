package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Lets only this machine reach the emulator's own pages (dashboard, JSON API, index): the Host
 * header says nothing about where a connection comes from, so a peer on the network could name
 * {@code localhost} and read the proxy auth secret. The peer's address decides: loopback passes;
 * any other peer passes only with the dashboard token, when the user gave one, and otherwise gets a
 * 403 that tells it nothing.
 *
 * <p>A peer presents the token as {@code Authorization: Bearer TOKEN}, or as the cookie that {@code
 * GET /?dashboard_token=TOKEN} sets (a browser can't add a header to the page's own requests). The
 * token is taken out of the request before the journal records it.
 */
final class OwnPagesGate implements HttpHandler {
  static final String REFUSED = "modal-http: the emulator's own pages answer only this machine";

  /** The query parameter a browser opens the page with once, to get the cookie. */
  static final String QUERY = "dashboard_token";

  private static final String BEARER = "Bearer ";

  private final byte[] token; // null: loopback peers only
  private final HttpHandler next;

  OwnPagesGate(String token, HttpHandler next) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    InetSocketAddress peer = exchange.getSourceAddress();
    if (peer != null && isLoopback(peer.getAddress())) {
      Hop.to(next, exchange);
      return;
    }
    if (token == null) {
      PlainText.send(exchange, 403, REFUSED);
      return;
    }
    String fromQuery = query(exchange);
    if (fromQuery != null) {
      login(exchange, fromQuery);
      return;
    }
    // Both looked at, not one: whichever carried the token, neither reaches the journal.
    if (takeBearer(exchange) | takeCookie(exchange)) {
      Hop.to(next, exchange);
      return;
    }
    PlainText.send(exchange, 403, REFUSED);
  }

  /**
   * 127.0.0.0/8, {@code ::1}, and IPv4 loopback written as IPv6 ({@code ::ffff:127.0.0.1}); false
   * for null (a peer without an IP address is no peer of this machine's loopback).
   */
  static boolean isLoopback(InetAddress address) {
    if (address == null) {
      return false;
    }
    if (address.isLoopbackAddress()) {
      return true;
    }
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      for (int i = 0; i < 10; i++) {
        if (bytes[i] != 0) {
          return false;
        }
      }
      return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff && bytes[12] == 127;
    }
    return false;
  }

  /** The cookie's name, one per port: two emulators on one machine keep their own. */
  static String cookieName(HttpServerExchange exchange) {
    return "modal-emulator-dashboard-" + exchange.getDestinationAddress().getPort();
  }

  private boolean matches(String presented) {
    // Constant time: how long a wrong guess took says nothing about the token.
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static String query(HttpServerExchange exchange) {
    Deque<String> values = exchange.getQueryParameters().get(QUERY);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /**
   * Sets the cookie and sends the browser to the page, without the token in its address (so it
   * stays out of the history); a wrong token gets the refusal.
   */
  private void login(HttpServerExchange exchange, String presented) {
    if (!exchange.getRequestMethod().equals(Methods.GET) || !matches(presented)) {
      PlainText.send(exchange, 403, REFUSED);
      return;
    }
    exchange
        .getResponseHeaders()
        .put(
            Headers.SET_COOKIE,
            cookieName(exchange) + "=" + presented + "; Path=/; HttpOnly; SameSite=Strict")
        // Always the page: a path of the request's could name another site (//elsewhere).
        .put(Headers.LOCATION, "/")
        .put(Headers.CACHE_CONTROL, "no-store");
    exchange.setStatusCode(303);
    exchange.endExchange();
  }

  /** Whether {@code Authorization} carries the token; if so it is removed from the request. */
  private boolean takeBearer(HttpServerExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !matches(authorization.substring(BEARER.length()).strip())) {
      return false;
    }
    exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
    return true;
  }

  /** Whether the cookie carries the token; the cookie is taken out of the request either way. */
  private boolean takeCookie(HttpServerExchange exchange) {
    HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
    if (cookies == null) {
      return false;
    }
    String prefix = cookieName(exchange) + "=";
    boolean found = false;
    List<String> kept = new ArrayList<>();
    for (String header : cookies) {
      List<String> others = new ArrayList<>();
      for (String pair : header.split(";")) {
        String cookie = pair.strip();
        if (cookie.startsWith(prefix)) {
          found |= matches(cookie.substring(prefix.length()));
        } else if (!cookie.isEmpty()) {
          others.add(cookie);
        }
      }
      if (!others.isEmpty()) {
        kept.add(String.join("; ", others));
      }
    }
    exchange.getRequestHeaders().remove(Headers.COOKIE);
    if (!kept.isEmpty()) {
      exchange.getRequestHeaders().addAll(Headers.COOKIE, kept);
    }
    return found;
  }
}
