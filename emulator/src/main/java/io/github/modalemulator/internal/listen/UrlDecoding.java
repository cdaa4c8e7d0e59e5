package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.UrlText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.URLUtils;
import io.undertow.util.UrlDecodeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Decodes the request's path and query parameters, which the listeners leave encoded. Undertow's
 * parser would decode them itself, but it refuses a {@code %} that starts no escape ({@code
 * ?s=100%}) with an empty 400 before any handler runs; the cloud's Starlette passes such a {@code
 * %} on as text. Valid escapes decode exactly as Undertow decodes them (UTF-8, {@code +} a space,
 * {@code %2F} kept in a path); the rest as Python's {@code unquote} does. The raw query string and
 * request URI stay as they came.
 */
final class UrlDecoding implements HttpHandler {
  private final HttpHandler next;

  UrlDecoding(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    if (UrlText.encoded(path, true)) {
      String decoded = decode(path, false);
      exchange.setRequestPath(decoded);
      exchange.setRelativePath(decoded);
    }
    if (UrlText.encoded(exchange.getQueryString(), true)) {
      decodeQueryParameters(exchange);
    }
    Hop.to(next, exchange);
  }

  private static void decodeQueryParameters(HttpServerExchange exchange) {
    Map<String, Deque<String>> raw = exchange.getQueryParameters();
    List<Map.Entry<String, Deque<String>>> entries = new ArrayList<>(raw.entrySet());
    raw.clear();
    for (Map.Entry<String, Deque<String>> entry : entries) {
      String name = decode(entry.getKey(), true);
      for (String value : entry.getValue()) {
        exchange.addQueryParam(name, decode(value, true));
      }
    }
  }

  private static String decode(String text, boolean decodeSlash) {
    if (!UrlText.encoded(text, true)) {
      return text;
    }
    try {
      return URLUtils.decode(text, StandardCharsets.UTF_8.name(), decodeSlash, new StringBuilder());
    } catch (UrlDecodeException e) {
      return UrlText.decode(text, true, !decodeSlash);
    }
  }
}
