package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.URLUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Undertow's own URL decoding, for the apps that get Undertow's exchange ({@code @AsgiApp},
 * {@code @WsgiApp}). The listener leaves URLs as sent, so that a {@code @FastapiEndpoint} can
 * decode them as uvicorn does ({@code ?s=100%} reaches the function); these apps still see the
 * exchange as Undertow's parser decodes it, and a URL it can't decode gets the empty 400 the parser
 * gave.
 */
final class UrlDecoding implements HttpHandler {
  private final HttpHandler next;

  UrlDecoding(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    try {
      decode(exchange);
    } catch (IllegalArgumentException undecodable) {
      exchange.setStatusCode(400);
      exchange.endExchange();
      return;
    }
    next.handleRequest(exchange);
  }

  private static void decode(HttpServerExchange exchange) {
    StringBuilder buffer = new StringBuilder();
    String charset = StandardCharsets.UTF_8.name();
    exchange.setRequestPath(URLUtils.decode(exchange.getRequestPath(), charset, false, buffer));
    exchange.setRelativePath(URLUtils.decode(exchange.getRelativePath(), charset, false, buffer));
    exchange.setResolvedPath(URLUtils.decode(exchange.getResolvedPath(), charset, false, buffer));
    Map<String, Deque<String>> params = exchange.getQueryParameters();
    if (params.isEmpty()) {
      return;
    }
    Map<String, Deque<String>> decoded = new TreeMap<>();
    for (Map.Entry<String, Deque<String>> param : params.entrySet()) {
      Deque<String> values = new ArrayDeque<>(param.getValue().size());
      for (String value : param.getValue()) {
        values.add(URLUtils.decode(value, charset, true, true, buffer));
      }
      decoded
          .computeIfAbsent(
              URLUtils.decode(param.getKey(), charset, true, true, buffer), k -> new ArrayDeque<>())
          .addAll(values);
    }
    params.clear();
    params.putAll(decoded);
  }
}
