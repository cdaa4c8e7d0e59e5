package io.github.modalemulator.servers;

import io.undertow.server.HttpHandler;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A WebSocket echo server's handler (subprotocol {@code chat.v2}) and a raw client's side of the
 * handshake and frames, for the tests of WebSockets through the edge.
 */
final class EchoSockets {
  private EchoSockets() {}

  /** Upgrades, offering {@code chat.v2}, and answers each text frame with {@code echo: TEXT}. */
  static HttpHandler echoHandler() {
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

  /** Sends the upgrade request for {@code path} on {@code host}, asking for two subprotocols. */
  static void upgrade(OutputStream out, String host, String path) throws IOException {
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: chat.v1, chat.v2\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** A final text frame, masked as every client frame must be (a payload under 126 bytes). */
  static byte[] maskedTextFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | payload.length);
    frame.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** The response head, up to its blank line. */
  static String readHead(InputStream in) throws IOException {
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
