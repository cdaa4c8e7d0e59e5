package io.github.modalemulator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.RecordedRequest;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Past the gateway's limit, every kind whose code writes its own response (an app, a servlet, a web
 * server) gets the cloud's 303 too: its response, when it comes, waits at the result URL, status,
 * headers and body.
 *
 * <p>Its apps wait for the test through static latches, so every container runs the test's own
 * classes: {@code Isolation.GENERATION}, the opt-out.
 */
class AppGatewayLimitTest {
  static volatile CountDownLatch release = new CountDownLatch(1);

  @App("app-limits")
  static class Apps {
    /** Reads the body, waits for the test on a worker, then answers with its own fields. */
    @Function
    @AsgiApp
    static HttpHandler slowAsgi() {
      return exchange ->
          exchange
              .getRequestReceiver()
              .receiveFullString(
                  (ex, body) ->
                      ex.dispatch(
                          () -> {
                            awaitRelease();
                            ex.setStatusCode(201);
                            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/x-late");
                            ex.getResponseHeaders().put(new HttpString("X-Answer"), "late");
                            ex.getResponseSender().send("asgi got " + body);
                          }));
    }

    /** Sends its headers at once, then its body slowly, past the limit. */
    @Function
    @AsgiApp
    static HttpHandler streamingAsgi() {
      return exchange ->
          exchange.dispatch(
              () -> {
                exchange.startBlocking();
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                try (OutputStream out = exchange.getOutputStream()) {
                  out.write("first ".getBytes(StandardCharsets.UTF_8));
                  out.flush();
                  Thread.sleep(600);
                  out.write("second".getBytes(StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
    }

    @Function
    @WsgiApp
    static HttpServlet slowServlet() {
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          awaitRelease();
          response.setStatus(202);
          response.setContentType("text/plain;charset=UTF-8");
          response.setHeader("X-Answer", "servlet");
          response.getWriter().write("servlet got " + body);
        }
      };
    }

    @Function
    @WebServer(29231)
    static AutoCloseable slowServer() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 29231), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/",
          exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body =
                  ("server got " + new String(in.readAllBytes(), StandardCharsets.UTF_8))
                      .getBytes(StandardCharsets.UTF_8);
            }
            awaitRelease();
            exchange.getResponseHeaders().add("Content-Type", "text/x-server");
            exchange.getResponseHeaders().add("X-Answer", "server");
            exchange.sendResponseHeaders(203, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return () -> server.stop(0);
    }
  }

  static void awaitRelease() {
    try {
      release.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Emulator emulator;
  private HttpClient client;

  @BeforeEach
  void start() {
    release = new CountDownLatch(1);
    emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .gatewayTimeout(Duration.ofMillis(300))
            .start();
    client = emulator.httpClientBuilder().build(); // follows no redirects
  }

  @AfterEach
  void stop() {
    release.countDown();
    emulator.close();
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .POST(BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> get(String url) {
    return client.sendAsync(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        BodyHandlers.ofString());
  }

  /** The 303, then the result URL: waits for the function, then answers as often as asked. */
  private void redirectsThenAnswers(
      String function, int status, String contentType, String answerHeader, String body)
      throws Exception {
    String url = emulator.webUrl(function);
    HttpResponse<String> redirect = post(url + "/job?n=7", "payload");
    assertThat(redirect.statusCode()).isEqualTo(303);
    assertThat(redirect.body()).isEmpty();
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches(url + "/job\\?n=7&__modal_function_call_id=fc-[0-9A-Z]{26}");
    assertThat(redirect.headers().firstValue("Connection")).hasValue("close");
    assertThat(emulator.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .contains("POST /job 303");

    CompletableFuture<HttpResponse<String>> result = get(location);
    Thread.sleep(100);
    assertThat(result).isNotDone(); // the function still waits
    release.countDown();
    HttpResponse<String> first = result.get(20, TimeUnit.SECONDS);
    HttpResponse<String> again = get(location).get(20, TimeUnit.SECONDS);
    for (HttpResponse<String> answer : List.of(first, again)) {
      assertThat(answer.statusCode()).isEqualTo(status);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue(contentType);
      assertThat(answer.headers().firstValue("X-Answer")).hasValue(answerHeader);
      assertThat(answer.headers().firstValue("Content-Length"))
          .hasValue(String.valueOf(body.length()));
      assertThat(answer.body()).isEqualTo(body);
    }
  }

  @Test
  void anAsgiAppPastTheLimitGetsA303AndItsResponseWaitsAtTheResultUrl() throws Exception {
    redirectsThenAnswers("slowAsgi", 201, "text/x-late", "late", "asgi got payload");
  }

  @Test
  void aWsgiAppPastTheLimitGetsA303AndItsResponseWaitsAtTheResultUrl() throws Exception {
    redirectsThenAnswers(
        "slowServlet", 202, "text/plain;charset=UTF-8", "servlet", "servlet got payload");
  }

  @Test
  void aWebServerPastTheLimitGetsA303AndItsResponseWaitsAtTheResultUrl() throws Exception {
    redirectsThenAnswers("slowServer", 203, "text/x-server", "server", "server got payload");
  }

  @Test
  void aResponseWhoseHeadersWentOutBeforeTheLimitStreamsOnToItsClient() throws Exception {
    HttpResponse<String> streamed = get(emulator.webUrl("streamingAsgi")).get(20, TimeUnit.SECONDS);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).isEqualTo("first second");
    assertThat(emulator.requests()).extracting(RecordedRequest::status).containsExactly(200);
  }

  @Test
  void theClientsNextRequestFindsTheAppFreeAfterThe303() throws Exception {
    String url = emulator.webUrl("slowAsgi");
    HttpResponse<String> redirect = post(url + "/", "one");
    assertThat(redirect.statusCode()).isEqualTo(303);
    release.countDown();
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(get(location).get(20, TimeUnit.SECONDS).body()).isEqualTo("asgi got one");
    // The released app answers the next request before the limit: directly.
    HttpResponse<String> next = post(url + "/", "two");
    assertThat(next.statusCode()).isEqualTo(201);
    assertThat(next.body()).isEqualTo("asgi got two");
  }
}
