package io.github.modalemulator.internal.http;

import io.undertow.io.IoCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/** The gateway's own short text answers ({@code modal-http: ...}). */
public final class PlainText {
  public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

  /** Starlette's body for an unhandled exception, and the emulator's for a failed app. */
  public static final String INTERNAL_SERVER_ERROR = "Internal Server Error";

  private PlainText() {}

  public static void send(HttpServerExchange exchange, int status, String body) {
    send(exchange, status, body, IoCallback.END_EXCHANGE);
  }

  /** Sends the answer, then calls {@code then} once it is written. */
  public static void send(HttpServerExchange exchange, int status, String body, IoCallback then) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8, then);
  }
}
