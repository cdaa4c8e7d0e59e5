package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code @Concurrent} on a web server bounds the inputs its container takes at once, as for every
 * other kind: the rest wait in the pool's queue. The server itself says how many requests it had in
 * hand when each arrived, so the test reads it over HTTP.
 */
class WebServerConcurrencyTest {
  /** Answers each request after 400 ms with the number of requests it had in hand on arrival. */
  static AutoCloseable countingServer(int port) throws IOException {
    AtomicInteger inHand = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          int onArrival = inHand.incrementAndGet();
          try {
            Thread.sleep(400);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inHand.decrementAndGet();
          byte[] body = ("in hand: " + onArrival).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return () -> server.stop(0);
  }

  @App("ws-concurrency")
  static class Servers {
    @Function
    @Concurrent(maxInputs = 1)
    @WebServer(29111)
    static AutoCloseable oneAtATime() throws IOException {
      return countingServer(29111);
    }

    @Function
    @WebServer(29112)
    static AutoCloseable unbounded() throws IOException {
      return countingServer(29112);
    }
  }

  private static List<String> twoAtOnce(Emulator emulator, String function) {
    HttpClient client = emulator.httpClientBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(emulator.webUrl(function) + "/"))
            .timeout(Duration.ofSeconds(20))
            .build();
    CompletableFuture<HttpResponse<String>> first =
        client.sendAsync(request, BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> second =
        client.sendAsync(request, BodyHandlers.ofString());
    return List.of(first.join(), second.join()).stream()
        .map(r -> r.statusCode() + " " + r.body())
        .sorted()
        .toList();
  }

  @Test
  void inputsPastMaxInputsWaitForTheOneInHandToEnd() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Servers.class).start()) {
      twoAtOnce(emulator, "oneAtATime"); // the container starts: its server is then warm
      assertThat(twoAtOnce(emulator, "oneAtATime"))
          .containsExactly("200 in hand: 1", "200 in hand: 1");
      assertThat(emulator.containers("oneAtATime").containersStarted()).isEqualTo(1);
    }
  }

  @Test
  void withoutConcurrentTheServerTakesEveryInputAndQueuesItself() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Servers.class).start()) {
      twoAtOnce(emulator, "unbounded");
      assertThat(twoAtOnce(emulator, "unbounded"))
          .containsExactly("200 in hand: 1", "200 in hand: 2");
    }
  }
}
