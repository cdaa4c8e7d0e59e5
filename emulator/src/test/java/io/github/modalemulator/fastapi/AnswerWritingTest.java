package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A FastAPI function's input ends when the function returns, as in the cloud, however long its
 * client takes to read the answer: the connection's I/O thread writes a whole answer (see {@code
 * FastapiApp.send}), and the container is free, and past the function's timeout nothing cuts that
 * answer short. Through the real server on a loopback port, with a client that reads nothing for a
 * while.
 */
class AnswerWritingTest {
  /** Far more than the socket buffers take, so its writing waits for the client. */
  static final int ANSWER_CHARS = 16 * 1024 * 1024;

  @App("answers")
  static class BigApp {
    @Function(timeout = 1)
    @FastapiEndpoint
    static String big() {
      System.out.println("returning the answer");
      return "x".repeat(ANSWER_CHARS);
    }
  }

  @Test
  @Timeout(60)
  void theInputEndsWhenTheFunctionReturnsAndItsTimeoutNeverCutsTheAnswer() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(BigApp.class).port(0).start();
        Socket socket = new Socket()) {
      // Small before connecting, so the kernel can't take the whole answer off the server's hands.
      socket.setReceiveBufferSize(16 * 1024);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), emulator.port()));
      socket.setSoTimeout(30_000);
      String host = URI.create(emulator.webUrl("big")).getHost();
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

      // The function returns at once; its answer waits for the client, which reads nothing yet.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!emulator.logs("big").contains("returning the answer") && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(emulator.logs("big")).contains("returning the answer");
      while (emulator.containers("big").inputsInFlight() != 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(emulator.containers("big").inputsInFlight())
          .as("inputs in flight once the function has returned")
          .isZero();
      Thread.sleep(1_500); // past the function's 1 s timeout

      byte[] all = readAll(socket.getInputStream());
      String head = new String(all, 0, Math.min(all.length, 200), StandardCharsets.ISO_8859_1);
      assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
      int bodyStart = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
      assertThat(all.length - bodyStart).isEqualTo(ANSWER_CHARS + 2); // the JSON string's quotes
      assertThat(emulator.logs("big")).noneMatch(line -> line.contains("ran past its timeout"));
      assertThat(emulator.containers("big").containersStarted()).isEqualTo(1);
    }
  }

  /** Reads until the answer's declared length is in, or the connection ends. */
  private static byte[] readAll(InputStream in) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    long expected = -1;
    int n;
    while ((n = in.read(chunk)) > 0) {
      all.write(chunk, 0, n);
      if (expected < 0) {
        byte[] sofar = all.toByteArray();
        int end = indexOf(sofar, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end >= 0) {
          String head = new String(sofar, 0, end, StandardCharsets.ISO_8859_1);
          for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
              expected = end + 4 + Long.parseLong(line.substring(15).trim());
            }
          }
        }
      }
      if (expected >= 0 && all.size() >= expected) {
        break;
      }
    }
    return all.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= data.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
