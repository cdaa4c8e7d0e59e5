package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@code @WebServer} that accepts connections only on loopback would never start in the cloud:
 * warned once per function, or failed under {@code strictWebServerBind}; code that asked {@link
 * ExecutionContext#bindAddress()} binds every interface there, so it is left alone. Fixed ports
 * from 29720 up, each its own.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class WebServerBindTest {
  private static final String WARNING =
      "@WebServer [Servers.loopback()]: the server on port 29720 accepts connections only on"
          + " loopback (127.0.0.1); in the cloud the edge connects from outside the container and"
          + " the port would never start accepting connections. Make sure the web server is bound"
          + " to 0.0.0.0 (rather than localhost or 127.0.0.1): bind"
          + " ExecutionContext.bindAddress(), which is 127.0.0.1 here and 0.0.0.0 in the cloud";

  @App("bind")
  static class Servers {
    static final AtomicReference<HttpServer> LOOPBACK = new AtomicReference<>();

    @Function
    @WebServer(29720)
    static AutoCloseable loopback() throws IOException {
      return serve(InetAddress.getLoopbackAddress(), 29720, LOOPBACK);
    }

    @Function
    @WebServer(29721)
    static AutoCloseable asked() throws IOException {
      return serve(InetAddress.getByName(ExecutionContext.bindAddress()), 29721, null);
    }
  }

  static AutoCloseable serve(InetAddress address, int port, AtomicReference<HttpServer> handle)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "served".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    if (handle != null) {
      handle.set(server);
    }
    return () -> server.stop(0);
  }

  @Test
  void aLoopbackOnlyServerIsServedAndWarnedOnceWithTheCloudsAdvice() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Servers.class).start()) {
      assertThat(get(emulator, "loopback").body()).isEqualTo("served");
      Servers.LOOPBACK.get().stop(0); // the server crashes: the next requests start a container
      get(emulator, "loopback");
      Response again = get(emulator, "loopback");
      assertThat(again.body()).isEqualTo("served");
      assertThat(emulator.logs("loopback").stream().filter(WARNING::equals)).hasSize(1);
    }
  }

  @Test
  void strictFailsTheContainerAsTheCloudWouldAndFreesThePort() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .strictWebServerBind(true)
            .start()) {
      Response response = get(emulator, "loopback");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo("modal-http: internal error: function container failed to start");
      assertThat(emulator.logs("loopback"))
          .contains(
              "java.lang.IllegalStateException: "
                  + WARNING
                  + " (the container fails, as strictWebServerBind asks)");
      assertThat(accepting(29720)).as("port 29720 accepts after the failed start").isFalse();
    }
  }

  @Test
  void aServerBoundWhereTheContextSaidIsNeitherWarnedNorFailed() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .strictWebServerBind(true)
            .start()) {
      Response response = get(emulator, "asked");
      assertThat(response.body()).isEqualTo("served");
      assertThat(emulator.logs("asked")).noneMatch(line -> line.contains("only on loopback"));
    }
  }

  /** A GET on a connection of its own, closed after the answer. */
  private static Response get(Emulator emulator, String function) throws Exception {
    String host = URI.create(emulator.webUrl(function)).getHost();
    return RawHttp.get(emulator.port(), host, "/");
  }

  private static boolean accepting(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
