package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Enter;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Exit;
import io.github.modalemulator.Server;
import io.github.modalemulator.emulator.Emulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server's requests go straight to a replica's own server, not as a function's inputs through the
 * client library's wrapper: the gateway's limit (the 303 with a call id) doesn't apply; and each
 * replica listens on the port {@code ExecutionContext.port()} gave it, the first on the declared
 * one.
 */
class ServerReplicasTest {
  @App("replicas")
  static class Replicas {
    @Server(port = 29650, unauthenticated = true, minContainers = 2)
    static class Slow {
      private com.sun.net.httpserver.HttpServer server;

      @Enter
      void start() throws IOException {
        int port = ExecutionContext.port();
        server =
            com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(ExecutionContext.bindAddress(), port), 0);
        server.createContext(
            "/",
            exchange -> {
              try {
                Thread.sleep(1000); // past the (shortened) gateway limit
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              byte[] body = ("port " + port).getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
      }

      @Exit
      void stop() {
        server.stop(0);
      }
    }
  }

  @Test
  void aSlowAnswerGetsNo303AndEachReplicaHasItsPort() throws Exception {
    try (Emulator emulator =
        Emulator.builder().apps(Replicas.class).gatewayTimeout(Duration.ofMillis(300)).start()) {
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", emulator.port())))
              .build();
      String url = emulator.webUrl("Slow");
      assertThat(url).isEqualTo("http://local--replicas-slow.us-east.localhost:" + emulator.port());
      HttpResponse<String> first = send(client, url, "a");
      for (int i = 0; i < 200 && first.statusCode() == 503; i++) {
        Thread.sleep(50);
        first = send(client, url, "a");
      }
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      for (int i = 0; i < 200 && emulator.containers("Slow").live() < 2; i++) {
        Thread.sleep(50);
      }
      java.util.Set<String> ports = new java.util.HashSet<>();
      for (int session = 0; session < 12 && ports.size() < 2; session++) {
        ports.add(send(client, url, "s" + session).body());
      }
      assertThat(ports).hasSize(2).contains("port 29650");
    }
  }

  private static HttpResponse<String> send(HttpClient client, String url, String session)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url + "/")).header("Modal-Session-Id", session).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
