package io.github.modalemulator.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * How the emulator's handlers pass a request on: through this one call site, which sees every
 * handler of the chain and so is megamorphic to the JIT. Called as {@code next.handleRequest(ex)}
 * in each handler, every site sees one receiver: C2 inlined the rest of the chain into each handler
 * it compiled, so the same code was compiled again in every handler above it, and on one core those
 * compiles took the CPU from the first seconds of requests. Through here each handler is compiled
 * once, on its own; a warm request pays an interface call per hop.
 */
public final class Hop {
  private Hop() {}

  /** {@code next.handleRequest(exchange)}, from the one call site. */
  public static void to(HttpHandler next, HttpServerExchange exchange) throws Exception {
    next.handleRequest(exchange);
  }
}
