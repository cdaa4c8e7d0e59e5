package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AsgiAppTest {

  @App("counting")
  static class CountingApp {
    static final AtomicInteger FACTORY_CALLS = new AtomicInteger();

    @Function
    @Concurrent(maxInputs = 16) // one container takes all the test's inputs at once
    @AsgiApp
    static HttpHandler createApp() throws InterruptedException {
      FACTORY_CALLS.incrementAndGet();
      Thread.sleep(200); // a slow start, so concurrent first requests overlap it
      return exchange -> exchange.getResponseSender().send("factory calls: " + FACTORY_CALLS.get());
    }
  }

  @Test
  void runsTheFactoryOnceOnTheFirstRequestThenServesEveryRequestWithItsHandler() throws Exception {
    // All 16 arrive while the only container starts; it takes them all (maxInputs = 16).
    try (Emulator emulator = Emulator.builder().apps(CountingApp.class).start()) {
      assertThat(CountingApp.FACTORY_CALLS).hasValue(0);
      HttpClient client = emulator.httpClientBuilder().build();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          answers.add(
              pool.submit(
                  () ->
                      client.send(
                          HttpRequest.newBuilder(URI.create(emulator.webUrl("createApp"))).build(),
                          BodyHandlers.ofString())));
        }
        for (Future<HttpResponse<String>> answer : answers) {
          HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.body()).isEqualTo("factory calls: 1");
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(CountingApp.FACTORY_CALLS).hasValue(1);
      assertThat(emulator.logs("createApp"))
          .singleElement()
          .asString()
          .matches("container ct-\\d+ of createApp started in \\d+ ms \\(cold start\\)");
    }
  }

  @App("flaky")
  static class FlakyFactoryApp {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Function
    @AsgiApp
    static HttpHandler createApp() {
      if (ATTEMPTS.incrementAndGet() == 1) {
        throw new IllegalStateException("database unreachable");
      }
      return exchange -> exchange.getResponseSender().send("up after " + ATTEMPTS.get());
    }
  }

  @Test
  void aFactoryThatThrowsFailsTheContainerStartAndTheNextRequestStartsAFreshOne() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(FlakyFactoryApp.class).start()) {
      Response failed = RawHttp.get(emulator.port(), "local--flaky-create-app.localhost", "/");
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(failed.body())
          .isEqualTo("modal-http: internal error: function container failed to start");
      List<String> log = emulator.logs("createApp");
      assertThat(log.get(0))
          .matches(
              "container ct-\\d+ of createApp failed to start: @AsgiApp method"
                  + " \\[FlakyFactoryApp.createApp\\(\\)\\] threw java.lang.IllegalStateException:"
                  + " database unreachable");
      assertThat(log.get(1)).isEqualTo("java.lang.IllegalStateException: database unreachable");
      assertThat(log.get(2)).contains("at " + FlakyFactoryApp.class.getName() + ".createApp(");

      Response recovered = RawHttp.get(emulator.port(), "local--flaky-create-app.localhost", "/");
      assertThat(recovered.status()).isEqualTo(200);
      assertThat(recovered.body()).isEqualTo("up after 2");
    }
  }

  @App("null-factory")
  static class NullFactoryApp {
    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return null;
    }
  }

  @Test
  void aFactoryReturningNullFailsTheStartWithAMessageSayingSo() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(NullFactoryApp.class).start()) {
      assertThat(
              RawHttp.get(emulator.port(), "local--null-factory-create-app.localhost", "/")
                  .status())
          .isEqualTo(500);
      assertThat(emulator.logs("createApp"))
          .contains(
              "java.lang.IllegalStateException: @AsgiApp method [NullFactoryApp.createApp()]"
                  + " returned null; return the app's root handler");
    }
  }

  @App("throwing")
  static class ThrowingHandlerApp {
    static final CountDownLatch HALF_SENT = new CountDownLatch(1);

    @Function
    @AsgiApp
    static HttpHandler createApp() {
      // Blocking writes: on a worker, as Undertow wants (handlers are called on the I/O thread).
      return new BlockingHandler(
          exchange -> {
            if (exchange.getRequestPath().equals("/half")) {
              exchange.startBlocking();
              exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, 100);
              OutputStream out = exchange.getOutputStream();
              out.write("partial".getBytes(StandardCharsets.UTF_8));
              out.flush();
              throw new IllegalStateException("failed halfway");
            }
            exchange
                .getResponseHeaders()
                .put(io.undertow.util.Headers.CONTENT_TYPE, "application/json");
            throw new UnsupportedOperationException("boom");
          });
    }
  }

  @Test
  void aHandlerThatThrowsGives500AndTheEmulatorKeepsServing() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(ThrowingHandlerApp.class).start()) {
      for (int i = 0; i < 3; i++) {
        Response response =
            RawHttp.get(emulator.port(), "local--throwing-create-app.localhost", "/boom");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("Internal Server Error");
      }
      assertThat(emulator.logs("createApp"))
          .contains(
              "request GET /boom to createApp failed",
              "java.lang.UnsupportedOperationException: boom");
    }
  }

  @Test
  void whatAHandlerWroteButNeverFlushedIsNotPartOfThe500() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(ThrowingHandlerApp.class).start()) {
      Response response =
          RawHttp.get(emulator.port(), "local--throwing-create-app.localhost", "/unflushed");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body()).isEqualTo("Internal Server Error");
    }
  }

  @Test
  void aHandlerThatThrowsAfterSendingHeadersHasItsConnectionClosed() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(ThrowingHandlerApp.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(emulator.webUrl("createApp") + "/half")).build();
      assertThatThrownBy(() -> client.send(request, BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      // The next request is served normally.
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(emulator.webUrl("createApp") + "/boom"))
                          .build(),
                      BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(500);
    }
  }

  @App("blocking")
  static class BlockingApp {
    static final CountDownLatch FIRST_CHUNK_SEEN = new CountDownLatch(1);

    @Function
    @AsgiApp
    static HttpHandler createApp() {
      // Blocking reads and writes: on a worker, as Undertow wants (handlers are called on the I/O
      // thread).
      return new BlockingHandler(
          exchange -> {
            if (exchange.getRequestPath().equals("/count")) {
              long total = exchange.getInputStream().transferTo(OutputStream.nullOutputStream());
              exchange.getResponseSender().send("read " + total + " bytes");
              return;
            }
            stream(exchange);
          });
    }

    private static void stream(HttpServerExchange exchange) throws Exception {
      OutputStream out = exchange.getOutputStream();
      out.write("first\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      // Only a client that got the first chunk while the handler still runs releases this.
      if (!FIRST_CHUNK_SEEN.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the first chunk never reached the client");
      }
      out.write("second\n".getBytes(StandardCharsets.UTF_8));
      out.close();
    }
  }

  @Test
  void handlersMayBlockToReadBodies() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(BlockingApp.class).start()) {
      byte[] body = new byte[3 * 1024 * 1024];
      Response response =
          RawHttp.exchange(
              emulator.port(),
              "POST /count HTTP/1.1\r\nHost: local--blocking-create-app.localhost\r\n",
              body);
      assertThat(response.body()).isEqualTo("read 3145728 bytes");
    }
  }

  @Test
  void responseBodiesStreamAsTheHandlerWritesThem() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(BlockingApp.class).start()) {
      HttpResponse<InputStream> response =
          emulator
              .httpClientBuilder()
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("createApp") + "/stream"))
                      .build(),
                  BodyHandlers.ofInputStream());
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        assertThat(reader.readLine()).isEqualTo("first");
        BlockingApp.FIRST_CHUNK_SEEN.countDown();
        assertThat(reader.readLine()).isEqualTo("second");
        assertThat(reader.readLine()).isNull();
      }
    }
  }

  @App("closing")
  static class ClosingApp {
    static final AtomicBoolean CLOSED = new AtomicBoolean();

    static final class ClosableHandler implements HttpHandler, AutoCloseable {
      @Override
      public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseSender().send("open");
      }

      @Override
      public void close() {
        CLOSED.set(true);
      }
    }

    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return new ClosableHandler();
    }
  }

  @Test
  void anAutoCloseableAppIsClosedWhenItsContainerStops() throws Exception {
    Emulator emulator = Emulator.builder().apps(ClosingApp.class).start();
    assertThat(RawHttp.get(emulator.port(), "local--closing-create-app.localhost", "/").body())
        .isEqualTo("open");
    assertThat(ClosingApp.CLOSED).isFalse();
    emulator.close();
    assertThat(ClosingApp.CLOSED).isTrue();
    assertThat(emulator.logs("createApp"))
        .last()
        .asString()
        .matches("container ct-\\d+ of createApp stopped \\(emulator stopping\\)");
  }
}
