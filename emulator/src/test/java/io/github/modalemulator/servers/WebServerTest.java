package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * web_server: the function's own server behind the emulator's reverse proxy. A web server's port is
 * part of its definition, so these fixtures use fixed ports from 29100 up, each its own.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class WebServerTest {

  /** A JDK server that answers with what it received; stopped by closing what it returns. */
  static AutoCloseable echoServer(int port, AtomicReference<HttpServer> handle) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().toString();
          if (path.equals("/redirect")) {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
          }
          if (path.equals("/gzip")) {
            byte[] gzipped = {
              31, -117, 8, 0, 0, 0, 0, 0, 0, 3, 75, 4, 0, 67, -66, -73, -24, 1, 0, 0, 0
            };
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, gzipped.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(gzipped);
            }
            return;
          }
          byte[] received = exchange.getRequestBody().readAllBytes();
          String answer =
              exchange.getRequestMethod()
                  + " "
                  + path
                  + "\nhost="
                  + exchange.getRequestHeaders().getFirst("Host")
                  + "\nx-forwarded-for="
                  + exchange.getRequestHeaders().getFirst("X-Forwarded-For")
                  + "\nx-custom="
                  + exchange.getRequestHeaders().getFirst("X-Custom")
                  + "\nbody="
                  + new String(received, StandardCharsets.UTF_8);
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(201, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    if (handle != null) {
      handle.set(server);
    }
    return () -> server.stop(0);
  }

  @App("ws")
  static class Servers {
    static final AtomicInteger ECHO_STARTS = new AtomicInteger();
    static final AtomicReference<HttpServer> ECHO = new AtomicReference<>();

    @Function
    @WebServer(value = 29101, customDomains = "files.example.com")
    static AutoCloseable echo() throws IOException {
      ECHO_STARTS.incrementAndGet();
      return echoServer(29101, ECHO);
    }

    @Function
    @WebServer(value = 29102, startupTimeout = 0.3)
    static void neverListens() {
      // starts nothing: the port never accepts connections
    }

    @Function
    @WebServer(value = 29103, requiresProxyAuth = true)
    static AutoCloseable guarded() throws IOException {
      return echoServer(29103, null);
    }

    @Function
    @WebServer(29104)
    static AutoCloseable squatted() throws IOException {
      return echoServer(29104, null);
    }
  }

  private static Response call(Emulator emulator, String host, String head, String body)
      throws Exception {
    return RawHttp.exchange(
        emulator.port(), head + "Host: " + host + "\r\n", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void forwardsMethodPathQueryHeadersAndBodyAndAddsXForwardedFor() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      Response response =
          call(
              emulator,
              "local--ws-echo.localhost",
              "PUT /items/7?x=1&y=2 HTTP/1.1\r\nX-Custom: kept\r\n",
              "payload");
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.body())
          .isEqualTo(
              "PUT /items/7?x=1&y=2\nhost=local--ws-echo.localhost\nx-forwarded-for=127.0.0.1"
                  + "\nx-custom=kept\nbody=payload");
      Response byDomain = call(emulator, "FILES.example.com", "GET /f HTTP/1.1\r\n", "");
      assertThat(byDomain.body()).startsWith("GET /f\nhost=FILES.example.com\n");
    }
  }

  @Test
  void followsNoRedirectAndDecodesNothing() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      Response redirect =
          call(emulator, "local--ws-echo.localhost", "GET /redirect HTTP/1.1\r\n", "");
      assertThat(redirect.status()).isEqualTo(302);
      assertThat(redirect.header("Location")).isEqualTo("/elsewhere");
      Response gzip = call(emulator, "local--ws-echo.localhost", "GET /gzip HTTP/1.1\r\n", "");
      assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(gzip.header("Content-Length")).isEqualTo("21");
    }
  }

  @Test
  void aServerThatNeverListensFailsTheStartWithTheCloudsMessage() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      Response response =
          call(emulator, "local--ws-never-listens.localhost", "GET / HTTP/1.1\r\n", "");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo("modal-http: internal error: function container failed to start");
      assertThat(emulator.logs("neverListens"))
          .contains(
              "java.lang.IllegalStateException: @WebServer [Servers.neverListens()]: port 29102"
                  + " accepted no connection within startupTimeout = 0.3 s, so the container"
                  + " failed and what the function started is stopped; make sure the server"
                  + " listens on port 29102 on 0.0.0.0 (not only localhost or 127.0.0.1; the"
                  + " emulator connects to 127.0.0.1:29102), or allow longer with"
                  + " @WebServer(startupTimeout = ...) (seconds)");
    }
  }

  @Test
  void aPortTakenBeforeTheFunctionRunsIsNotForwardedTo() throws Exception {
    try (ServerSocket stranger = new ServerSocket(29104, 50, InetAddress.getLoopbackAddress());
        Emulator emulator =
            Emulator.builder()
                .isolation(Isolation.GENERATION)
                .apps(Servers.class)
                .proxyAuthToken("wk-a", "ws-b")
                .start()) {
      assertThat(stranger.isBound()).isTrue();
      Response response = call(emulator, "local--ws-squatted.localhost", "GET / HTTP/1.1\r\n", "");
      assertThat(response.status()).isEqualTo(500);
      assertThat(emulator.logs("squatted"))
          .contains(
              "java.lang.IllegalStateException: port 29104 already accepts connections before"
                  + " [Servers.squatted()] ran: another process is listening there, and the"
                  + " emulator won't forward to a stranger; stop it or use another port");
    }
  }

  @Test
  void aServerThatDiesGivesA5xxThenTheNextRequestStartsAFreshContainer() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      int starts = Servers.ECHO_STARTS.get();
      assertThat(call(emulator, "local--ws-echo.localhost", "GET / HTTP/1.1\r\n", "").status())
          .isEqualTo(201);
      Servers.ECHO.get().stop(0); // the server crashes
      Response down = call(emulator, "local--ws-echo.localhost", "GET / HTTP/1.1\r\n", "");
      assertThat(down.status()).isBetween(500, 599);
      Response again = call(emulator, "local--ws-echo.localhost", "GET / HTTP/1.1\r\n", "");
      assertThat(again.status()).isEqualTo(201);
      assertThat(Servers.ECHO_STARTS.get()).isEqualTo(starts + 2);
    }
  }

  @Test
  void proxyAuthGuardsAWebServer() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Servers.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      Response refused = call(emulator, "local--ws-guarded.localhost", "GET / HTTP/1.1\r\n", "");
      assertThat(refused.status()).isEqualTo(401);
      Response allowed =
          call(
              emulator,
              "local--ws-guarded.localhost",
              "GET / HTTP/1.1\r\nModal-Key: wk-a\r\nModal-Secret: ws-b\r\n",
              "");
      assertThat(allowed.status()).isEqualTo(201);
    }
  }

  @App("ws-bad")
  static class BadServers {
    @Function
    @WebServer(0)
    static void noPort() {}

    @Function
    @WebServer(value = 70000)
    static void tooHigh() {}

    @Function
    @WebServer(value = 29150, startupTimeout = 0)
    static void noTime() {}

    @Function
    @WebServer(29150)
    static void samePort(Map<String, String> config) {}
  }

  @Test
  void definitionErrorsCarryTheCloudsWords() {
    InvalidError error =
        Assertions.catchThrowableOfType(
            InvalidError.class,
            () ->
                Emulator.builder().isolation(Isolation.GENERATION).apps(BadServers.class).start());
    assertThat(error.problems())
        .containsExactly(
            "@WebServer on [BadServers.noPort()] has port 0: First argument of `@web_server` must be"
                + " a local port, such as `@web_server(8000)`. Use a port from 1 to 65535.",
            "@WebServer on [BadServers.noTime()] has startupTimeout = 0.0: The `startup_timeout`"
                + " argument of `@web_server` must be positive.",
            "@WebServer method [BadServers.samePort(Map)] can't have parameters; read configuration"
                + " inside the method instead",
            "@WebServer on [BadServers.tooHigh()] has port 70000: First argument of `@web_server`"
                + " must be a local port, such as `@web_server(8000)`. Use a port from 1 to 65535.");
  }

  @App("ws-dup")
  static class SharedPort {
    @Function
    @WebServer(29160)
    static void one() {}

    @Function
    @WebServer(29160)
    static void two() {}
  }

  @Test
  void twoFunctionsCantShareAPort() {
    InvalidError error =
        Assertions.catchThrowableOfType(
            InvalidError.class,
            () ->
                Emulator.builder().isolation(Isolation.GENERATION).apps(SharedPort.class).start());
    assertThat(error.problems())
        .containsExactly(
            "port 29160 is claimed by both @WebServer [SharedPort.one()] and [SharedPort.two()];"
                + " one port serves one function, give each its own");
  }

  @App("ws-late")
  static class LateServer {
    static final AtomicInteger STARTS = new AtomicInteger();
    static final CountDownLatch FIRST_RETURNED = new CountDownLatch(1);

    /**
     * The first start binds after its startupTimeout, ignoring the interrupt as a framework deep in
     * its own start-up would; later starts bind at once.
     */
    @Function
    @WebServer(value = 29108, startupTimeout = 0.5)
    static AutoCloseable late() throws IOException {
      if (STARTS.incrementAndGet() == 1) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < until) {
          LockSupport.parkNanos(until - System.nanoTime()); // an interrupt only wakes it early
        }
        AutoCloseable server = echoServer(29108, null);
        FIRST_RETURNED.countDown();
        return server;
      }
      return echoServer(29108, null);
    }
  }

  @Test
  void aServerLaterThanItsStartupTimeoutIsStoppedWhenItReturnsAndFreesItsPort() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(LateServer.class).start()) {
      Response first = call(emulator, "local--ws-late-late.localhost", "GET / HTTP/1.1\r\n", "");
      assertThat(first.status()).isEqualTo(500);
      assertThat(emulator.logs("late"))
          .anyMatch(
              line ->
                  line.contains(
                      "@WebServer [LateServer.late()]: port 29108 accepted no connection within"
                          + " startupTimeout = 0.5 s"));
      assertThat(LateServer.FIRST_RETURNED.await(10, TimeUnit.SECONDS)).isTrue();
      // The late server is closed by the thread it returned on, just after it returned.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (accepting(29108) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(accepting(29108)).as("port 29108 accepts after the failed start").isFalse();
      Response next =
          call(emulator, "local--ws-late-late.localhost", "GET /again HTTP/1.1\r\n", "");
      assertThat(next.status()).isEqualTo(201);
      assertThat(next.body()).startsWith("GET /again\n");
    }
  }

  private static boolean accepting(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  @App("ws-two")
  static class TwoProcessServers {
    static final CountDownLatch BOTH_RUNNING = new CountDownLatch(2);

    /** Each starts a real child process; both spawn at the same moment when starts overlap. */
    static void spawn(int port) throws Exception {
      spawn(port, BOTH_RUNNING);
    }

    static void spawn(int port, CountDownLatch together) throws Exception {
      together.countDown();
      together.await(1, TimeUnit.SECONDS); // starts that take turns don't wait for each other
      Path root = Files.createTempDirectory("ws-two");
      Files.writeString(root.resolve("who.txt"), "port " + port);
      new ProcessBuilder(
              "python3",
              "-m",
              "http.server",
              "-d",
              root.toString(),
              "--bind",
              "127.0.0.1",
              String.valueOf(port))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    }

    @Function(scaledownWindow = 2)
    @WebServer(value = 29106, startupTimeout = 20)
    static void shortLived() throws Exception {
      spawn(29106);
    }

    @Function
    @WebServer(value = 29107, startupTimeout = 20)
    static void longLived() throws Exception {
      spawn(29107);
    }
  }

  @Test
  void twoServersStartingAtOnceEachStopOnlyTheirOwnProcess() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(TwoProcessServers.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      CompletableFuture<HttpResponse<String>> shortOne = get(client, emulator, "shortLived");
      CompletableFuture<HttpResponse<String>> longOne = get(client, emulator, "longLived");
      assertThat(shortOne.get(60, TimeUnit.SECONDS).body()).isEqualTo("port 29106");
      assertThat(longOne.get(60, TimeUnit.SECONDS).body()).isEqualTo("port 29107");
      // The short-lived container stops after its 2 s scaledown window, with its process.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (accepting(29106) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(accepting(29106)).as("the stopped server's port").isFalse();
      HttpResponse<String> still = get(client, emulator, "longLived").get(30, TimeUnit.SECONDS);
      assertThat(still.statusCode()).isEqualTo(200);
      assertThat(still.body()).isEqualTo("port 29107");
    }
  }

  @App("ws-fail")
  static class FailingNextToWorking {
    static final CountDownLatch BOTH_RUNNING = new CountDownLatch(2);

    @Function
    @WebServer(value = 29109, startupTimeout = 20)
    static void failing() throws Exception {
      TwoProcessServers.spawn(29109, BOTH_RUNNING);
      throw new IllegalStateException("no configuration");
    }

    @Function
    @WebServer(value = 29110, startupTimeout = 20)
    static void working() throws Exception {
      TwoProcessServers.spawn(29110, BOTH_RUNNING);
    }
  }

  @Test
  void aFailedStartStopsOnlyItsOwnProcessNotOneStartingBesideIt() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(FailingNextToWorking.class)
            .start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      CompletableFuture<HttpResponse<String>> failing = get(client, emulator, "ws-fail", "failing");
      CompletableFuture<HttpResponse<String>> working = get(client, emulator, "ws-fail", "working");
      assertThat(failing.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
      assertThat(working.get(60, TimeUnit.SECONDS).body()).isEqualTo("port 29110");
      assertThat(accepting(29109)).as("the failed start's process").isFalse();
      HttpResponse<String> still =
          get(client, emulator, "ws-fail", "working").get(30, TimeUnit.SECONDS);
      assertThat(still.body()).isEqualTo("port 29110");
    }
  }

  private static CompletableFuture<HttpResponse<String>> get(
      HttpClient client, Emulator emulator, String function) {
    return get(client, emulator, "ws-two", function);
  }

  private static CompletableFuture<HttpResponse<String>> get(
      HttpClient client, Emulator emulator, String app, String function) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create(emulator.webUrl(app, function) + "/who.txt"))
            .timeout(Duration.ofSeconds(60))
            .build(),
        BodyHandlers.ofString());
  }

  @App("ws-slow")
  static class SlowServer {
    @Function
    @WebServer(29105)
    static AutoCloseable slow() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 29105), 256);
      server.setExecutor(Executors.newFixedThreadPool(200));
      server.createContext(
          "/",
          exchange -> {
            try {
              Thread.sleep(200); // holds its connection, as a slow page does
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] body = "done".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return () -> {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
      };
    }
  }

  @Test
  void moreConcurrentRequestsThanPooledConnectionsWaitInsteadOfFailing() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(SlowServer.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      URI url = URI.create(emulator.webUrl("ws-slow", "slow") + "/");
      // Far more than the proxy's connections to the backend (32 per I/O thread).
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        answers.add(
            client.sendAsync(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(answers)
          .allSatisfy(
              answer -> {
                assertThat(answer.join().statusCode()).isEqualTo(200);
                assertThat(answer.join().body()).isEqualTo("done");
              });
    }
  }
}
