package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.modalemulator.Request;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request's binding state: its body (read once), dependency results, errors, closeables. */
final class RequestScope {
  final HttpServerExchange exchange;
  final List<ValidationError> errors = new ArrayList<>();
  final Map<Executable, Object> dependencies = new HashMap<>();
  final List<AutoCloseable> closeables = new ArrayList<>();
  private final ObjectMapper json;
  private byte[] body;
  private JsonNode bodyNode;
  private boolean bodyParsed;
  private Request request;

  RequestScope(HttpServerExchange exchange, ObjectMapper json) {
    this.exchange = exchange;
    this.json = json;
  }

  byte[] body() {
    if (body == null) {
      if (!exchange.isBlocking()) {
        exchange.startBlocking();
      }
      try {
        body = exchange.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return body;
  }

  /**
   * The body as FastAPI sees it: null when empty, a JSON tree when the content type is JSON (or
   * missing), else the raw text. A body that isn't valid JSON records FastAPI's {@code
   * json_invalid} error once, and reads as null.
   */
  JsonNode bodyNode() {
    if (bodyParsed) {
      return bodyNode;
    }
    bodyParsed = true;
    byte[] bytes = body();
    if (bytes.length == 0) {
      return null;
    }
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (contentType != null && !isJson(contentType)) {
      bodyNode = TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
      return bodyNode;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      // From text, so error offsets count characters, as Python's do.
      bodyNode = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
    } catch (JsonProcessingException e) {
      errors.add(JsonDecodeErrors.of(e, text));
    }
    return bodyNode;
  }

  /** {@code application/json} and {@code application/*+json}, as FastAPI decides. */
  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  Request request() {
    if (request == null) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HeaderValues values : exchange.getRequestHeaders()) {
        headers.put(
            values.getHeaderName().toString().toLowerCase(Locale.ROOT), List.copyOf(values));
      }
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (Map.Entry<String, Deque<String>> entry : exchange.getQueryParameters().entrySet()) {
        query.put(entry.getKey(), List.copyOf(entry.getValue()));
      }
      String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
      String url =
          exchange.getRequestScheme()
              + "://"
              + (host == null ? exchange.getHostAndPort() : host)
              + exchange.getRequestURI()
              + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
      request =
          new Request(
              exchange.getRequestMethod().toString(),
              url,
              exchange.getRequestPath(),
              exchange.getQueryString(),
              headers,
              query,
              body(),
              exchange.getSourceAddress());
    }
    return request;
  }

  /** Python's json module names its errors differently from Jackson; FastAPI echoes Python's. */
  static final class JsonDecodeErrors {
    private JsonDecodeErrors() {}

    static ValidationError of(JsonProcessingException e, String text) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      String message = e.getOriginalMessage();
      String python;
      if (message.contains("was expecting double-quote to start field name")) {
        python = "Expecting property name enclosed in double quotes";
      } else if (message.contains("was expecting comma")) {
        python = "Expecting ',' delimiter";
      } else if (message.startsWith("Trailing token")) {
        python = "Extra data";
      } else if (message.contains("was expecting a colon")) {
        python = "Expecting ':' delimiter";
      } else if (e instanceof JsonParseException && message.startsWith("Unexpected end-of-input")) {
        python = "Expecting value";
        offset = text.length();
      } else {
        python = "Expecting value";
      }
      return new ValidationError(
          "json_invalid",
          List.of("body", Math.max(0, offset)),
          "JSON decode error",
          Map.of(),
          Map.of("error", python));
    }
  }
}
