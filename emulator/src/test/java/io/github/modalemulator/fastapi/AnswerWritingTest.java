package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
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

      RawHttp.Response answer = RawHttp.readOne(socket.getInputStream());
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).hasSize(ANSWER_CHARS + 2); // the JSON string's quotes
      assertThat(emulator.logs("big")).noneMatch(line -> line.contains("ran past its timeout"));
      assertThat(emulator.containers("big").containersStarted()).isEqualTo(1);
    }
  }
}
