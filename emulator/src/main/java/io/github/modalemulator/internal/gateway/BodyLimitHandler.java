package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The cloud edge's request body limit: a declared length over it gets a 413 before anything of the
 * function runs; a chunked body is counted as it is read ({@link BodyLimit}).
 */
final class BodyLimitHandler implements HttpHandler {
  private final long limit;
  private final BodyLimit counter;
  private final HttpHandler next;

  BodyLimitHandler(long limit, HttpHandler next) {
    this.limit = limit;
    this.counter = new BodyLimit(limit);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.getRequestContentLength() > limit) {
      exchange.putAttachment(PlainText.BODY_LIMIT, limit);
      PlainText.sendBodyTooLarge(exchange);
      return;
    }
    counter.apply(exchange);
    next.handleRequest(exchange);
  }
}
