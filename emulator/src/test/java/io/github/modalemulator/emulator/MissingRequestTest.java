package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.testing.RawHttp;
import io.undertow.server.HttpHandler;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request that announces a body which doesn't start in time gets the 408 of the cloud's client
 * library ("Missing request, possibly due to expiry or cancellation"), whatever the kind: a FastAPI
 * endpoint never runs; an app, a servlet or a web server sees its client disconnect.
 *
 * <p>Its apps tell the test what they saw through static fields, so every container runs the test's
 * own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class MissingRequestTest {
  static final AtomicInteger ENDPOINT_RUNS = new AtomicInteger();
  static final BlockingQueue<String> SEEN = new LinkedBlockingQueue<>();

  /** The whole answer, its Date aside. */
  static final String MISSING =
      "HTTP/1.1 408 Request Timeout\r\n"
          + "Connection: close\r\n"
          + "Content-Length: 55\r\n"
          + "Date: *\r\n"
          + "\r\n"
          + "Missing request, possibly due to expiry or cancellation";

  @App("missing")
  static class Apps {
    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> endpoint(Map<String, Object> body) {
      ENDPOINT_RUNS.incrementAndGet();
      return body;
    }

    @Function
    @AsgiApp
    static HttpHandler asgi() {
      return exchange ->
          exchange
              .getRequestReceiver()
              .receiveFullString(
                  (ex, body) -> {
                    SEEN.add("asgi got '" + body + "'");
                    ex.getResponseSender().send("asgi got " + body);
                  },
                  (ex, failure) -> SEEN.add("asgi: " + failure.getClass().getSimpleName()));
    }

    /** Takes no request channel: answers without reading the body. */
    @Function
    @AsgiApp
    static HttpHandler ignoresBody() {
      return exchange ->
          exchange.dispatch(
              () -> {
                try {
                  Thread.sleep(400);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                exchange.getResponseSender().send("did not read");
              });
    }

    @Function
    @WsgiApp
    static HttpServlet servlet() {
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          try {
            request.getInputStream().readAllBytes();
            response.getWriter().write("servlet read it");
          } catch (IOException e) {
            SEEN.add("servlet: IOException");
            throw e;
          }
        }
      };
    }

    @Function
    @WebServer(29232)
    static AutoCloseable server() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 29232), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext(
          "/",
          exchange -> {
            SEEN.add("server: request");
            try (InputStream in = exchange.getRequestBody()) {
              in.readAllBytes();
              exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
              SEEN.add("server: IOException");
            } finally {
              exchange.close();
            }
          });
      server.start();
      return () -> server.stop(0);
    }
  }

  static Emulator emulator;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Apps.class)
            .firstMessageTimeout(Duration.ofMillis(300))
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
  }

  private static String host(String function) {
    return "local--missing-" + function + ".localhost";
  }

  /** Sends the head and {@code firstBytes} of a 10-byte body, then nothing: the whole answer. */
  private static String announceBodyThenWait(String function, String firstBytes)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: "
                  + host(function)
                  + "\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n"
                  + firstBytes)
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readOneAsSent(socket.getInputStream());
    }
  }

  /** One response as it came, its Date aside: the head up to the blank line, then its body. */
  private static String readOneAsSent(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the response so far: %s", head).isNotNegative();
      head.append((char) b);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("Content-Length: (\\d+)\r\n").matcher(head);
    assertThat(length.find()).as("a Content-Length in %s", head).isTrue();
    byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
    return head.toString().replaceFirst("Date: [^\r]*\r\n", "Date: *\r\n")
        + new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void aFastapiBodyThatDoesntStartGetsTheClouds408AndTheEndpointNeverRuns() throws Exception {
    ENDPOINT_RUNS.set(0);
    assertThat(announceBodyThenWait("endpoint", "")).isEqualTo(MISSING);
    assertThat(ENDPOINT_RUNS).hasValue(0);
  }

  @Test
  void anAppWhoseBodyDoesntStartGetsTheClouds408AndSeesItsClientGo() throws Exception {
    assertThat(announceBodyThenWait("asgi", "")).isEqualTo(MISSING);
    assertThat(SEEN.poll(10, TimeUnit.SECONDS)).startsWith("asgi: ");
  }

  @Test
  void aServletWhoseBodyDoesntStartGetsTheClouds408AndSeesItsClientGo() throws Exception {
    assertThat(announceBodyThenWait("servlet", "")).isEqualTo(MISSING);
    assertThat(SEEN.poll(10, TimeUnit.SECONDS)).isEqualTo("servlet: IOException");
  }

  @Test
  void aWebServerWhoseBodyDoesntStartGetsTheClouds408() throws Exception {
    assertThat(announceBodyThenWait("server", "")).isEqualTo(MISSING);
    // The proxy to the server sends a request's head with its first body bytes: the server never
    // saw this one (in the cloud it sees it, then its end). Its container serves on.
    RawHttp.Response next =
        RawHttp.exchange(
            emulator.port(),
            "POST / HTTP/1.1\r\nHost: " + host("server") + "\r\n",
            "0123456789".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(next.status()).isEqualTo(200);
    assertThat(SEEN).containsExactly("server: request");
  }

  @Test
  void aBodyThatStartedInTimeMayTakeLonger() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: "
                  + host("asgi")
                  + "\r\nConnection: close\r\nContent-Length: 10\r\n\r\n01234")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread.sleep(600); // twice the first message's timeout
      out.write("56789".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nasgi got 0123456789");
    }
  }

  @Test
  void anAppThatDoesntAskForTheBodyIsLetBe() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: "
                      + host("ignores-body")
                      + "\r\nContent-Length: 10\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Response answer = RawHttp.readOne(socket.getInputStream());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("did not read");
    }
  }
}
