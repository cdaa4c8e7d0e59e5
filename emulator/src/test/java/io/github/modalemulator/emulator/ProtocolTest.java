package io.github.modalemulator.emulator;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP protocol itself refuses, answered below the functions: unknown versions, bad h2c
 * settings, chunk sizes past the body limit, headers that don't arrive in time; and URLs with a
 * {@code %} that starts no escape, which reach the function as text.
 */
class ProtocolTest {
  static final String ECHO = "local--protocol-echo.localhost";
  static final String COUNT = "local--protocol-count.localhost";
  static final String IGNORE = "local--protocol-ignore.localhost";
  static final int LIMIT = 1024 * 1024;
  static Emulator emulator;

  @App("protocol")
  static class ProtocolApp {
    @Function
    @FastapiEndpoint
    static Map<String, Object> echo(String s) {
      return Map.of("s", s);
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> count(Map<String, Object> body) {
      return Map.of("keys", body.size());
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> ignore() {
      return Map.of("read", false);
    }
  }

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .apps(ProtocolApp.class)
            .maxRequestBodySize(LIMIT)
            .headerTimeout(Duration.ofMillis(600))
            .idleTimeout(Duration.ofMillis(1_500))
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void anUnknownHttpVersionGets505() throws Exception {
    Response response =
        RawHttp.sendRaw(
            emulator.port(),
            ("GET /?s=a HTTP/9.9\r\nHost: " + ECHO + "\r\n\r\n").getBytes(ISO_8859_1));
    assertThat(response.status()).isEqualTo(505);
    assertThat(response.body()).isEqualTo("HTTP Version Not Supported");
    assertThat(response.header("connection")).isEqualTo("close");
  }

  @Test
  void http10IsStillServed() throws Exception {
    Response response =
        RawHttp.sendRaw(
            emulator.port(),
            ("GET /?s=a HTTP/1.0\r\nHost: " + ECHO + "\r\n\r\n").getBytes(ISO_8859_1));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"s\":\"a\"}");
  }

  @Test
  void anH2cUpgradeWithBadSettingsGets400() throws Exception {
    for (String settings : new String[] {"!!!not-base64!!!", "AAMAAABk_", "AAMAAABkAA"}) {
      Response response =
          RawHttp.sendRaw(
              emulator.port(),
              ("GET /?s=a HTTP/1.1\r\nHost: "
                      + ECHO
                      + "\r\nUpgrade: h2c\r\nHTTP2-Settings: "
                      + settings
                      + "\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n")
                  .getBytes(ISO_8859_1));
      assertThat(response.status()).as(settings).isEqualTo(400);
      assertThat(response.body()).isEqualTo("modal-http: the HTTP2-Settings header is not valid");
    }
  }

  @Test
  void aValidH2cUpgradeIsServedOverHttp2() throws Exception {
    // Java's client sends valid settings and can't name another host: the index page answers.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.port() + "/")).build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void http2WithPriorKnowledgeIsServedAndNeverGetsAnHttp1Timeout() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(ISO_8859_1));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
      out.flush();
      byte[] frameHead = socket.getInputStream().readNBytes(9);
      assertThat(frameHead).hasSize(9);
      assertThat(frameHead[3]).as("frame type SETTINGS").isEqualTo((byte) 4);
      Thread.sleep(1_200); // twice the header timeout
      byte[] later = readAvailable(socket.getInputStream(), 500);
      assertThat(new String(later, ISO_8859_1)).doesNotContain("HTTP/1.1 408");
    }
  }

  @Test
  void aChunkSizePastTheLimitReadWithTheHeadGets413() throws Exception {
    for (String size : new String[] {"7fffffffffffffff", "ffffffffffffffffffff", "100001"}) {
      Response response =
          RawHttp.sendRaw(
              emulator.port(),
              ("POST / HTTP/1.1\r\nHost: "
                      + COUNT
                      + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + size
                      + "\r\n{}")
                  .getBytes(ISO_8859_1));
      assertThat(response.status()).as(size).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo("modal-http: request body is larger than the limit of 1048576 bytes");
    }
  }

  @Test
  void aChunkSizePastTheLimitSentLaterGets413() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: "
                  + COUNT
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "1\r\n{\r\n")
              .getBytes(ISO_8859_1));
      out.flush();
      Thread.sleep(200); // the head and first chunk are read and the function's body awaited
      out.write("7fffffffffffffff\r\nab".getBytes(ISO_8859_1));
      out.flush();
      Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo("modal-http: request body is larger than the limit of 1048576 bytes");
    }
  }

  @Test
  void anUnreadBodyWithAnOverflowingChunkCantSmuggleARequest() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: " + IGNORE + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(ISO_8859_1));
      out.flush();
      Thread.sleep(200);
      // Undertow's chunk reader alone would end this body after "ab" and read what follows as a
      // request of its own.
      out.write(
          ("7fffffffffffffff\r\nab\r\n0\r\n\r\nGET /?s=smuggled HTTP/1.1\r\nHost: "
                  + ECHO
                  + "\r\n\r\n")
              .getBytes(ISO_8859_1));
      out.flush();
      String answers = new String(readUntilClosed(socket.getInputStream()), ISO_8859_1);
      assertThat(answers).doesNotContain("smuggled");
    }
  }

  @Test
  void headersThatDontArriveInTimeGet408AndTheConnectionCloses() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(("GET / HTTP/1.1\r\nHost: " + ECHO + "\r\nX-Slow:").getBytes(ISO_8859_1));
      long start = System.nanoTime();
      Response response = RawHttp.read(socket.getInputStream());
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.body())
          .isEqualTo("modal-http: request headers were not received in time");
      assertThat(waitedMillis).isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void aKeptAliveConnectionGets408OnlyForItsSlowSecondRequest() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /?s=first HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n").getBytes(ISO_8859_1));
      out.flush();
      Thread.sleep(1_000); // idle between requests, longer than the header timeout: no 408
      out.write(("GET /?s=second HTTP/1.1\r\nHost: " + ECHO + "\r\n").getBytes(ISO_8859_1));
      out.flush();
      String answers = new String(readUntilClosed(socket.getInputStream()), ISO_8859_1);
      assertThat(answers).startsWith("HTTP/1.1 200 ").contains("{\"s\":\"first\"}");
      assertThat(answers.indexOf("HTTP/1.1 408 Request Timeout")).isGreaterThan(0);
      assertThat(answers).doesNotContain("second");
    }
  }

  @Test
  void aPercentThatStartsNoEscapeReachesTheFunctionAsText() throws Exception {
    assertThat(RawHttp.get(emulator.port(), ECHO, "/?s=100%").body()).isEqualTo("{\"s\":\"100%\"}");
    assertThat(RawHttp.get(emulator.port(), ECHO, "/?s=%ZZ%41").body())
        .isEqualTo("{\"s\":\"%ZZA\"}");
    assertThat(RawHttp.get(emulator.port(), ECHO, "/?s=a+b%2Bc%C3%A9").body())
        .isEqualTo("{\"s\":\"a b+cé\"}");
    Response path = RawHttp.get(emulator.port(), ECHO, "/100%?s=a");
    assertThat(path.status()).isEqualTo(404);
  }

  @Test
  void aTransferEncodingThatDoesntEndInChunkedGets400AndOneNotImplemented501() throws Exception {
    String head = "POST / HTTP/1.1\r\nHost: " + COUNT + "\r\nContent-Type: application/json\r\n";
    Response gzip =
        RawHttp.sendRaw(
            emulator.port(), (head + "Transfer-Encoding: gzip\r\n\r\nxx").getBytes(ISO_8859_1));
    assertThat(gzip.status()).isEqualTo(400);
    assertThat(gzip.body())
        .isEqualTo("modal-http: the request's Transfer-Encoding doesn't end in chunked");
    Response chunkedGzip =
        RawHttp.sendRaw(
            emulator.port(),
            (head + "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                .getBytes(ISO_8859_1));
    assertThat(chunkedGzip.status()).isEqualTo(400);
    Response gzipChunked =
        RawHttp.sendRaw(
            emulator.port(),
            (head + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                .getBytes(ISO_8859_1));
    assertThat(gzipChunked.status()).isEqualTo(501);
    assertThat(gzipChunked.body())
        .isEqualTo("modal-http: the transfer coding gzip is not supported");
    assertThat(gzipChunked.header("connection")).isEqualTo("close");
  }

  @Test
  void aChunkSizeThatIsNoHexNumberGets400WithTheHeadOrLater() throws Exception {
    String head =
        "POST / HTTP/1.1\r\nHost: "
            + COUNT
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (String size : new String[] {"zz", "-2"}) {
      Response response =
          RawHttp.sendRaw(
              emulator.port(), (head + size + "\r\n{}\r\n0\r\n\r\n").getBytes(ISO_8859_1));
      assertThat(response.status()).as(size).isEqualTo(400);
      assertThat(response.body())
          .isEqualTo("modal-http: a chunk size of the request body is no hex number");
    }
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "1\r\n{\r\n").getBytes(ISO_8859_1));
      out.flush();
      Thread.sleep(200);
      out.write("zz\r\n}\r\n0\r\n\r\n".getBytes(ISO_8859_1));
      out.flush();
      Response response = RawHttp.read(socket.getInputStream());
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body())
          .isEqualTo("modal-http: a chunk size of the request body is no hex number");
    }
  }

  @Test
  void aPercentWhoseNextBytesComeInALaterReadReachesTheFunctionAsText() throws Exception {
    for (String[] parts : new String[][] {{"GET /?s=10%", "zz"}, {"GET /?s=10%z", "z"}}) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(parts[0].getBytes(ISO_8859_1));
        out.flush();
        Thread.sleep(200);
        out.write(
            (parts[1] + " HTTP/1.1\r\nHost: " + ECHO + "\r\nConnection: close\r\n\r\n")
                .getBytes(ISO_8859_1));
        out.flush();
        Response response = RawHttp.read(socket.getInputStream());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"s\":\"10%zz\"}");
      }
    }
  }

  @Test
  void aHigherMinorVersionOfHttp1IsServedAs11() throws Exception {
    Response response =
        RawHttp.sendRaw(
            emulator.port(),
            ("GET /?s=a HTTP/1.2\r\nHost: " + ECHO + "\r\nConnection: close\r\n\r\n")
                .getBytes(ISO_8859_1));
    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void anH2cUpgradeWithABodyIsServedAsHttp11() throws Exception {
    String big = "{\"a\":\"" + "x".repeat(17_000) + "\"}";
    Response response =
        RawHttp.sendRaw(
            emulator.port(),
            ("POST / HTTP/1.1\r\nHost: "
                    + COUNT
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAEAAAAAAAIAAAAA\r\n"
                    + "Connection: Upgrade, HTTP2-Settings, close\r\n\r\n"
                    + Integer.toHexString(big.length())
                    + "\r\n"
                    + big
                    + "\r\n0\r\n\r\n")
                .getBytes(ISO_8859_1));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"keys\":1}");
  }

  @Test
  void anIdleHttp2ConnectionWithPriorKnowledgeIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(8_000);
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(ISO_8859_1));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      long start = System.nanoTime();
      readUntilClosed(socket.getInputStream()); // SETTINGS, its ACK, then nothing
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(waitedMillis).isBetween(1_000L, 6_000L);
    }
  }

  @Test
  void theEmulatorServesOnAfterAllOfThis() throws Exception {
    aChunkSizePastTheLimitReadWithTheHeadGets413();
    anUnknownHttpVersionGets505();
    assertThat(RawHttp.get(emulator.port(), ECHO, "/?s=ok").body()).isEqualTo("{\"s\":\"ok\"}");
  }

  private static byte[] readAvailable(InputStream in, int waitMillis) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long end = System.nanoTime() + waitMillis * 1_000_000L;
    byte[] buffer = new byte[4096];
    while (System.nanoTime() < end) {
      try {
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        out.write(buffer, 0, read);
      } catch (SocketTimeoutException e) {
        break;
      }
    }
    return out.toByteArray();
  }

  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int read; (read = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, read);
      }
    } catch (IOException reset) {
      // a connection the server closed with bytes unread may end in a reset
    }
    return out.toByteArray();
  }
}
