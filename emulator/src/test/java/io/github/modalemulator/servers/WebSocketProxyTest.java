package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.Undertow;
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

/** WebSocket upgrades, subprotocols included, pass through to a web_server's own server. */
class WebSocketProxyTest {

  @App("wsock")
  static class Chat {
    @Function
    @WebServer(29201)
    static AutoCloseable chat() {
      Undertow server =
          Undertow.builder()
              .addHttpListener(29201, "127.0.0.1")
              .setHandler(
                  new WebSocketProtocolHandshakeHandler(
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
                                        WebSockets.sendText(
                                            "echo: " + message.getData(), channel, null);
                                      }
                                    });
                            channel.resumeReceives();
                          }))
              .build();
      server.start();
      return server::stop;
    }
  }

  @Test
  void echoesThroughTheProxyWithTheNegotiatedSubprotocol() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Chat.class).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /chat HTTP/1.1\r\nHost: local--wsock-chat.localhost\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat.v1, chat.v2\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101 ");
      assertThat(head.toLowerCase()).contains("sec-websocket-protocol: chat.v2");
      assertThat(head).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

      byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
      byte[] mask = {1, 2, 3, 4};
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x81); // final text frame
      frame.write(0x80 | payload.length); // masked, as every client frame must be
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      out.write(frame.toByteArray());
      out.flush();

      assertThat(in.read()).isEqualTo(0x81);
      int length = in.read();
      byte[] echoed = in.readNBytes(length);
      assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("echo: hello");
    }
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
