package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.github.modalemulator.testing.Fixtures.EchoApp;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  @Test
  void startingAndStopping200TimesLeaksNoThreadAndNoFileDescriptor() throws Exception {
    cycle(); // loads classes and JVM-wide resources once
    int threadsBefore = liveThreads();
    long descriptorsBefore = openDescriptors();
    for (int i = 0; i < 200; i++) {
      cycle();
    }
    assertThat(settle(LifecycleTest::liveThreads, threadsBefore))
        .as("live threads after 200 start/stop cycles (before: %d)", threadsBefore)
        .isLessThanOrEqualTo(threadsBefore);
    assertThat(settle(() -> (int) openDescriptors(), (int) descriptorsBefore))
        .as("open file descriptors after 200 start/stop cycles (before: %d)", descriptorsBefore)
        .isLessThanOrEqualTo((int) descriptorsBefore);
  }

  private static void cycle() throws IOException {
    int port;
    try (Emulator emulator = Emulator.builder().apps(EchoApp.class).start()) {
      port = emulator.port();
      assertThat(RawHttp.get(port, "local--echo-app-echo.localhost", "/").status()).isEqualTo(200);
    }
    assertRefused(port);
  }

  private static void assertRefused(int port) {
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("port %d after close()", port)
        .isInstanceOf(ConnectException.class);
  }

  /** Threads and descriptors of a stopped server go away asynchronously; wait up to 10 s. */
  private static int settle(java.util.function.IntSupplier current, int target)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int value = current.getAsInt();
    while (value > target && System.nanoTime() < deadline) {
      Thread.sleep(50);
      value = current.getAsInt();
    }
    return value;
  }

  private static int liveThreads() {
    return Thread.getAllStackTraces().size();
  }

  private static long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @App("slow")
  static class SlowApp {
    static final CountDownLatch STARTED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return exchange -> {
        STARTED.countDown();
        RELEASE.await(10, TimeUnit.SECONDS);
        exchange.getResponseSender().send("finished");
      };
    }
  }

  private static CompletableFuture<Response> getAsync(int port, String host, String path) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return RawHttp.get(port, host, path);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @Test
  void closeLetsARequestInFlightFinishThenReleasesThePort() throws Exception {
    Emulator emulator = Emulator.builder().apps(SlowApp.class).start();
    int port = emulator.port();
    CompletableFuture<Response> inFlight = getAsync(port, "local--slow-create-app.localhost", "/");
    assertThat(SlowApp.STARTED.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(emulator::close);
    Thread.sleep(200);
    assertThat(closing).as("close() waits for the request in flight").isNotDone();
    SlowApp.RELEASE.countDown();
    Response response = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("finished");
    closing.get(10, TimeUnit.SECONDS);
    assertRefused(port);
  }

  @App("hung")
  static class HungHandlerApp {
    static final CountDownLatch STARTED = new CountDownLatch(1);

    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return exchange -> {
        STARTED.countDown();
        Thread.sleep(60_000);
      };
    }
  }

  @Test
  void closeGivesUpOnAHungRequestAfterTheStopTimeout() throws Exception {
    Emulator emulator =
        Emulator.builder().apps(HungHandlerApp.class).stopTimeout(Duration.ofMillis(300)).start();
    int port = emulator.port();
    CompletableFuture<Response> hung = getAsync(port, "local--hung-create-app.localhost", "/");
    assertThat(HungHandlerApp.STARTED.await(10, TimeUnit.SECONDS)).isTrue();
    long began = System.nanoTime();
    emulator.close();
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    assertRefused(port);
    // The client is not left hanging: the interrupted handler's 500 reaches it, or, when the
    // I/O threads stop first, its connection is cut.
    try {
      assertThat(hung.get(10, TimeUnit.SECONDS).status()).isEqualTo(500);
    } catch (java.util.concurrent.ExecutionException cut) {
      assertThat(cut).hasCauseInstanceOf(java.io.UncheckedIOException.class);
    }
    emulator.close(); // a second close is harmless
  }

  @App("hung-factory")
  static class HungFactoryApp {
    static final CountDownLatch STARTED = new CountDownLatch(1);

    @Function
    @AsgiApp
    static HttpHandler createApp() throws InterruptedException {
      STARTED.countDown();
      Thread.sleep(60_000);
      return exchange -> exchange.getResponseSender().send("never");
    }
  }

  @Test
  void closeGivesUpOnAFactoryThatHangs() throws Exception {
    Emulator emulator =
        Emulator.builder().apps(HungFactoryApp.class).stopTimeout(Duration.ofMillis(300)).start();
    int port = emulator.port();
    getAsync(port, "local--hung-factory-create-app.localhost", "/");
    assertThat(HungFactoryApp.STARTED.await(10, TimeUnit.SECONDS)).isTrue();
    long began = System.nanoTime();
    emulator.close();
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    assertRefused(port);
  }

  @Test
  void workspaceEnvironmentAndServeModeShapeTheUrls() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .apps(EchoApp.class)
            .workspace("acme")
            .environment("staging")
            .serveMode(true)
            .start()) {
      String url = emulator.webUrl("echo");
      assertThat(url)
          .isEqualTo("http://acme-staging--echo-app-echo-dev.localhost:" + emulator.port());
      assertThat(emulator.webUrl("labelled"))
          .isEqualTo("http://acme-staging--my-label-dev.localhost:" + emulator.port());
      assertThat(
              RawHttp.get(emulator.port(), "acme-staging--echo-app-echo-dev.localhost", "/")
                  .status())
          .isEqualTo(200);
      assertThat(
              RawHttp.get(emulator.port(), "acme-staging--echo-app-echo.localhost", "/").status())
          .isEqualTo(404);
      assertThat(emulator.serveMode()).isTrue();
    }
  }

  @Test
  void builderRejectsSettingsThatCantWork() {
    assertThatThrownBy(() -> Emulator.builder().workspace("My Workspace"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "workspace \"My Workspace\" can't be part of a host name: use lower-case letters,"
                + " digits and dashes");
    assertThatThrownBy(() -> Emulator.builder().port(70000))
        .hasMessage("port must be 0 to 65535, got 70000");
    assertThatThrownBy(() -> Emulator.builder().headerTimeout(Duration.ZERO))
        .hasMessage("headerTimeout must be positive and under 24 days, got PT0S");
  }

  @Test
  void aTakenPortFailsTheStartWithItsCause() throws Exception {
    try (Emulator first = Emulator.builder().apps(EchoApp.class).start()) {
      assertThatThrownBy(() -> Emulator.builder().apps(EchoApp.class).port(first.port()).start())
          .hasRootCauseInstanceOf(java.net.BindException.class);
    }
  }
}
