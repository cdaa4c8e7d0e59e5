package io.github.modalemulator.examples.server;

import com.sun.net.httpserver.HttpExchange;
import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Exit;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The cloud's two server decorators in Java: {@code @app.server} ({@link Api}: proxy auth on by
 * default, scaled to zero, so its first request meets a {@code 503} while a replica starts) and
 * {@code @modal.experimental.http_server} on a class ({@link Sticky}: two replicas, a client's
 * requests kept on one by its {@code Modal-Session-Id}). Each replica runs the JDK's own HTTP server
 * on {@link ExecutionContext#port()} and answers with an id of its own.
 *
 * <pre>{@code
 * @app.server(port=8000, routing_region="us-east")
 * class Api:
 *     @modal.enter()
 *     def start(self): ...
 *
 * @app.cls(min_containers=2)
 * @modal.experimental.http_server(port=8001, proxy_regions=["us-west"])
 * @modal.concurrent(max_inputs=100)
 * class Sticky:
 *     @modal.enter()
 *     def start(self): ...
 * }</pre>
 */
@App("example-server")
public class ServerApp {
  /** {@code @app.server(port=8000)}: requests need a proxy auth token. */
  @Server(port = 8000, scaledownWindow = 2)
  public static class Api {
    private com.sun.net.httpserver.HttpServer server;

    @Enter
    public void start() throws IOException {
      server = replica("api");
    }

    @Exit
    public void stop() {
      server.stop(0);
    }
  }

  /** {@code @modal.experimental.http_server(port=8001, proxy_regions=["us-west"])}. */
  @Cls(minContainers = 2)
  @HttpServer(port = 8001, proxyRegions = "us-west")
  @Concurrent(maxInputs = 100)
  public static class Sticky {
    private com.sun.net.httpserver.HttpServer server;

    @Enter
    public void start() throws IOException {
      server = replica("sticky");
    }

    @Exit
    public void stop() {
      server.stop(0);
    }
  }

  /** A server on this replica's port that answers {@code {"server":..,"replica":..,"path":..}}. */
  static com.sun.net.httpserver.HttpServer replica(String name) throws IOException {
    String replica = UUID.randomUUID().toString();
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new InetSocketAddress(ExecutionContext.bindAddress(), ExecutionContext.port()), 0);
    server.createContext(
        "/",
        exchange ->
            answer(
                exchange,
                "{\"server\":\""
                    + name
                    + "\",\"replica\":\""
                    + replica
                    + "\",\"path\":\""
                    + exchange.getRequestURI().getPath().replace("\"", "")
                    + "\"}"));
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
