package io.github.modalemulator.examples.asgi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in and out of an Undertow exchange, as FastAPI does it for the seed's apps. */
final class JsonExchange {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonExchange() {}

  static void send(HttpServerExchange exchange, int status, Object body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(json);
  }

  /** FastAPI's answer for a path no route matches. */
  static void notFound(HttpServerExchange exchange) {
    send(exchange, 404, Map.of("detail", "Not Found"));
  }
}
