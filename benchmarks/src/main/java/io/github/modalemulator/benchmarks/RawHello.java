package io.github.modalemulator.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The start-up baseline: raw Undertow writing the hello map with Jackson from a worker, in a JVM
 * whose class path holds only Undertow and Jackson. Prints {@code PORT n} once it listens.
 */
public final class RawHello {
  private RawHello() {}

  public static void main(String[] args) {
    ObjectMapper json = new ObjectMapper();
    HttpHandler hello =
        new HttpHandler() {
          @Override
          public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
              exchange.dispatch(this);
              return;
            }
            byte[] body = json.writeValueAsBytes(Map.of("message", "Hello, world!"));
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
          }
        };
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(hello).build();
    server.start();
    System.out.println(
        "PORT " + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
  }
}
