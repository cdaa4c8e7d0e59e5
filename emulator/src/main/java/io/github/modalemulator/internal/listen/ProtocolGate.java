package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.BodyTooLargeException;
import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.MalformedBodyException;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Protocols;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The first handler of every HTTP/1 request, before Undertow's h2c upgrade: what the protocol
 * itself refuses. An HTTP version other than 1.x is a {@code 505}; an h2c upgrade whose {@code
 * HTTP2-Settings} isn't base64url of whole settings is a {@code 400}; a chunked body whose first
 * chunk, already read with the head, is over the body limit is a {@code 413}. It also tells the
 * connection's {@link WatchedConnection} that a request has begun.
 */
final class ProtocolGate implements HttpHandler {
  private static final HttpString HTTP2_SETTINGS = new HttpString("HTTP2-Settings");
  private static final HttpString CONNECT_ONLY = new HttpString("X-HTTP2-connect-only");
  private static final int SETTING_BYTES = 6; // a 16-bit identifier and a 32-bit value

  private final long bodyLimit;
  private final HttpHandler next;
  private final HttpHandler http2;
  private final HttpHandler plain;

  /**
   * @param next where HTTP/1 requests go on
   * @param http2 where HTTP/2 requests with prior knowledge go, past the h2c upgrade: an HTTP/2
   *     request asking for an upgrade is malformed, not one to act on
   * @param plain where HTTP/1 requests without an {@code Upgrade} field go: past the h2c upgrade
   *     and the HTTP/2 gate, which only hand such a request on (code a request runs before the JIT
   *     has compiled it is paid by every cold request)
   */
  ProtocolGate(long bodyLimit, HttpHandler next, HttpHandler http2, HttpHandler plain) {
    this.bodyLimit = bodyLimit;
    this.next = next;
    this.http2 = http2;
    this.plain = plain;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!(exchange.getConnection() instanceof HttpServerConnection http)) {
      Hop.to(http2, exchange); // HTTP/2 with prior knowledge
      return;
    }
    WatchedConnection watch = ConnectionLookup.of(http);
    RequestLine line = watch == null ? null : watch.requestStarted(exchange);
    // Undertow's parser reads any HTTP/x.y as HTTP/1.1 (and HTTP/0.9 as it is): the version is
    // known from the line as it came.
    if ((line != null && line.unsupportedVersion())
        || !(exchange.isHttp11() || exchange.isHttp10())) {
      exchange.setProtocol(Protocols.HTTP_1_1);
      refuse(exchange, 505, "HTTP Version Not Supported");
      return;
    }
    if (line != null && line.originalTarget() != null) {
      restoreTarget(exchange, line.originalTarget());
    }
    HeaderValues transferEncoding = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
    HeaderValues upgrade = exchange.getRequestHeaders().get(Headers.UPGRADE);
    if (asksForH2c(upgrade)) {
      if (!validSettings(exchange.getRequestHeaders().get(HTTP2_SETTINGS))) {
        refuse(exchange, 400, "modal-http: the HTTP2-Settings header is not valid");
        return;
      }
      // Undertow's upgrade ends a request with this field unanswered instead of handing it on:
      // Http2Gate counts on the upgrade's request coming first.
      exchange.getRequestHeaders().remove(CONNECT_ONLY);
      if (exchange.getRequestContentLength() > 0 || transferEncoding != null) {
        // Undertow's upgrade buffers the whole body first, past any limit, and fails one over 16
        // KiB with a 500. A server may ignore an Upgrade (RFC 9110, 7.8): served as HTTP/1.1.
        exchange.getRequestHeaders().remove(Headers.UPGRADE);
        exchange.getRequestHeaders().remove(HTTP2_SETTINGS);
      }
    }
    Coding coding = Coding.of(transferEncoding);
    if (coding.refusal() != 0) {
      refuse(exchange, coding.refusal(), coding.why());
      return;
    }
    if (watch != null && coding.chunked()) {
      try {
        watch.expectChunks(
            BodyLimit.on(exchange, bodyLimit),
            http.getExtraBytes() == null ? null : http.getExtraBytes().getBuffer());
      } catch (BodyTooLargeException tooLarge) {
        BodyLimit.answer(exchange);
        return;
      } catch (MalformedBodyException malformed) {
        refuse(exchange, 400, malformed.getMessage());
        return;
      }
    }
    Hop.to(upgrade == null ? plain : next, exchange);
  }

  /**
   * Puts back the target as the client sent it, where {@link RequestLine} escaped a {@code %} for
   * the parser: the raw URI, path and query string. (The query parameters, parsed from the escaped
   * form, decode to the same text.)
   */
  private static void restoreTarget(HttpServerExchange exchange, String target) {
    int question = target.indexOf('?');
    String beforeQuery = question < 0 ? target : target.substring(0, question);
    exchange.setQueryString(question < 0 ? "" : target.substring(question + 1));
    int scheme = beforeQuery.indexOf("://");
    if (beforeQuery.startsWith("/") || scheme < 0) {
      exchange.setRequestURI(beforeQuery);
      exchange.setRequestPath(beforeQuery);
    } else {
      int slash = beforeQuery.indexOf('/', scheme + 3);
      exchange.setRequestURI(beforeQuery, true);
      exchange.setRequestPath(slash < 0 ? "/" : beforeQuery.substring(slash));
    }
    exchange.setRelativePath(exchange.getRequestPath());
  }

  private static boolean asksForH2c(HeaderValues upgrade) {
    if (upgrade == null) {
      return false;
    }
    for (String value : upgrade) {
      for (String token : value.split(",")) {
        if (token.trim().equalsIgnoreCase("h2c")) {
          return true;
        }
      }
    }
    return false;
  }

  /** RFC 9113's token68 of a SETTINGS payload: one header, base64url, whole six-byte settings. */
  private static boolean validSettings(HeaderValues settings) {
    if (settings == null) {
      return true; // no settings: Undertow doesn't upgrade, the request is served as HTTP/1.1
    }
    if (settings.size() != 1) {
      return false;
    }
    try {
      return Base64.getUrlDecoder().decode(settings.getFirst().trim()).length % SETTING_BYTES == 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A request's {@code Transfer-Encoding}, read once: a chunked body, none, or a refusal. The
   * body's length is known only when {@code chunked} is the last coding (RFC 9112, 6.3: else 400
   * and close), and the emulator decodes no other (RFC 9112, 6.1: 501).
   *
   * @param refusal the status to refuse with; 0 when the request may go on
   */
  private record Coding(boolean chunked, int refusal, String why) {
    static final Coding NONE = new Coding(false, 0, null);
    static final Coding CHUNKED = new Coding(true, 0, null);

    static Coding of(HeaderValues header) {
      if (header == null) {
        return NONE;
      }
      List<String> codings = new ArrayList<>(2);
      for (String value : header) {
        for (String coding : value.split(",")) {
          String trimmed = coding.trim().toLowerCase(Locale.ROOT);
          if (!trimmed.isEmpty()) {
            codings.add(trimmed);
          }
        }
      }
      if (codings.equals(List.of("identity"))) {
        return NONE; // the obsolete no-coding: the length is Content-Length's
      }
      if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
        return new Coding(
            false, 400, "modal-http: the request's Transfer-Encoding doesn't end in chunked");
      }
      for (String coding : codings.subList(0, codings.size() - 1)) {
        if (!coding.equals("chunked")) {
          return new Coding(
              false, 501, "modal-http: the transfer coding " + coding + " is not supported");
        }
      }
      return CHUNKED;
    }
  }

  private static void refuse(HttpServerExchange exchange, int status, String message) {
    exchange.setPersistent(false);
    PlainText.send(exchange, status, message);
  }
}
