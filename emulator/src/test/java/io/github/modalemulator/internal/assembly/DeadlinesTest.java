package io.github.modalemulator.internal.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.gateway.BodyRules;
import io.github.modalemulator.internal.runtime.LocalResources;
import io.github.modalemulator.internal.runtime.Ticker;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadlines on a real server whose clock the test moves: the function's timeout and the
 * gateway's limit pass when the test says, not after a sleep.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class DeadlinesTest {
  static volatile CountDownLatch entered;
  static volatile CountDownLatch release;

  @App("deadlines")
  static class Apps {
    @Function(timeout = 2)
    @FastapiEndpoint
    static String waits() throws InterruptedException {
      entered.countDown();
      release.await(); // interrupted by the timeout
      return "done";
    }

    @Function(timeout = 600)
    @FastapiEndpoint
    static Map<String, Object> job(int n) throws InterruptedException {
      entered.countDown();
      release.await();
      return Map.of("n", n);
    }

    @Function
    @AsgiApp
    static HttpHandler holdsTheIoThread() {
      return exchange -> {
        entered.countDown();
        release.await(); // blocks the I/O thread: the watch warns
        exchange.getResponseSender().send("let go");
      };
    }
  }

  /** A clock that moves only when the test says so; read from the autoscaler's thread too. */
  static final class ManualTicker implements Ticker {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    @Override
    public long nanoTime() {
      return now.get();
    }

    void advance(Duration by) {
      now.addAndGet(by.toNanos());
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private EdgeServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
    Settings settings =
        new Settings(
            new Settings.Apps(List.of(Apps.class), "local", "", false),
            new Settings.Http(
                0,
                "127.0.0.1",
                1024,
                new BodyRules(1024, 1024, 0, Duration.ofSeconds(10), Duration.ofSeconds(5)),
                Duration.ofSeconds(30),
                Duration.ofSeconds(120),
                Duration.ofSeconds(2),
                8),
            new Settings.Edge(List.of(), 100, false, null),
            new Settings.Functions(
                EmulatorBuilder.defaultObjectMapper(),
                FastapiStack.CURRENT,
                null,
                2000,
                Duration.ofSeconds(150),
                // rounds run often; time moves only with the ticker
                new Settings.Clock(ticker, Duration.ofMillis(5)),
                false,
                Isolation.GENERATION,
                LocalResources.DEFAULT));
    server =
        EdgeServer.start(settings, Deployment.of(settings.apps().classes(), "local", "", false));
    client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", server.port())))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private CompletableFuture<HttpResponse<String>> get(String url) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        BodyHandlers.ofString());
  }

  @Test
  void theTimeoutAnswers500AndRetiresTheContainerOnceItsTimeHasPassed() throws Exception {
    CompletableFuture<HttpResponse<String>> answer = get(server.find("waits").web().url());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    ticker.advance(Duration.ofMillis(1999));
    assertThat(answer).isNotDone(); // rounds ran (every 5 ms), but the clock says 1.999 s
    ticker.advance(Duration.ofMillis(1));
    HttpResponse<String> timedOut = answer.get(10, TimeUnit.SECONDS);
    assertThat(timedOut.statusCode()).isEqualTo(500);
    assertThat(timedOut.body())
        .isEqualTo("modal-http: internal error: function execution timed out");
    List<String> log = server.find("waits").endpoint().logLines();
    assertThat(log)
        .anyMatch(
            l ->
                l.startsWith(
                    "input GET / to waits ran past its timeout of 2 s: answered 500 and"
                        + " abandoned; its container ct-"))
        .anyMatch(l -> l.contains("is retired: an input ran past the function's timeout"));
    // The next input meets a fresh container.
    entered = new CountDownLatch(1);
    release.countDown();
    assertThat(get(server.find("waits").web().url()).get(10, TimeUnit.SECONDS).body())
        .isEqualTo("\"done\"");
    assertThat(server.find("waits").endpoint().stats().containersStarted()).isEqualTo(2);
  }

  @Test
  void pastTheGatewaysLimitTheClientGetsA303AndTheResultWaitsAtItsUrl() throws Exception {
    String url = server.find("job").web().url();
    CompletableFuture<HttpResponse<String>> answer = get(url + "/?n=7");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    ticker.advance(Duration.ofSeconds(150));
    HttpResponse<String> redirect = answer.get(10, TimeUnit.SECONDS);
    assertThat(redirect.statusCode()).isEqualTo(303);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches(url + "/\\?n=7&__modal_function_call_id=fc-[0-9A-Z]{26}");
    CompletableFuture<HttpResponse<String>> result = get(location);
    assertThat(result).isNotDone(); // the function still runs
    release.countDown();
    assertThat(result.get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"n\":7}");
    assertThat(get(location).get(10, TimeUnit.SECONDS).body()).isEqualTo("{\"n\":7}");
  }

  @Test
  void aHandlerThatHoldsAnIoThreadPastTheLimitIsNamedInTheLog() throws Exception {
    CompletableFuture<HttpResponse<String>> answer =
        get(server.find("holdsTheIoThread").web().url());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    ticker.advance(Duration.ofSeconds(2));
    List<String> log = server.find("holdsTheIoThread").endpoint().logLines();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (log.stream().noneMatch(l -> l.contains("without returning"))
        && System.nanoTime() < deadline) {
      Thread.sleep(1);
      log = server.find("holdsTheIoThread").endpoint().logLines();
    }
    assertThat(log)
        .anyMatch(
            l ->
                l.matches(
                    "(?s)thread modal-emulator I/O-\\d+ has run holdsTheIoThread for 2000 ms"
                        + " without returning: it is an I/O thread, and every connection it serves"
                        + " waits; dispatch blocking work to a worker \\(exchange.dispatch\\(...\\)"
                        + " or Undertow's BlockingHandler\\)\n\tat .*"));
    release.countDown();
    assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("let go");
  }
}
