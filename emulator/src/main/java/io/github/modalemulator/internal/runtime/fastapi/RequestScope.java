package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UnparseableBody();
    }
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (contentType != null && !contentType.isBlank() && !isJson(contentType)) {
      bodyNode = TextNode.valueOf(text);
      return bodyNode;
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // Python decodes a leading BOM away
    }
    bodyNode = JsonDecodeErrors.parse(json, text, errors);
    return bodyNode;
  }

  /** A body that is not valid UTF-8: FastAPI answers 400, not 422. */
  static final class UnparseableBody extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnparseableBody() {
      super("There was an error parsing the body", null, false, false);
    }
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

    /** The first JSON value of {@code text}, or null with FastAPI's json_invalid recorded. */
    static JsonNode parse(ObjectMapper json, String text, List<ValidationError> errors) {
      try (JsonParser parser =
          json.getFactory()
              .rebuild()
              .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python reads NaN, Infinity
              .build()
              .createParser(text)) {
        JsonNode node = json.readTree(parser);
        if (node == null || node.isMissingNode()) {
          errors.add(error(text.length(), "Expecting value"));
          return null;
        }
        int end = (int) parser.currentLocation().getCharOffset();
        while (end < text.length() && isJsonWhitespace(text.charAt(end))) {
          end++;
        }
        if (end < text.length()) {
          errors.add(error(end, "Extra data"));
          return null;
        }
        return node;
      } catch (JsonProcessingException e) {
        errors.add(of(e, text));
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static boolean isJsonWhitespace(char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static ValidationError of(JsonProcessingException e, String text) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      String message = e.getOriginalMessage();
      String python;
      if (message.contains("was expecting double-quote to start field name")) {
        python = "Expecting property name enclosed in double quotes";
      } else if (message.contains("was expecting comma")) {
        python = "Expecting ',' delimiter";
      } else if (message.contains("was expecting a colon")) {
        python = "Expecting ':' delimiter";
      } else if (message.contains("was expecting closing quote for a string value")) {
        python = "Unterminated string starting at";
        offset = unterminatedStringStart(text);
      } else if (message.startsWith("Unrecognized character escape")) {
        python = "Invalid \\escape";
        offset = Math.max(0, offset - 1);
      } else if (message.startsWith("Illegal unquoted character")) {
        python = "Invalid control character at";
        offset = Math.max(0, offset - 1);
      } else if (message.startsWith("Unexpected end-of-input")) {
        python = "Expecting value";
        offset = text.length();
      } else {
        python = "Expecting value";
      }
      return error(Math.max(0, offset), python);
    }

    /** Where the string left open at the end of {@code text} began: its opening quote. */
    private static int unterminatedStringStart(String text) {
      int start = -1;
      boolean inString = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (inString && c == '\\') {
          i++;
        } else if (c == '"') {
          inString = !inString;
          start = inString ? i : start;
        }
      }
      return Math.max(0, start);
    }

    private static ValidationError error(long offset, String python) {
      return new ValidationError(
          "json_invalid",
          List.of("body", offset),
          "JSON decode error",
          Map.of(),
          Map.of("error", python));
    }
  }
}
