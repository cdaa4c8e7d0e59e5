package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.server.HttpHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket inside an {@code @AsgiApp}, as an ASGI app accepts one: the handler the factory
 * returned upgrades the connection itself (Undertow's handshake handler), through the edge by
 * label, and echoes frames; the open WebSocket is an input of its container until it closes.
 */
class AsgiWebSocketTest {
  @App("asgi-ws")
  public static class ChatApp {
    @Function
    @Concurrent(maxInputs = 10)
    @AsgiApp
    public static HttpHandler chat() {
      return EchoSockets.echoHandler();
    }
  }

  @Test
  void anAsgiAppUpgradesEchoesAndHoldsItsInputUntilTheSocketCloses() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(ChatApp.class).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      EchoSockets.upgrade(out, "local--asgi-ws-chat.localhost", "/room");
      InputStream in = socket.getInputStream();
      String head = EchoSockets.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101 ");
      assertThat(head.toLowerCase()).contains("sec-websocket-protocol: chat.v2");
      assertThat(head).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      for (String text : List.of("hello", "again")) {
        out.write(EchoSockets.maskedTextFrame(text));
        out.flush();
        assertThat(in.read()).isEqualTo(0x81);
        int length = in.read();
        assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8))
            .isEqualTo("echo: " + text);
      }
      // the open WebSocket is an input of its container until it closes, as in the cloud
      assertThat(emulator.containers("chat").inputsInFlight()).isEqualTo(1);
      assertThat(emulator.requests()).hasSize(1);
      assertThat(emulator.requests().get(0).status()).isEqualTo(101);
      socket.shutdownOutput(); // the client goes: the server closes the connection
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (emulator.containers("chat").inputsInFlight() != 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(emulator.containers("chat").inputsInFlight()).isZero();
    }
  }
}
