package io.github.modalemulator.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Enter;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each container has its own copy of the app's classes, as each container of the cloud is a process
 * of its own; {@link Isolation#GENERATION} shares them, as the opt-out says. Through the real
 * server on a loopback port.
 */
class ContainerIsolationTest {
  @App("isolation")
  static class CounterApp {
    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Counts its calls in a static; slow enough that four calls at once need four containers. */
    @Function
    @FastapiEndpoint
    static int count() throws InterruptedException {
      int calls = CALLS.incrementAndGet();
      Thread.sleep(400);
      return calls;
    }

    /** What the app's code sees of the emulator and of its own libraries. */
    @Function
    @FastapiEndpoint
    static Map<String, String> sees() {
      return Map.of(
          "internal", visible("io.github.modalemulator.internal.runtime.UserCode"),
          "api", visible("io.github.modalemulator.Response"),
          "slf4jLoader", String.valueOf(org.slf4j.LoggerFactory.class.getClassLoader().getName()),
          "contextLoader",
              String.valueOf(Thread.currentThread().getContextClassLoader().getName()));
    }

    /** A parametrised class: each parameter set's containers have their own copy of it too. */
    @Cls
    static class Greeter {
      private static final AtomicInteger INSTANCES = new AtomicInteger();

      @Parameter(defaultValue = "hello")
      String greeting;

      private String entered;

      @Enter
      void enter() {
        entered = greeting + " #" + INSTANCES.incrementAndGet();
      }

      @FastapiEndpoint
      String greet() {
        return entered;
      }
    }

    /**
     * An in-JVM server started by a {@code @WebServer} function: it runs, and answers, with the
     * container's own copy of the class, its context class loader the container's.
     */
    @Function
    @WebServer(29561)
    static AutoCloseable inJvmServer() throws IOException {
      String loaders =
          CounterApp.class.getClassLoader().getName()
              + " / "
              + Thread.currentThread().getContextClassLoader().getName();
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 29561), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body = loaders.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return () -> server.stop(0);
    }

    private static String visible(String name) {
      try {
        Class.forName(name, false, CounterApp.class.getClassLoader());
        return "visible";
      } catch (ClassNotFoundException e) {
        return "hidden";
      }
    }
  }

  @Test
  void fourConcurrentCallsStartFourContainersThatEachCountFromOne() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(CounterApp.class).port(0).start()) {
      assertThat(fourCallsAtOnce(emulator)).containsExactly("1", "1", "1", "1");
      assertThat(emulator.containers("count").containersStarted()).isEqualTo(4);
    }
  }

  @Test
  void generationIsolationSharesTheStaticsOfOneLoader() throws Exception {
    try (Emulator emulator =
        Emulator.builder().apps(CounterApp.class).port(0).isolation(Isolation.GENERATION).start()) {
      assertThat(fourCallsAtOnce(emulator)).containsExactlyInAnyOrder("1", "2", "3", "4");
      assertThat(emulator.containers("count").containersStarted()).isEqualTo(4);
    }
  }

  @Test
  void userCodeSeesThePublicApiAndItsOwnLibrariesNotTheEmulatorsInternals() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(CounterApp.class).port(0).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      String body =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("sees"))).build(),
                  BodyHandlers.ofString())
              .body();
      assertThat(body)
          .contains("\"internal\":\"hidden\"")
          .contains("\"api\":\"visible\"")
          .matches(".*\"slf4jLoader\":\"container ct-\\d+\".*")
          .matches(".*\"contextLoader\":\"container ct-\\d+\".*");
    }
  }

  @Test
  void eachParameterSetsContainerEntersItsOwnCopyOfTheClass() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(CounterApp.class).port(0).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      String url = emulator.webUrl("Greeter.greet");
      List<String> answers = new ArrayList<>();
      for (String query : List.of("", "?greeting=hi", "?greeting=hey")) {
        answers.add(
            client
                .send(
                    HttpRequest.newBuilder(URI.create(url + query)).build(),
                    BodyHandlers.ofString())
                .body());
      }
      assertThat(answers).containsExactly("\"hello #1\"", "\"hi #1\"", "\"hey #1\"");
    }
  }

  @Test
  void anInJvmWebServerRunsTheContainersOwnClasses() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(CounterApp.class).port(0).start()) {
      String body =
          emulator
              .httpClientBuilder()
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("inJvmServer"))).build(),
                  BodyHandlers.ofString())
              .body();
      assertThat(body).matches("container ct-(\\d+) / container ct-\\1");
    }
  }

  private List<String> fourCallsAtOnce(Emulator emulator) {
    HttpClient client = emulator.httpClientBuilder().build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.webUrl("count"))).build();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          client
              .sendAsync(request, BodyHandlers.ofString())
              .thenApply(response -> response.statusCode() + " " + response.body()));
    }
    List<String> counts = new ArrayList<>();
    for (CompletableFuture<String> call : calls) {
      String answer = call.orTimeout(20, TimeUnit.SECONDS).join();
      assertThat(answer).startsWith("200 ");
      counts.add(answer.substring(4));
    }
    return counts;
  }
}
