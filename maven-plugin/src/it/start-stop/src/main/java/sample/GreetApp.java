package sample;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.Enter;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Exit;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

@App("greet")
public class GreetApp {
  @Function
  @FastapiEndpoint(method = "GET")
  public static Map<String, String> hello() {
    return Map.of("message", "Hello from the sample");
  }

  @Function
  @FastapiEndpoint(method = "GET", requiresProxyAuth = true)
  public static Map<String, String> secret() {
    return Map.of("message", "Authenticated");
  }

  /** A server of the project's own ({@code @app.server}): a token is needed, as by default. */
  @Server(port = 29760)
  public static class Echo {
    private HttpServer server;

    @Enter
    public void start() throws IOException {
      server =
          HttpServer.create(
              new InetSocketAddress(ExecutionContext.bindAddress(), ExecutionContext.port()), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body =
                ("echo " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
    }

    @Exit
    public void stop() {
      server.stop(0);
    }
  }
}
