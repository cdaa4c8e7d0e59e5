package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Async servlets ({@code startAsync}, as Jersey's async and SSE resources and Spring's deferred
 * results use it): the input is the container's until its {@code AsyncContext} completes, and it
 * ends at the function's timeout if it never does.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class WsgiAsyncTest {

  @App("async")
  static class Async {
    static volatile CountDownLatch release = new CountDownLatch(1);

    /** Answers from another thread once the test lets it: its request thread is long gone. */
    @Function
    @WsgiApp
    static Servlet later() {
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
          AsyncContext async = request.startAsync();
          CountDownLatch gate = release;
          async.start(
              () -> {
                try {
                  gate.await(20, TimeUnit.SECONDS);
                  response.setContentType("text/plain");
                  response.getWriter().write("done on " + request.getDispatcherType());
                } catch (InterruptedException | IOException e) {
                  response.setStatus(500);
                } finally {
                  async.complete();
                }
              });
        }
      };
    }

    /** Never completes, and asks for no async timeout of the container's (as Jersey does). */
    @Function(timeout = 2)
    @WsgiApp
    static Servlet never() {
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          if (request.getParameter("quick") != null) {
            response.getWriter().write("quick");
            return;
          }
          request.startAsync().setTimeout(0);
        }
      };
    }
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The input ends as its exchange completes, a moment after the client has the whole answer. */
  private static int inputsInFlightOnceSettled(Emulator emulator, String function)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (emulator.containers(function).inputsInFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return emulator.containers(function).inputsInFlight();
  }

  @Test
  void anAsyncAnswerFromAnotherThreadIsServedAndHoldsItsInputUntilItCompletes() throws Exception {
    Async.release = new CountDownLatch(1);
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Async.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      CompletableFuture<HttpResponse<String>> pending =
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(emulator.webUrl("later"))).build(),
              HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (emulator.containers("later").inputsInFlight() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300); // the servlet's doGet has long returned: the input is still held
      assertThat(emulator.containers("later").inputsInFlight()).isEqualTo(1);
      assertThat(pending).isNotDone();
      Async.release.countDown();
      HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("done on REQUEST");
      assertThat(inputsInFlightOnceSettled(emulator, "later")).isZero();
    }
  }

  @Test
  void anAsyncRequestThatNeverCompletesEndsAtTheFunctionsTimeout() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Async.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      long start = System.nanoTime();
      HttpResponse<String> response = get(client, emulator.webUrl("never"));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo("modal-http: internal error: function execution timed out");
      assertThat(tookMillis).isBetween(1900L, 10_000L);
      // As after any timeout, the container is replaced and the next input is served.
      assertThat(get(client, emulator.webUrl("never") + "?quick=1").body()).isEqualTo("quick");
      assertThat(emulator.containers("never").containersStarted()).isEqualTo(2);
      assertThat(inputsInFlightOnceSettled(emulator, "never")).isZero();
    }
  }
}
