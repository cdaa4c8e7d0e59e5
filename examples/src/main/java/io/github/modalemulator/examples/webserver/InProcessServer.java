package io.github.modalemulator.examples.webserver;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The seed's "non-ASGI frameworks" case (aiohttp, Tornado started inside the function on their own
 * port): here the JDK's own HTTP server, started in-process on 8080. Returning an {@link
 * AutoCloseable} lets the emulator stop the server with the container.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.web_server(8080)
 * def aiohttp_server():
 *     app = web.Application()
 *     web.run_app(app, port=8080)
 * </pre>
 */
@App("example-in-process-server")
public class InProcessServer {

  @Function
  @WebServer(8080)
  public static AutoCloseable aiohttpServer() throws IOException {
    return serve(8080);
  }

  /**
   * The JDK's HTTP server on the bind address of where it runs, answering with what it was asked.
   */
  static AutoCloseable serve(int port) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(ExecutionContext.bindAddress()), port), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("Hello from the JDK's HTTP server: "
                      + exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return () -> server.stop(0);
  }
}
