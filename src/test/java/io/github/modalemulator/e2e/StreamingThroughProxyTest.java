package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream through a web_server's proxy both ways: a 1 GiB upload through an emulator whose
 * heap is 96 MiB (buffering it would fail), and a response read chunk by chunk while the server is
 * still writing it.
 */
class StreamingThroughProxyTest {
  static final long GIB = 1L << 30;

  static final String APP =
      """
      import com.sun.net.httpserver.HttpServer;
      import io.github.modalemulator.*;
      import java.net.*;
      import java.util.concurrent.*;

      @App("streams")
      public class StreamsApp {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Function @WebServer(29301)
        public static AutoCloseable backend() throws Exception {
          HttpServer server =
              HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 29301), 0);
          server.setExecutor(Executors.newCachedThreadPool());
          server.createContext("/upload", exchange -> {
            long total = 0;
            byte[] buffer = new byte[65536];
            try (var in = exchange.getRequestBody()) {
              for (int n; (n = in.read(buffer)) > 0; ) total += n;
            }
            byte[] body = ("received " + total).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) { out.write(body); }
          });
          server.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
              out.write("first\\n".getBytes());
              out.flush();
              RELEASE.await(20, TimeUnit.SECONDS);
              out.write("second\\n".getBytes());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          server.createContext("/release", exchange -> {
            RELEASE.countDown();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
          server.start();
          return () -> server.stop(0);
        }
      }
      """;

  @Test
  void aGibibyteUploadStreamsThroughASmallHeapAndResponsesStreamBack(@TempDir Path classes)
      throws Exception {
    SourceCompiler.compile(classes, "StreamsApp", APP);
    try (EmulatorProcess emulator =
        EmulatorProcess.startWithJvmOptions(
            List.of("-Xmx96m"), "deploy", "--port", "0", "--cp", classes.toString())) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), Duration.ofSeconds(60));
      java.util.regex.Matcher ready = EmulatorJarTest.READY.matcher(lines.get(lines.size() - 1));
      assertThat(ready.matches()).isTrue();
      int port = Integer.parseInt(ready.group(1));

      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(120_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /upload HTTP/1.1\r\nHost: local--streams-backend.localhost\r\n"
                    + "Content-Length: "
                    + GIB
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = new byte[1 << 20];
        for (long sent = 0; sent < GIB; sent += chunk.length) {
          out.write(chunk);
        }
        out.flush();
        String response =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("received " + GIB);
      }

      try (Socket slow = new Socket("127.0.0.1", port)) {
        slow.setSoTimeout(20_000);
        slow.getOutputStream()
            .write(
                "GET /slow HTTP/1.1\r\nHost: local--streams-backend.localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = slow.getInputStream();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while (!(line = reader.readLine()).equals("first")) {
          // the status line, headers and chunk sizes come first
        }
        // "second" is written only after this request releases it: the proxy can't have waited
        // for the whole response.
        try (Socket release = new Socket("127.0.0.1", port)) {
          release
              .getOutputStream()
              .write(
                  "GET /release HTTP/1.1\r\nHost: local--streams-backend.localhost\r\nConnection: close\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1));
          assertThat(
                  new String(release.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
              .startsWith("HTTP/1.1 204 ");
        }
        boolean sawSecond = false;
        while ((line = reader.readLine()) != null) {
          sawSecond |= line.equals("second");
        }
        assertThat(sawSecond).isTrue();
      }
      assertThat(emulator.terminate()).isZero();
      assertThat(emulator.stderr()).doesNotContain("OutOfMemoryError");
    }
  }
}
