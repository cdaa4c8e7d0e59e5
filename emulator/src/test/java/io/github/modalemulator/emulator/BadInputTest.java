package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BadInputTest {
  static final String HOST = "local--limits-create-app.localhost";
  static Emulator emulator;

  @App("limits")
  static class ReadingApp {
    @Function
    @AsgiApp
    static HttpHandler createApp() {
      // A blocking read: on a worker, as Undertow wants (handlers are called on the I/O thread).
      return new BlockingHandler(
          exchange -> {
            long total = exchange.getInputStream().transferTo(OutputStream.nullOutputStream());
            exchange.getResponseSender().send("read " + total);
          });
    }
  }

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .apps(ReadingApp.class)
            .maxRequestBodySize(1024)
            .headerTimeout(Duration.ofMillis(500))
            .idleTimeout(Duration.ofMillis(700))
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static void assertStillServing() throws Exception {
    Response response =
        RawHttp.exchange(
            emulator.port(), "POST / HTTP/1.1\r\nHost: " + HOST + "\r\n", new byte[10]);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("read 10");
  }

  @Test
  void aBodyTheClientCutsShortIsItsFaultA400AndAQuietLogLine() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 100\r\n\r\n0123456789")
                  .getBytes(StandardCharsets.ISO_8859_1));
      socket.shutdownOutput(); // the client stops sending: 90 bytes will never come
      Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body())
          .isEqualTo("modal-http: the request body ended before the length it declared");
    }
    assertThat(emulator.logs("createApp"))
        .noneMatch(l -> l.contains("failed"))
        .anyMatch(l -> l.contains("the client's request body ended early"));
    assertStillServing();
  }

  @Test
  void aMalformedRequestLineGetsUndertows400() throws Exception {
    Response response =
        RawHttp.sendRaw(
            emulator.port(), "NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(response.status()).isEqualTo(400);
    assertStillServing();
  }

  @Test
  void aMalformedHeaderGets400() throws Exception {
    Response response =
        RawHttp.sendRaw(
            emulator.port(),
            ("GET / HTTP/1.1\r\nHost: " + HOST + "\r\nBad Header Name: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(response.status()).isEqualTo(400);
    assertStillServing();
  }

  @Test
  void aDeclaredBodyOverTheLimitGets413BeforeTheFunctionRuns() throws Exception {
    Response response =
        RawHttp.exchange(
            emulator.port(), "POST / HTTP/1.1\r\nHost: " + HOST + "\r\n", new byte[1025]);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.body())
        .isEqualTo("modal-http: request body is larger than the limit of 1024 bytes");
    assertThat(emulator.logs("createApp")).noneMatch(l -> l.contains("failed"));
    assertStillServing();
  }

  @Test
  void aChunkedBodyOverTheLimitGets413() throws Exception {
    String chunk = "x".repeat(600);
    String body =
        Integer.toHexString(600)
            + "\r\n"
            + chunk
            + "\r\n"
            + Integer.toHexString(600)
            + "\r\n"
            + chunk
            + "\r\n0\r\n\r\n";
    Response response =
        RawHttp.sendRaw(
            emulator.port(),
            ("POST / HTTP/1.1\r\nHost: "
                    + HOST
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + body)
                .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body())
        .isEqualTo("modal-http: request body is larger than the limit of 1024 bytes");
    assertStillServing();
  }

  @App("limits-async")
  static class AsyncReadingApp {
    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return exchange ->
          exchange
              .getRequestReceiver()
              .receiveFullBytes(
                  (done, body) -> {
                    if (body.length == 13) {
                      throw new IllegalStateException("unlucky body");
                    }
                    done.getResponseSender().send("read " + body.length);
                  });
    }
  }

  @Test
  void anAsyncReaderOfAChunkedBodyOverTheLimitGets413() throws Exception {
    try (Emulator async =
        Emulator.builder().apps(AsyncReadingApp.class).maxRequestBodySize(1024).start()) {
      String chunk = "x".repeat(600);
      Response response =
          RawHttp.sendRaw(
              async.port(),
              ("POST / HTTP/1.1\r\nHost: local--limits-async-create-app.localhost\r\n"
                      + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                      + "258\r\n"
                      + chunk
                      + "\r\n258\r\n"
                      + chunk
                      + "\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo("modal-http: request body is larger than the limit of 1024 bytes");
    }
  }

  @Test
  void anExceptionInAnAsyncCallbackGetsThePlain500AndIsLogged() throws Exception {
    try (Emulator async = Emulator.builder().apps(AsyncReadingApp.class).start()) {
      Response response =
          RawHttp.exchange(
              async.port(),
              "POST / HTTP/1.1\r\nHost: local--limits-async-create-app.localhost\r\n",
              new byte[13]);
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(response.body()).isEqualTo("Internal Server Error");
      assertThat(async.logs("createApp"))
          .contains(
              "request POST / to createApp failed",
              "java.lang.IllegalStateException: unlucky body");
    }
  }

  @Test
  void aBodyAtTheLimitIsAccepted() throws Exception {
    Response response =
        RawHttp.exchange(
            emulator.port(), "POST / HTTP/1.1\r\nHost: " + HOST + "\r\n", new byte[1024]);
    assertThat(response.body()).isEqualTo("read 1024");
  }

  @Test
  void aClientThatTricklesItsHeadersIsCutOffAtTheHeaderTimeout() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      long began = System.nanoTime();
      // A byte every 200 ms: never idle for the 700 ms idle timeout, never done with its headers.
      boolean cut = false;
      for (int i = 0; i < 40 && !cut; i++) {
        try {
          out.write('X');
          out.flush();
          Thread.sleep(200);
        } catch (java.net.SocketException closed) {
          cut = true;
        }
        if (!cut && socket.getInputStream().available() > 0) {
          cut = readUntilClosed(socket.getInputStream());
        }
      }
      assertThat(cut).as("the connection was cut").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    }
    assertStillServing();
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      // The response comes, then nothing: the server must close the idle connection.
      assertThat(readUntilClosed(socket.getInputStream())).isTrue();
    }
  }

  /** True when the peer closed (or reset) within the socket timeout; false on timeout. */
  private static boolean readUntilClosed(InputStream in) throws Exception {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // discard whatever comes before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }
}
