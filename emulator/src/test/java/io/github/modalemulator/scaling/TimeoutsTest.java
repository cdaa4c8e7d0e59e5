package io.github.modalemulator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.RecordedRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The function's timeout (500, input abandoned) and the gateway's limit (303 to a result URL).
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class TimeoutsTest {
  static final AtomicBoolean STUBBORN_MAY_END = new AtomicBoolean();
  static final AtomicInteger LONG_JOB_RUNS = new AtomicInteger();

  @App("timeouts")
  static class Apps {
    @Function(timeout = 1, maxContainers = 1)
    @FastapiEndpoint
    static String slow(boolean sleep) throws InterruptedException {
      if (sleep) {
        Thread.sleep(10_000); // interrupted when the timeout abandons the input
      }
      return "quick";
    }

    @Function(timeout = 1)
    @FastapiEndpoint
    static String stubborn() {
      long end = System.nanoTime() + 10_000_000_000L;
      while (!STUBBORN_MAY_END.get() && System.nanoTime() < end) {
        Thread.onSpinWait(); // ignores interrupts
      }
      return "finally";
    }

    @Function(timeout = 1)
    @AsgiApp
    static HttpHandler slowAsgi() {
      return new HttpHandler() {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
          if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
          }
          Thread.sleep(10_000);
          exchange.getResponseSender().send("late");
        }
      };
    }

    @Function(maxContainers = 1)
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> queuedJob(Map<String, Object> data) throws InterruptedException {
      Thread.sleep(600);
      return data;
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> longJob(int n, Map<String, Object> data)
        throws InterruptedException {
      LONG_JOB_RUNS.incrementAndGet();
      Thread.sleep(800);
      return Map.of("n", n, "echo", data);
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }

  @Test
  void aFunctionPastItsTimeoutGetsTheClouds500AndFreesItsSlot() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      String url = emulator.webUrl("slow");
      long began = System.nanoTime();
      HttpResponse<String> timedOut = get(client, url + "/?sleep=true");
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
      assertThat(timedOut.statusCode()).isEqualTo(500);
      assertThat(timedOut.headers().firstValue("Content-Type"))
          .hasValue("text/plain; charset=utf-8");
      assertThat(timedOut.body())
          .isEqualTo("modal-http: internal error: function execution timed out");
      // maxContainers = 1, yet the next input is served: the slot was freed, on a new container.
      HttpResponse<String> next = get(client, url + "/?sleep=false");
      assertThat(next.body()).isEqualTo("\"quick\"");
      assertThat(emulator.requests())
          .extracting(RecordedRequest::containerId)
          .doesNotHaveDuplicates();
      assertThat(emulator.logs("slow"))
          .anyMatch(
              line -> line.contains("ran past its timeout of 1 s: answered 500 and abandoned"));
    }
  }

  @Test
  void codeThatIgnoresInterruptsStillGetsTheTimeoutAnswer() throws Exception {
    STUBBORN_MAY_END.set(false);
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpResponse<String> timedOut =
          get(emulator.httpClientBuilder().build(), emulator.webUrl("stubborn"));
      assertThat(timedOut.statusCode()).isEqualTo(500);
      assertThat(timedOut.body())
          .isEqualTo("modal-http: internal error: function execution timed out");
      STUBBORN_MAY_END.set(true); // before the emulator stops, which would wait for it
    } finally {
      STUBBORN_MAY_END.set(true);
    }
  }

  @Test
  void theTimeoutAppliesToAppsToo() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Apps.class).start()) {
      HttpResponse<String> timedOut =
          get(emulator.httpClientBuilder().build(), emulator.webUrl("slowAsgi"));
      assertThat(timedOut.statusCode()).isEqualTo(500);
      assertThat(timedOut.body())
          .isEqualTo("modal-http: internal error: function execution timed out");
    }
  }

  @Test
  void pastTheGatewayLimitTheClientGetsA303ToAResultUrlThatWaitsAndRepeats() throws Exception {
    LONG_JOB_RUNS.set(0);
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .gatewayTimeout(Duration.ofMillis(200))
            .start()) {
      HttpClient client = emulator.httpClientBuilder().build(); // follows no redirects
      String url = emulator.webUrl("longJob");
      HttpResponse<String> redirect =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/?n=7"))
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{\"a\":1}"))
                  .build(),
              BodyHandlers.ofString());
      assertThat(redirect.statusCode()).isEqualTo(303);
      String location = redirect.headers().firstValue("Location").orElseThrow();
      assertThat(location).matches(url + "/\\?n=7&__modal_function_call_id=fc-[0-9A-Z]{26}");

      HttpResponse<String> result = get(client, location); // waits for the function
      assertThat(result.statusCode()).isEqualTo(200);
      assertThat(result.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(result.body()).contains("\"n\":7", "\"echo\":{\"a\":1}");
      assertThat(get(client, location).body()).isEqualTo(result.body()); // repeatable
      assertThat(LONG_JOB_RUNS).hasValue(1);

      String unknown = url + "/?__modal_function_call_id=fc-NOSUCHCALL";
      assertThat(get(client, unknown).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void anInputQueuedPastTheLimitIsReadAndRunBeforeItsClientGetsThe303() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .gatewayTimeout(Duration.ofMillis(200))
            .start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      URI url = URI.create(emulator.webUrl("queuedJob") + "/");
      var first =
          client.sendAsync(
              HttpRequest.newBuilder(url)
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{\"first\":1}"))
                  .build(),
              BodyHandlers.ofString());
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (emulator.containers("queuedJob").inputsInFlight() == 0) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(5);
      }
      // Waits in the queue past the limit (one container, busy for 600 ms).
      HttpResponse<String> second =
          client.send(
              HttpRequest.newBuilder(url)
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{\"second\":2}"))
                  .build(),
              BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(303);
      assertThat(get(client, second.headers().firstValue("Location").orElseThrow()).body())
          .isEqualTo("{\"second\":2}");
      HttpResponse<String> firstAnswer = first.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(firstAnswer.statusCode()).isEqualTo(303);
      assertThat(get(client, firstAnswer.headers().firstValue("Location").orElseThrow()).body())
          .isEqualTo("{\"first\":1}");
    }
  }

  @Test
  void aClientThatFollowsRedirectsSimplyGetsTheResult() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .gatewayTimeout(Duration.ofMillis(200))
            .start()) {
      HttpClient following =
          emulator.httpClientBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<String> result =
          following.send(
              HttpRequest.newBuilder(URI.create(emulator.webUrl("longJob") + "/?n=1"))
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{}"))
                  .build(),
              BodyHandlers.ofString());
      assertThat(result.statusCode()).isEqualTo(200);
      assertThat(result.body()).contains("\"n\":1");
      assertThat(result.previousResponse())
          .hasValueSatisfying(p -> assertThat(p.statusCode()).isEqualTo(303));
    }
  }
}
