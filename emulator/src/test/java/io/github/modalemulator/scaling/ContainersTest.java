package io.github.modalemulator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.Exit;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.ContainerStats;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.RecordedRequest;
import io.undertow.server.HttpHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers as the cloud runs them: per-container instances, concurrency, scaling, queueing.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class ContainersTest {
  /** What the fixtures' lifecycle hooks and inputs did, in order. */
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  /** Inputs of the holding functions wait here until a test releases them (10 s at most). */
  static final Semaphore GATE = new Semaphore(0);

  static String hold(String answer) throws InterruptedException {
    if (!GATE.tryAcquire(10, TimeUnit.SECONDS)) {
      return "gave up waiting";
    }
    return answer;
  }

  @App("scale")
  static class Apps {
    @Function
    @FastapiEndpoint
    static String held() throws InterruptedException {
      return hold("held");
    }

    @Function
    @Concurrent(maxInputs = 4)
    @FastapiEndpoint
    static String fourAtOnce() throws InterruptedException {
      return hold("four");
    }

    @Function(maxContainers = 1)
    @FastapiEndpoint
    static String oneContainer() throws InterruptedException {
      return hold("one");
    }

    @Function(minContainers = 2)
    @FastapiEndpoint
    static String alwaysWarm() {
      return "warm";
    }

    @Function(bufferContainers = 1)
    @FastapiEndpoint
    static String buffered() throws InterruptedException {
      return hold("buffered");
    }

    @Cls
    static class MyAPI {
      private final String self = "instance-" + System.identityHashCode(this);
      private int processed;

      @Enter
      void enter() {
        EVENTS.add("enter " + self);
      }

      @Exit
      void exit() {
        EVENTS.add("exit " + self);
      }

      @FastapiEndpoint(method = "GET")
      Map<String, String> health() {
        EVENTS.add("health " + self);
        return Map.of("status", "healthy");
      }

      @FastapiEndpoint(method = "POST")
      Processed process(Map<String, Object> data) {
        processed++;
        EVENTS.add("process " + self);
        return new Processed(data, processed);
      }
    }

    record Processed(Map<String, Object> processed, int count) {}

    @Cls
    static class Greeter {
      private String greeting;

      @Enter
      void load() {
        greeting = "loaded in @Enter";
      }

      @AsgiApp
      HttpHandler app() {
        // The factory runs after the enter hooks, on the same instance.
        String seen = greeting;
        return exchange -> exchange.getResponseSender().send("factory saw: " + seen);
      }
    }

    @Cls
    static class BrokenEnter {
      @Enter
      void load() {
        throw new IllegalStateException("model file missing");
      }

      @FastapiEndpoint
      String hello() {
        return "hi";
      }
    }
  }

  @App("failing-warm")
  static class FailingWarmApp {
    static final java.util.concurrent.atomic.AtomicInteger ATTEMPTS =
        new java.util.concurrent.atomic.AtomicInteger();

    @Cls(minContainers = 1)
    static class Model {
      @Enter
      void load() {
        ATTEMPTS.incrementAndGet();
        throw new IllegalStateException("weights missing");
      }

      @FastapiEndpoint
      String predict() {
        return "never";
      }
    }
  }

  @Test
  void aWarmContainerThatFailsToStartIsRetriedWithBackoffNotInALoop() throws Exception {
    FailingWarmApp.ATTEMPTS.set(0);
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(FailingWarmApp.class).start()) {
      Thread.sleep(1500); // the autoscaler's rounds run every 100 ms meanwhile
      // The first start, then retries after 1 s, 2 s, ...: two by now, not fifteen.
      assertThat(FailingWarmApp.ATTEMPTS.get()).isBetween(1, 3);
      // An input still gets its own start at once, and the start's failure.
      assertThat(all(sendTo(emulator, emulator.webUrl("Model.predict"))).get(0).statusCode())
          .isEqualTo(500);
    }
  }

  private static List<CompletableFuture<HttpResponse<String>>> sendTo(
      Emulator emulator, String url) {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    answers.add(
        emulator
            .httpClientBuilder()
            .build()
            .sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString()));
    return answers;
  }

  @BeforeEach
  void reset() {
    EVENTS.clear();
    GATE.drainPermits();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 10 s for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static List<CompletableFuture<HttpResponse<String>>> send(
      Emulator emulator, String function, int count) {
    HttpClient client = emulator.httpClientBuilder().build();
    URI url = URI.create(emulator.webUrl("scale", function) + "/");
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(client.sendAsync(HttpRequest.newBuilder(url).build(), BodyHandlers.ofString()));
    }
    return answers;
  }

  private static List<HttpResponse<String>> all(List<CompletableFuture<HttpResponse<String>>> xs) {
    return xs.stream().map(x -> x.orTimeout(20, TimeUnit.SECONDS).join()).toList();
  }

  private static Set<String> containersOf(Emulator emulator, String function) {
    return emulator.requests().stream()
        .filter(r -> function.equals(r.function()))
        .map(RecordedRequest::containerId)
        .collect(Collectors.toSet());
  }

  @Test
  void aClassesWebMethodsGetClassLabelsAndShareItsContainers() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      String health = emulator.webUrl("scale", "MyAPI.health");
      assertThat(health).isEqualTo("http://local--scale-myapi-health.localhost:" + emulator.port());
      assertThat(emulator.webUrl("MyAPI.process"))
          .isEqualTo("http://local--scale-myapi-process.localhost:" + emulator.port());
      assertThat(EVENTS).isEmpty(); // no container before the first request

      HttpClient client = emulator.httpClientBuilder().build();
      assertThat(
              client
                  .send(HttpRequest.newBuilder(URI.create(health)).build(), BodyHandlers.ofString())
                  .body())
          .isEqualTo("{\"status\":\"healthy\"}");
      for (int count = 1; count <= 2; count++) {
        HttpResponse<String> processed =
            client.send(
                HttpRequest.newBuilder(URI.create(emulator.webUrl("MyAPI.process")))
                    .POST(BodyPublishers.ofString("{\"x\":1}"))
                    .header("Content-Type", "application/json")
                    .build(),
                BodyHandlers.ofString());
        // Instance state lives as long as the container: the count goes on.
        assertThat(processed.body()).isEqualTo("{\"processed\":{\"x\":1},\"count\":" + count + "}");
      }
      String instance = EVENTS.get(0).substring("enter ".length());
      assertThat(EVENTS)
          .containsExactly(
              "enter " + instance,
              "health " + instance,
              "process " + instance,
              "process " + instance);
      await("the inputs to end", () -> emulator.containers("MyAPI.health").inputsInFlight() == 0);
      List<RecordedRequest> journal = emulator.requests();
      assertThat(journal)
          .extracting(RecordedRequest::containerId)
          .containsOnly("ct-" + idOf(journal));
      assertThat(journal)
          .extracting(RecordedRequest::coldStart)
          .containsExactly(true, false, false);
      assertThat(emulator.containers("MyAPI.health"))
          .isEqualTo(emulator.containers("MyAPI.process"))
          .isEqualTo(new ContainerStats(1, 0, 0, 0, 1, 1));
    }
    assertThat(EVENTS).last().asString().startsWith("exit instance-");
  }

  private static String idOf(List<RecordedRequest> journal) {
    return journal.get(0).containerId().substring("ct-".length());
  }

  @Test
  void anAppFactoryOfAClassRunsAfterTheEnterHooksOnTheSameInstance() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpResponse<String> answer =
          emulator
              .httpClientBuilder()
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("Greeter.app"))).build(),
                  BodyHandlers.ofString());
      assertThat(answer.body()).isEqualTo("factory saw: loaded in @Enter");
      assertThat(emulator.webUrl("Greeter.app"))
          .isEqualTo("http://local--scale-greeter-app.localhost:" + emulator.port());
    }
  }

  @Test
  void anEnterHookThatThrowsFailsTheContainerStart() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpResponse<String> answer =
          emulator
              .httpClientBuilder()
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("BrokenEnter.hello"))).build(),
                  BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(500);
      assertThat(answer.body())
          .isEqualTo("modal-http: internal error: function container failed to start");
      assertThat(emulator.logs("BrokenEnter.hello").get(0))
          .matches(
              "container ct-\\d+ of BrokenEnter failed to start: @Cls class BrokenEnter \\(its"
                  + " constructor, an @Enter method or a web method\\) threw"
                  + " java.lang.IllegalStateException: model file missing");
      assertThat(emulator.containers("BrokenEnter.hello").live()).isZero();
    }
  }

  @Test
  void exitRunsOnScaleDownAndTheNextRequestEntersAFreshInstance() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      URI health = URI.create(emulator.webUrl("MyAPI.health"));
      client.send(HttpRequest.newBuilder(health).build(), BodyHandlers.discarding());
      // The client may have the answer a moment before the code returns and frees the container:
      // stopping the idle containers waits for that moment.
      emulator.stopIdleContainers();
      assertThat(EVENTS).hasSize(3);
      assertThat(EVENTS.get(2)).isEqualTo("exit " + EVENTS.get(0).substring("enter ".length()));
      assertThat(emulator.containers("MyAPI.health").live()).isZero();
      assertThat(emulator.logs("MyAPI.health"))
          .anyMatch(line -> line.matches("container ct-\\d+ of MyAPI stopped \\(idle, .*\\)"));

      client.send(HttpRequest.newBuilder(health).build(), BodyHandlers.discarding());
      assertThat(EVENTS).hasSize(5);
      assertThat(EVENTS.get(3)).startsWith("enter ").isNotEqualTo(EVENTS.get(0));
    }
  }

  @Test
  void theScaledownWindowStopsIdleContainers() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .scaledownWindow(Duration.ofMillis(200))
            .start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      client.send(
          HttpRequest.newBuilder(URI.create(emulator.webUrl("MyAPI.health"))).build(),
          BodyHandlers.discarding());
      assertThat(emulator.containers("MyAPI.health").live()).isEqualTo(1);
      await("the idle container to stop", () -> emulator.containers("MyAPI.health").live() == 0);
      await("its exit hook", () -> EVENTS.get(EVENTS.size() - 1).startsWith("exit "));
    }
  }

  @Test
  void twoConcurrentRequestsToADefaultFunctionUseTwoContainers() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      var answers = send(emulator, "held", 2);
      await("two inputs in flight", () -> emulator.containers("held").inputsInFlight() == 2);
      assertThat(emulator.containers("held").live()).isEqualTo(2);
      GATE.release(2);
      assertThat(all(answers)).extracting(HttpResponse::body).containsOnly("\"held\"");
      assertThat(containersOf(emulator, "held")).hasSize(2);
      assertThat(emulator.requests()).allMatch(RecordedRequest::coldStart);
    }
  }

  @Test
  void concurrentMaxInputsLetsOneContainerServeFourAtOnce() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      var answers = send(emulator, "fourAtOnce", 4);
      await("four inputs in flight", () -> emulator.containers("fourAtOnce").inputsInFlight() == 4);
      assertThat(emulator.containers("fourAtOnce").live()).isEqualTo(1);
      GATE.release(4);
      assertThat(all(answers)).extracting(HttpResponse::body).containsOnly("\"four\"");
      assertThat(containersOf(emulator, "fourAtOnce")).hasSize(1);
    }
  }

  @Test
  void maxContainersQueuesTheRestInOrder() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      var answers = send(emulator, "oneContainer", 3);
      await(
          "one input in flight and two queued",
          () ->
              emulator.containers("oneContainer").inputsInFlight() == 1
                  && emulator.containers("oneContainer").queuedInputs() == 2);
      assertThat(emulator.containers("oneContainer").live()).isEqualTo(1);
      GATE.release(3);
      assertThat(all(answers)).extracting(HttpResponse::body).containsOnly("\"one\"");
      assertThat(containersOf(emulator, "oneContainer")).hasSize(1);
      await(
          "the inputs to finish", () -> emulator.containers("oneContainer").inputsInFlight() == 0);
      ContainerStats stats = emulator.containers("oneContainer");
      assertThat(stats.live()).isEqualTo(1);
      assertThat(stats.containersStarted()).isEqualTo(1);
      assertThat(stats.queuedInputs()).isZero();
    }
  }

  @Test
  void aFullQueueRefusesWithTheClouds429() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .pendingInputLimit(2)
            .start()) {
      var served = send(emulator, "oneContainer", 1);
      await("one input in flight", () -> emulator.containers("oneContainer").inputsInFlight() == 1);
      served.addAll(send(emulator, "oneContainer", 2));
      await("two queued inputs", () -> emulator.containers("oneContainer").queuedInputs() == 2);
      HttpResponse<String> refused = all(send(emulator, "oneContainer", 1)).get(0);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValue("text/plain; charset=utf-8");
      assertThat(refused.body())
          .startsWith("modal-http: Function oneContainer reached pending input queue limit (2)");
      GATE.release(3);
      assertThat(all(served)).extracting(HttpResponse::statusCode).containsOnly(200);
    }
  }

  @Test
  void minContainersAreWarmBeforeAnyRequest() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      await("two warm containers", () -> emulator.containers("alwaysWarm").live() == 2);
      assertThat(all(send(emulator, "alwaysWarm", 1)).get(0).body()).isEqualTo("\"warm\"");
      assertThat(emulator.requests()).singleElement().matches(r -> !r.coldStart());
      await("the input to end", () -> emulator.containers("alwaysWarm").inputsInFlight() == 0);
      emulator.stopIdleContainers();
      assertThat(emulator.containers("alwaysWarm").live()).isEqualTo(2); // min is kept
    }
  }

  @Test
  void aBufferContainerWaitsOnTopOfDemand() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      await("one buffer container", () -> emulator.containers("buffered").live() == 1);
      var answer = send(emulator, "buffered", 1);
      await("a second container", () -> emulator.containers("buffered").live() == 2);
      assertThat(emulator.containers("buffered").inputsInFlight()).isEqualTo(1);
      GATE.release(1);
      assertThat(all(answer).get(0).body()).isEqualTo("\"buffered\"");
      assertThat(emulator.requests()).singleElement().matches(r -> !r.coldStart());
    }
  }

  /** Several threads' worth of containers, at once, all entered before serving. */
  @Test
  void eachContainerEntersItsOwnInstanceBeforeServing() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      URI health = URI.create(emulator.webUrl("MyAPI.health"));
      List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(
            client.sendAsync(HttpRequest.newBuilder(health).build(), BodyHandlers.discarding()));
      }
      answers.forEach(
          a -> assertThat(a.orTimeout(20, TimeUnit.SECONDS).join().statusCode()).isEqualTo(200));
      Map<String, Integer> firstEvent = new ConcurrentHashMap<>();
      for (int i = 0; i < EVENTS.size(); i++) {
        String instance = EVENTS.get(i).substring(EVENTS.get(i).indexOf(' ') + 1);
        firstEvent.putIfAbsent(instance, i);
        if (EVENTS.get(i).startsWith("health ")) {
          assertThat(EVENTS.get(firstEvent.get(instance))).startsWith("enter ");
        }
      }
      await("every start to end", () -> emulator.containers("MyAPI.health").starting() == 0);
      long containers = emulator.containers("MyAPI.health").containersStarted();
      assertThat(EVENTS.stream().filter(e -> e.startsWith("enter "))).hasSize((int) containers);
    }
  }
}
