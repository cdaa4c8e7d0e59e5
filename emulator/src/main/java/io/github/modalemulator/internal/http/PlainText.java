package io.github.modalemulator.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/** The gateway's own short text answers ({@code modal-http: ...}). */
public final class PlainText {
  public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

  /** Starlette's body for an unhandled exception, and the emulator's for a failed app. */
  public static final String INTERNAL_SERVER_ERROR = "Internal Server Error";

  /** Set on an exchange whose body went past the limit while being read. */
  public static final AttachmentKey<Boolean> BODY_EXCEEDED = AttachmentKey.create(Boolean.class);

  /** Set on an exchange whose body broke its framing while being read: why, for the 400. */
  public static final AttachmentKey<String> BODY_MALFORMED = AttachmentKey.create(String.class);

  /** The request body limit in force for an exchange, in bytes. */
  public static final AttachmentKey<Long> BODY_LIMIT = AttachmentKey.create(Long.class);

  private PlainText() {}

  /** 413 for a body over the exchange's limit; the connection closes rather than drain it. */
  public static void sendBodyTooLarge(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    send(exchange, 413, bodyTooLarge(exchange.getAttachment(BODY_LIMIT)));
  }

  /** The cloud's text for a body over a limit of {@code limit} bytes. */
  public static String bodyTooLarge(long limit) {
    return "modal-http: request body is larger than the limit of " + limit + " bytes";
  }

  public static void send(HttpServerExchange exchange, int status, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }
}
