package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Request;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BodyReceivingTest {
  static final String COUNT = "local--bodies-count.localhost";
  static final String LENGTH = "local--bodies-length.localhost";
  static final String GUARDED = "local--bodies-guarded.localhost";
  static final int LIMIT = 4 * 1024 * 1024;
  static Emulator emulator;

  @App("bodies")
  static class BodiesApp {
    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> count(Map<String, Object> body) {
      return Map.of("keys", body.size());
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> length(Request request) {
      return Map.of("bytes", request.body().length);
    }

    @Function
    @FastapiEndpoint(method = "POST", requiresProxyAuth = true)
    static Map<String, Object> guarded(Map<String, Object> body) {
      return Map.of("keys", body.size());
    }
  }

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .apps(BodiesApp.class)
            .maxFastapiBodySize(LIMIT)
            .bodyMemoryThreshold(64 * 1024)
            .minBodyRate(2000)
            .bodyRateWindow(Duration.ofMillis(500))
            .workerThreads(2)
            .proxyAuthToken("wk-test", "ws-test")
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  /** A JSON object of {@code keys} members, about 20 bytes each. */
  static byte[] json(int keys) {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < keys; i++) {
      text.append(i == 0 ? "" : ",").append("\"key").append(i).append("\":\"value\"");
    }
    return text.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  static Response post(String host, byte[] body) throws Exception {
    return RawHttp.exchange(
        emulator.port(),
        "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n",
        body);
  }

  @Test
  void bodyOverTheMemoryThresholdIsParsedFromItsFile() throws Exception {
    Response response = post(COUNT, json(100_000)); // about 2 MiB
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"keys\":100000}");
  }

  @Test
  void invalidJsonOverTheThresholdGetsPythonsErrorAndPosition() throws Exception {
    byte[] valid = json(10_000);
    byte[] broken = new byte[valid.length + 1];
    System.arraycopy(valid, 0, broken, 0, valid.length - 1);
    broken[valid.length - 1] = ',';
    broken[valid.length] = '}';
    Response response = post(COUNT, broken);
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.body())
        .isEqualTo(
            "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\","
                + valid.length
                + "],\"msg\":\"JSON decode error\",\"input\":{},\"ctx\":{\"error\":"
                + "\"Expecting property name enclosed in double quotes\"}}]}");
  }

  @Test
  void requestBodyOverTheThresholdIsWhole() throws Exception {
    Response response = post(LENGTH, new byte[3 * 1024 * 1024]);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"bytes\":3145728}");
  }

  @Test
  void declaredLengthOverTheLimitGetsTheClouds413() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: " + COUNT + "\r\nContent-Length: 600000000\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo("modal-http: request body is larger than the limit of 4194304 bytes");
    }
  }

  @Test
  void chunkedBodyOverTheLimitGetsTheClouds413AndTheConnectionCloses() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: " + COUNT + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      String size = Integer.toHexString(chunk.length) + "\r\n";
      try {
        for (int i = 0; i < 200; i++) { // 12.5 MiB at most, three times the limit
          out.write(size.getBytes(StandardCharsets.ISO_8859_1));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
      } catch (java.io.IOException closedByTheServer) {
        // expected once the limit is passed
      }
      Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo("modal-http: request body is larger than the limit of 4194304 bytes");
    }
  }

  /**
   * A refused body's request is over once its answer is out: the emulator's stop, which waits for
   * the requests in flight (up to its stop timeout), doesn't wait for it. Undertow, left to itself,
   * would try to drain the rest of the body through the read that refused it, and close the
   * connection without ending the request.
   */
  @Test
  void aRefusedBodyIsNoRequestTheStopWaitsFor() throws Exception {
    Emulator refusing =
        Emulator.builder()
            .apps(BodiesApp.class, BadInputTest.AsyncReadingApp.class)
            .maxRequestBodySize(1024)
            .stopTimeout(Duration.ofSeconds(20))
            .start();
    String chunked = "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    String tooLarge = ("258\r\n" + "x".repeat(600) + "\r\n").repeat(2) + "0\r\n\r\n";
    try {
      Response json =
          RawHttp.sendRaw(
              refusing.port(),
              ("POST / HTTP/1.1\r\nHost: " + COUNT + chunked + tooLarge)
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(json.status()).isEqualTo(413);
      Response async =
          RawHttp.sendRaw(
              refusing.port(),
              ("POST / HTTP/1.1\r\nHost: local--limits-async-create-app.localhost"
                      + chunked
                      + tooLarge)
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(async.status()).isEqualTo(413);
      Response broken =
          RawHttp.sendRaw(
              refusing.port(),
              ("POST / HTTP/1.1\r\nHost: " + COUNT + chunked + "zz\r\n{}\r\n0\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(broken.status()).isEqualTo(400);
    } finally {
      long stopping = System.nanoTime();
      refusing.close();
      assertThat(Duration.ofNanos(System.nanoTime() - stopping))
          .as("the stop, whose timeout is 20 s")
          .isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void slowBodiesGet408AndHoldNoWorker() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) { // three times the worker threads
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port());
        socket.setSoTimeout(10_000);
        socket
            .getOutputStream()
            .write(
                ("POST / HTTP/1.1\r\nHost: " + COUNT + "\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
        slow.add(socket);
      }
      // While they trickle, everyone else is served.
      assertThat(post(COUNT, json(3)).body()).isEqualTo("{\"keys\":3}");
      long started = System.nanoTime();
      for (Socket socket : slow) {
        Response response = RawHttp.read(socket.getInputStream()); // the server closes it
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.body())
            .isEqualTo(
                "modal-http: request body arrived slower than 2000 bytes per second for 500 ms");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void expectContinueGets100BeforeTheBodyIsSent() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      byte[] body = json(2);
      socket
          .getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: "
                      + COUNT
                      + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                      + "Connection: close\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
      assertThat(new String(interim, StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      socket.getOutputStream().write(body);
      Response response = RawHttp.read(in);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"keys\":2}");
    }
  }

  @Test
  void expectContinueWithoutCredentialsGetsTheFinal401() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST / HTTP/1.1\r\nHost: "
                      + GUARDED
                      + "\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 401");
    }
  }
}
