package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.Body;
import io.github.modalemulator.Cookie;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.File;
import io.github.modalemulator.Form;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.Response;
import io.github.modalemulator.UploadFile;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forms, files and file responses at sizes the captured exchanges don't reach: uploads go to
 * temporary files that live as long as the request, bodies stay within the emulator's limit and
 * hold no worker while they arrive, and a file response is streamed from disk.
 */
class FormsAndFilesTest {
  static final String UPLOAD = "local--uploads-keep.localhost";
  static final String SERVE = "local--uploads-serve.localhost";
  static final int LIMIT = 8 * 1024 * 1024;
  static final String BOUNDARY = "testBoundary42";
  static Emulator emulator;

  @TempDir static Path files;

  @App("uploads")
  static class UploadsApp {
    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> keep(UploadFile file, @Form String tag) {
      return Map.of(
          "path",
          file.path().toString(),
          "exists",
          Files.exists(file.path()),
          "size",
          file.size(),
          "sameBytes",
          java.util.Arrays.equals(file.readAllBytes(), content()),
          "tag",
          tag);
    }

    @Function
    @FastapiEndpoint
    static Response serve(String path) {
      return Response.file(Path.of(path));
    }
  }

  /** Five MiB of bytes that a multipart delimiter's start turns up in now and then. */
  static byte[] content() {
    byte[] bytes = new byte[5 * 1024 * 1024];
    new Random(23).nextBytes(bytes);
    byte[] almost = ("\r\n--" + BOUNDARY.substring(0, 6)).getBytes(StandardCharsets.ISO_8859_1);
    for (int at = 1000; at + almost.length < bytes.length; at += 100_000) {
      System.arraycopy(almost, 0, bytes, at, almost.length);
    }
    return bytes;
  }

  static byte[] multipart(byte[] file) {
    byte[] head =
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nbig\r\n--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + file.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(file, 0, all, head.length, file.length);
    System.arraycopy(tail, 0, all, head.length + file.length, tail.length);
    return all;
  }

  static String head(String host) {
    return "POST / HTTP/1.1\r\nHost: "
        + host
        + "\r\nContent-Type: multipart/form-data; boundary="
        + BOUNDARY
        + "\r\n";
  }

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .apps(UploadsApp.class)
            .maxFastapiBodySize(LIMIT)
            .bodyMemoryThreshold(64 * 1024)
            .workerThreads(2)
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void aFiveMegabyteUploadIsATemporaryFileGoneOnceTheRequestEnds() throws Exception {
    RawHttp.Response response =
        RawHttp.exchange(emulator.port(), head(UPLOAD), multipart(content()));
    assertThat(response.status()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    Map<String, Object> answer =
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(response.body(), Map.class);
    assertThat(answer)
        .containsEntry("exists", true)
        .containsEntry("size", 5 * 1024 * 1024)
        .containsEntry("sameBytes", true)
        .containsEntry("tag", "big");
    Path upload = Path.of((String) answer.get("path"));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (Files.exists(upload) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(upload).doesNotExist();
  }

  @Test
  void aMultipartBodyOverTheLimitGetsTheClouds413() throws Exception {
    RawHttp.Response response;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      byte[] body = multipart(new byte[LIMIT]);
      out.write(
          (head(UPLOAD) + "Content-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      response = RawHttp.read(socket.getInputStream()); // refused before a byte of the body
    }
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body())
        .isEqualTo("modal-http: request body is larger than the limit of " + LIMIT + " bytes");
  }

  @Test
  @Timeout(60)
  void slowMultipartClientsHoldNoWorker() throws Exception {
    byte[] body = multipart(content());
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) { // three times the worker threads
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port());
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            (head(UPLOAD) + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, body.length / 2); // half the body, then nothing for a while
        out.flush();
        slow.add(socket);
      }
      long started = System.nanoTime();
      RawHttp.Response response = RawHttp.exchange(emulator.port(), head(UPLOAD), body);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).contains("\"sameBytes\":true");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      for (Socket socket : slow) { // and the slow ones are served when their bodies are whole
        socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
        socket.getOutputStream().flush();
        assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void aLargeFileResponseIsStreamedFromDiskNotHeldInTheHeap() throws Exception {
    long size = 256L * 1024 * 1024;
    try (RandomAccessFile file = new RandomAccessFile(files.resolve("large.bin").toFile(), "rw")) {
      file.setLength(size); // sparse: no disk used
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = allocated(threads);
    long received = 0;
    String head;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("GET /?path="
                      + java.net.URLEncoder.encode(
                          files.resolve("large.bin").toString(), StandardCharsets.UTF_8)
                      + " HTTP/1.1\r\nHost: "
                      + SERVE
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      StringBuilder headText = new StringBuilder();
      while (!headText.toString().endsWith("\r\n\r\n")) {
        headText.append((char) in.read());
      }
      head = headText.toString();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) != -1; ) {
        received += n;
      }
    }
    long allocated = allocated(threads) - allocatedBefore;
    assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + size);
    assertThat(head).contains("Content-Type: application/octet-stream");
    assertThat(received).isEqualTo(size);
    assertThat(allocated).as("bytes allocated while serving").isLessThan(size / 4);
  }

  @Test
  void separateRangesComeAsMultipartByterangesUnderARandomBoundary() throws Exception {
    Path file = Files.writeString(files.resolve("ranges.txt"), "0123456789abcdef");
    RawHttp.Response response =
        RawHttp.exchange(
            emulator.port(),
            "GET /?path="
                + java.net.URLEncoder.encode(file.toString(), StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: "
                + SERVE
                + "\r\nRange: bytes=0-1, 10-\r\n",
            new byte[0]);
    assertThat(response.status()).isEqualTo(206);
    String contentType = response.headers().get("content-type").get(0);
    assertThat(contentType).matches("multipart/byteranges; boundary=[0-9a-f]{26}");
    String boundary = contentType.substring(contentType.indexOf('=') + 1);
    String expected =
        "--"
            + boundary
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/16\r\n\r\n"
            + "01\r\n--"
            + boundary
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-15/16\r\n\r\n"
            + "abcdef\r\n--"
            + boundary
            + "--";
    assertThat(response.body()).isEqualTo(expected);
    assertThat(response.headers().get("content-length"))
        .containsExactly(String.valueOf(expected.length()));
  }

  private static long allocated(com.sun.management.ThreadMXBean threads) {
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(bytes, 0);
    }
    return total;
  }

  @App("badforms")
  static class BadForms {
    @Function
    @FastapiEndpoint(method = "POST")
    static String fileInt(@File int count) {
      return "";
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static String formMap(@Form Map<String, String> fields) {
      return "";
    }

    @Function
    @FastapiEndpoint
    static String cookieList(@Cookie List<String> ids) {
      return "";
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static String formAndJson(@Form String name, @Body Map<String, Object> data) {
      return "";
    }
  }

  @Test
  void parametersThatCantBindAFormAreRefusedWithAWayToFixEach() {
    assertThat(
            catchThrowableOfType(
                    InvalidError.class, () -> Emulator.builder().apps(BadForms.class).start())
                .problems())
        .contains(
            "@File parameter count of [BadForms.fileInt(int)] has type int; it must be byte[] (the"
                + " file's content) or UploadFile (the file), or an Optional of one",
            "@Form parameter fields of [BadForms.formMap(Map)] has type"
                + " java.util.Map<java.lang.String, java.lang.String>; it must be a string, number,"
                + " boolean, enum, date or UUID, or an Optional or List of one; a file is @File"
                + " byte[] or UploadFile",
            "@Cookie parameter ids of [BadForms.cookieList(List)] has type"
                + " java.util.List<java.lang.String>; it must be a string, number, boolean, enum,"
                + " date or UUID, or an Optional of one (a cookie has one value)",
            "@FastapiEndpoint method [BadForms.formAndJson(String, Map)] reads its body both as a"
                + " form (@Form, @File, UploadFile) and as JSON; a request has one body: take"
                + " every value from the form, or none");
  }
}
