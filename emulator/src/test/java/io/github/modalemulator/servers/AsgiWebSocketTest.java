package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket inside an {@code @AsgiApp}, as an ASGI app accepts one: the handler the factory
 * returned upgrades the connection itself (Undertow's handshake handler), through the edge by label
 * and with proxy auth's checks before it, and echoes frames.
 */
class AsgiWebSocketTest {
  @App("asgi-ws")
  public static class ChatApp {
    @Function
    @Concurrent(maxInputs = 10)
    @AsgiApp
    public static HttpHandler chat() {
      return new WebSocketProtocolHandshakeHandler(
          List.of(new Hybi13Handshake(Set.of("chat.v2"), false)),
          (WebSocketConnectionCallback)
              (exchange, channel) -> {
                channel
                    .getReceiveSetter()
                    .set(
                        new AbstractReceiveListener() {
                          @Override
                          protected void onFullTextMessage(
                              WebSocketChannel channel, BufferedTextMessage message) {
                            WebSockets.sendText("echo: " + message.getData(), channel, null);
                          }
                        });
                channel.resumeReceives();
              });
    }
  }

  @Test
  void anAsgiAppUpgradesAndEchoes() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(ChatApp.class).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /room HTTP/1.1\r\nHost: local--asgi-ws-chat.localhost\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat.v1, chat.v2\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101 ");
      assertThat(head.toLowerCase()).contains("sec-websocket-protocol: chat.v2");
      assertThat(head).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      for (String text : List.of("hello", "again")) {
        out.write(maskedTextFrame(text));
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

  private static byte[] maskedTextFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81); // final text frame
    frame.write(0x80 | payload.length); // masked, as every client frame must be
    frame.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
