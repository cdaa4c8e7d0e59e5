package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.Hop;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The cloud edge's request body limit, set on the exchange ({@link BodyLimit}): a declared length
 * over it gets a 413 before anything of the function runs; a body of unknown length is counted as
 * it is read.
 */
final class BodyLimitHandler implements HttpHandler {
  private final long bytes;
  private final HttpHandler next;

  BodyLimitHandler(long bytes, HttpHandler next) {
    this.bytes = bytes;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    BodyLimit limit = BodyLimit.on(exchange, bytes);
    if (!limit.allows(exchange.getRequestContentLength())) {
      BodyLimit.answer(exchange);
      return;
    }
    limit.countWhileRead();
    Hop.to(next, exchange);
  }
}
