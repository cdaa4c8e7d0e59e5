package io.github.modalemulator.servers;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp2;
import io.github.modalemulator.testing.RawHttp2.Field;
import io.github.modalemulator.testing.RecordingBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches a {@code @WebServer}'s backend past the edge: no HTTP/2 field that would be a line
 * of its own on the backend's HTTP/1.1 connection, and none of the client's values of the fields
 * the edge owns. The backend is a raw socket that keeps every byte it receives.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class WebServerEdgeTest {
  static final int PORT = 29170;
  static final String BACKEND = "local--edge-backend.localhost";
  static final String HELLO = "local--edge-hello.localhost";
  static final String CR_LF_NUL = "modal-http: the value of the field x-a contains a CR, LF or NUL";
  static final AtomicReference<RecordingBackend> RECORDING = new AtomicReference<>();
  static final AtomicInteger HELLO_RUNS = new AtomicInteger();
  static Emulator emulator;

  @App("edge")
  static class Edge {
    @Function
    @WebServer(PORT)
    static AutoCloseable backend() throws IOException {
      RecordingBackend backend = RecordingBackend.start(PORT);
      RECORDING.set(backend);
      return backend;
    }

    @Function
    @FastapiEndpoint
    static String hello() {
      HELLO_RUNS.incrementAndGet();
      return "hello";
    }
  }

  @BeforeAll
  static void start() throws Exception {
    emulator = Emulator.builder().isolation(Isolation.GENERATION).apps(Edge.class).start();
    assertThat(RawHttp.get(emulator.port(), BACKEND, "/warm-up").status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void forget() {
    RECORDING.get().clear();
  }

  private static List<Field> get(String host, String path, Field... more) {
    List<Field> fields = new ArrayList<>(RawHttp2.request("GET", host, path));
    fields.addAll(List.of(more));
    return fields;
  }

  private static RawHttp2.Answer priorKnowledge(List<Field> fields) throws IOException {
    try (RawHttp2 h2 = RawHttp2.priorKnowledge(emulator.port())) {
      h2.headers(1, fields, true);
      return h2.answer(1);
    }
  }

  /** Stream 3 of a connection upgraded by a request of its own, which must be answered. */
  private static RawHttp2.Answer upgraded(List<Field> fields) throws IOException {
    try (RawHttp2 h2 =
        RawHttp2.upgrade(emulator.port(), "GET /upgrade HTTP/1.1\r\nHost: " + BACKEND + "\r\n")) {
      assertThat(h2.answer(1).status()).as("the upgrade request's answer").isEqualTo(200);
      h2.headers(3, fields, true);
      return h2.answer(3);
    }
  }

  @Test
  void http2ValuesWithCrLfOrNulGet400AndReachNoBackend() throws Exception {
    List<String> values =
        List.of(
            "a\r\nX-Injected: yes",
            "a\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: " + BACKEND + "\r\n\r\n",
            "a\nX-Injected: yes",
            "a\rX-Injected: yes",
            "a\0b");
    for (String value : values) {
      Field field = new Field("x-a", value);
      assertThat(priorKnowledge(get(BACKEND, "/prior", field)))
          .isEqualTo(new RawHttp2.Answer(400, CR_LF_NUL));
      assertThat(upgraded(get(BACKEND, "/h2c", field)))
          .isEqualTo(new RawHttp2.Answer(400, CR_LF_NUL));
    }
    String received = RECORDING.get().received();
    assertThat(received).doesNotContain("/prior", "/h2c", "Injected", "SMUGGLED");
    assertThat(received).contains("GET /upgrade HTTP/1.1");
  }

  @Test
  void aSmuggledRequestNeverAnswersTheNextClient() throws Exception {
    Field smuggling =
        new Field("x-a", "a\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: " + BACKEND + "\r\n\r\n");
    for (int i = 0; i < 5; i++) {
      assertThat(priorKnowledge(get(BACKEND, "/attack-" + i, smuggling)).status()).isEqualTo(400);
      RawHttp.Response victim = RawHttp.get(emulator.port(), BACKEND, "/victim-" + i);
      assertThat(victim.body()).startsWith("GET /victim-" + i + " HTTP/1.1\r\n");
    }
    assertThat(RECORDING.get().received()).doesNotContain("SMUGGLED", "/attack-");
  }

  @Test
  void http2NamesWithCrLfOrNulAreRefusedAndReachNoBackend() throws Exception {
    for (String name : List.of("x-a\r\nx-injected", "x-a\nx", "x-a\0")) {
      int status = priorKnowledge(get(BACKEND, "/name", new Field(name, "v"))).status();
      // Undertow's HTTP/2 reader refuses such a name before any handler: a reset stream, or for a
      // header block it can't decode, the whole connection (GOAWAY, then closed: no answer).
      assertThat(status).as("reset, closed or 400, for " + name).isIn(-1, 0, 400);
    }
    assertThat(RECORDING.get().received()).doesNotContain("/name", "injected");
  }

  @Test
  void malformedHttp2FieldsGet400NamingTheField() throws Exception {
    assertThat(priorKnowledge(get(BACKEND, "/ws", new Field("x-a", " lead"))))
        .isEqualTo(
            new RawHttp2.Answer(
                400, "modal-http: the value of the field x-a begins or ends with white space"));
    assertThat(priorKnowledge(get(BACKEND, "/ws", new Field("x-a", "trail\t"))).status())
        .isEqualTo(400);
    for (String name : List.of("keep-alive", "proxy-connection", "upgrade")) {
      assertThat(priorKnowledge(get(BACKEND, "/hop", new Field(name, "x"))))
          .isEqualTo(
              new RawHttp2.Answer(
                  400,
                  "modal-http: the connection-specific field "
                      + name
                      + " is not allowed in HTTP/2"));
    }
    assertThat(RECORDING.get().received()).doesNotContain("/ws", "/hop");
  }

  @Test
  void anUpgradeThatAsksUndertowToConnectOnlyIsServedAndItsNextStreamChecked() throws Exception {
    try (RawHttp2 h2 =
        RawHttp2.upgrade(
            emulator.port(),
            "GET /connect-only HTTP/1.1\r\nHost: " + BACKEND + "\r\nX-HTTP2-connect-only: 1\r\n")) {
      RawHttp2.Answer upgrade = h2.answer(1);
      assertThat(upgrade.status()).isEqualTo(200);
      assertThat(upgrade.body()).startsWith("GET /connect-only HTTP/1.1\r\n");
      h2.headers(3, get(BACKEND, "/after-connect-only", new Field("keep-alive", "x")), true);
      assertThat(h2.answer(3))
          .isEqualTo(
              new RawHttp2.Answer(
                  400,
                  "modal-http: the connection-specific field keep-alive is not allowed in HTTP/2"));
    }
    assertThat(RECORDING.get().received()).doesNotContain("/after-connect-only");
  }

  @Test
  void anHttp2RequestToAnyFunctionKindIsChecked() throws Exception {
    int before = HELLO_RUNS.get();
    assertThat(priorKnowledge(get(HELLO, "/", new Field("x-a", "a\r\nb"))))
        .isEqualTo(new RawHttp2.Answer(400, CR_LF_NUL));
    assertThat(HELLO_RUNS.get()).isEqualTo(before);
    assertThat(priorKnowledge(get(HELLO, "/")).status()).isEqualTo(200);
  }

  @Test
  void wellFormedHttp2RequestsAreForwardedWithTheirFields() throws Exception {
    RawHttp2.Answer answer =
        priorKnowledge(get(BACKEND, "/fine", new Field("x-custom", "a value; with, marks")));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .startsWith("GET /fine HTTP/1.1\r\n")
        .contains("x-custom: a value; with, marks");
  }

  @Test
  void malformedHttp2TrailersAreDroppedBeforeTheBackend() throws Exception {
    try (RawHttp2 h2 = RawHttp2.priorKnowledge(emulator.port())) {
      h2.headers(1, RawHttp2.request("POST", BACKEND, "/trailers"), false);
      h2.data(1, "body".getBytes(ISO_8859_1), false);
      h2.headers(
          1,
          List.of(new Field("x-t", "a\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: " + BACKEND + "\r\n")),
          true);
      assertThat(h2.answer(1).status()).isEqualTo(200);
    }
    String received = RECORDING.get().received();
    assertThat(received).contains("POST /trailers HTTP/1.1").doesNotContain("SMUGGLED", "x-t");
  }

  private static final String CHUNKED_POST =
      "POST /chunk-trailer HTTP/1.1\r\nHost: "
          + BACKEND
          + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";

  @Test
  void aLastChunkFollowedByALineThatIsNoFieldGets400BeforeTheBackend() throws Exception {
    RawHttp.Response response =
        RawHttp.sendRaw(
            emulator.port(), (CHUNKED_POST + "0\r\nx3\r\nabc\r\n\r\n").getBytes(ISO_8859_1));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("modal-http: the request body's trailer section has a line that is no field");
    assertThat(RECORDING.get().received()).doesNotContain("/chunk-trailer");
    assertTheNextClientGetsItsOwnAnswer();
  }

  /**
   * Trailers that come after the request went on its way are refused below Undertow's chunk reader
   * too: the backend, which has the head and the body so far, never gets them; its connection and
   * the client's close (Undertow's proxy can't answer once it failed mid-body).
   */
  @Test
  void aTrailerSectionLaterThanTheHeadNeverReachesTheBackend() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((CHUNKED_POST + "3\r\nabc\r\n0\r\n").getBytes(ISO_8859_1));
      socket.getOutputStream().flush();
      Thread.sleep(300);
      socket
          .getOutputStream()
          .write(("x-a: " + "v".repeat(20_000) + "\r\n\r\n").getBytes(ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      assertThat(answer).doesNotStartWith("HTTP/1.1 200 ");
    }
    assertThat(RECORDING.get().received()).contains("POST /chunk-trailer").doesNotContain("vvvv");
    assertTheNextClientGetsItsOwnAnswer();
  }

  /** A backend connection left mid-request would hang the next request, or answer it wrongly. */
  private static void assertTheNextClientGetsItsOwnAnswer() throws IOException {
    for (int i = 0; i < 3; i++) {
      RawHttp.Response next = RawHttp.get(emulator.port(), BACKEND, "/next-" + i);
      assertThat(next.body()).startsWith("GET /next-" + i + " HTTP/1.1\r\n");
    }
  }

  @Test
  void wellFormedTrailersPass() throws Exception {
    RawHttp.Response response =
        RawHttp.sendRaw(
            emulator.port(),
            (CHUNKED_POST + "3\r\nabc\r\n0\r\nx-t: v\r\n\r\n").getBytes(ISO_8859_1));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).startsWith("POST /chunk-trailer HTTP/1.1\r\n");
  }

  private static final String FORGED =
      "X-Forwarded-Host: evil.example\r\n"
          + "Forwarded: for=6.6.6.6;host=evil.example;proto=https\r\n"
          + "X-Real-IP: 6.6.6.6\r\n"
          + "X-Forwarded-Prefix: /evil-prefix\r\n"
          + "X-Forwarded-For: 6.6.6.6\r\n"
          + "X-Forwarded-Proto: https\r\n"
          + "X-Forwarded-Port: 6666\r\n"
          + "Proxy-Authorization: Basic c2VjcmV0\r\n";

  @Test
  void aClientsForwardingFieldsNeverReachTheBackendOverHttp1() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /forged HTTP/1.1\r\nHost: "
                      + BACKEND
                      + "\r\n"
                      + FORGED
                      + "Keep-Alive: timeout=66\r\n"
                      + "X-Hop: hop-secret\r\nX-Kept: kept\r\nConnection: X-Hop\r\n\r\n")
                  .getBytes(ISO_8859_1));
      String answer = readOne(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 200 ");
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertEdgeOwned(body);
      assertThat(body).contains("X-Kept: kept").doesNotContain("hop-secret", "timeout=66");
    }
  }

  /** One answer with a Content-Length, off a connection that stays open. */
  private static String readOne(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection ended within the answer's head: " + head);
      }
      head.append((char) b);
    }
    Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    assertThat(length.find()).as("a Content-Length in " + head).isTrue();
    return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), ISO_8859_1);
  }

  @Test
  void aClientsForwardingFieldsNeverReachTheBackendOverHttp2() throws Exception {
    List<Field> fields = new ArrayList<>(RawHttp2.request("GET", BACKEND, "/forged"));
    for (String line : FORGED.split("\r\n")) {
      int colon = line.indexOf(':');
      fields.add(
          new Field(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 2)));
    }
    RawHttp2.Answer answer = priorKnowledge(fields);
    assertThat(answer.status()).isEqualTo(200);
    assertEdgeOwned(answer.body());
  }

  private static void assertEdgeOwned(String head) {
    assertThat(head + "\r\n")
        .startsWith("GET /forged HTTP/1.1\r\n")
        .containsIgnoringCase("X-Forwarded-Host: " + BACKEND + "\r\n")
        .containsIgnoringCase("X-Forwarded-For: 127.0.0.1\r\n")
        .containsIgnoringCase("X-Forwarded-Proto: http\r\n")
        .doesNotContain("evil", "6.6.6.6", "6666", "c2VjcmV0", "https")
        .doesNotContainIgnoringCase("forwarded:")
        .doesNotContainIgnoringCase("x-real-ip");
  }
}
