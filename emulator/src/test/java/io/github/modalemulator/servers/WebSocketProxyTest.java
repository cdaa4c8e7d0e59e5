package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.Undertow;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
              .setHandler(EchoSockets.echoHandler())
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
      EchoSockets.upgrade(out, "local--wsock-chat.localhost", "/chat");
      InputStream in = socket.getInputStream();
      String head = EchoSockets.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101 ");
      assertThat(head.toLowerCase()).contains("sec-websocket-protocol: chat.v2");
      assertThat(head).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

      out.write(EchoSockets.maskedTextFrame("hello"));
      out.flush();

      assertThat(in.read()).isEqualTo(0x81);
      int length = in.read();
      byte[] echoed = in.readNBytes(length);
      assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("echo: hello");
    }
  }
}
