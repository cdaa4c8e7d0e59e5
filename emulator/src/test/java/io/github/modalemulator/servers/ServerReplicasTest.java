package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Enter;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Exit;
import io.github.modalemulator.Server;
import io.github.modalemulator.emulator.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
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
      HttpClient client = emulator.httpClientBuilder().build();
      String url = emulator.webUrl("Slow");
      assertThat(url).isEqualTo("http://local--replicas-slow.us-east.localhost:" + emulator.port());
      HttpResponse<String> first = firstAnswer(client, url);
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

  @App("replica-stop")
  static class Stopping {
    /** How many held requests reached the replica (a property: the app has its own loader). */
    static final String ANSWERING = "replica-stop.answering";

    static final java.util.concurrent.atomic.AtomicInteger HELD =
        new java.util.concurrent.atomic.AtomicInteger();

    @Server(port = 29651, unauthenticated = true)
    static class Held {
      private com.sun.net.httpserver.HttpServer server;
      private final java.util.concurrent.CountDownLatch stopped =
          new java.util.concurrent.CountDownLatch(1);

      @Enter
      void start() throws IOException {
        server =
            com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(ExecutionContext.bindAddress(), ExecutionContext.port()), 0);
        server.createContext(
            "/",
            exchange -> {
              if (!exchange.getRequestURI().getPath().equals("/held")) {
                exchange.sendResponseHeaders(200, 2);
                try (OutputStream out = exchange.getResponseBody()) {
                  out.write("ok".getBytes(StandardCharsets.UTF_8));
                }
                return;
              }
              System.setProperty(ANSWERING, String.valueOf(HELD.incrementAndGet()));
              try {
                stopped.await(); // an answer still on its way when the emulator stops
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              exchange.close();
            });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
      }

      @Exit
      void stop() {
        server.stop(0); // closes the edge's connection to it, which still waits for the answer
        stopped.countDown();
      }
    }
  }

  /**
   * The edge's connections to a replica take their buffers from the listeners' pool; a replica
   * closing one after the listeners stopped (its server stops in its exit hook, with an answer
   * still on its way past the stop timeout) must not find that pool closed: Undertow would log
   * UT000131 "Buffer pool is closed" at ERROR.
   */
  @Test
  void aReplicaClosingItsConnectionsAtTheStopFindsTheBuffersStillThere() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple's target
    try {
      try (Emulator emulator =
          Emulator.builder().apps(Stopping.class).stopTimeout(Duration.ofMillis(300)).start()) {
        HttpClient client = emulator.httpClientBuilder().build();
        String url = emulator.webUrl("Held");
        assertThat(firstAnswer(client, url).body()).isEqualTo("ok");
        for (int held = 0; held < 4; held++) { // each its own connection, each a chance to fail
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(url + "/held")).build(),
              HttpResponse.BodyHandlers.discarding());
        }
        for (int i = 0; i < 200 && !"4".equals(System.getProperty(Stopping.ANSWERING)); i++) {
          Thread.sleep(50);
        }
        assertThat(System.getProperty(Stopping.ANSWERING))
            .as(log.toString(StandardCharsets.UTF_8))
            .isEqualTo("4");
      }
    } finally {
      System.setErr(err);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    // The answer cut short is Undertow's proxy's to report (UT005028, the request failed); the
    // buffers its connection reads with must still be there.
    assertThat(logged)
        .containsPattern("container ct-\\d+ of Held stopped")
        .doesNotContain("UT000131")
        .doesNotContain("XNIO001007");
  }

  /** The first answer that isn't the 503 of a server scaled to zero (the request starts one). */
  private static HttpResponse<String> firstAnswer(HttpClient client, String url) throws Exception {
    HttpResponse<String> answer = send(client, url, "a");
    for (int i = 0; i < 200 && answer.statusCode() == 503; i++) {
      Thread.sleep(50);
      answer = send(client, url, "a");
    }
    return answer;
  }

  private static HttpResponse<String> send(HttpClient client, String url, String session)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url + "/")).header("Modal-Session-Id", session).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
