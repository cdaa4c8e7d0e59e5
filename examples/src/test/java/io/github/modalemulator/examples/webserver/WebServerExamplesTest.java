package io.github.modalemulator.examples.webserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.emulator.Emulator;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

/** The seed's web_server snippets: servers the function starts, reached through the emulator. */
class WebServerExamplesTest {

  private static HttpResponse<String> get(Emulator emulator, String url) throws Exception {
    return emulator
        .httpClientBuilder()
        .build()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }

  private static void assertPortFree(int port) {
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("port %d after the emulator stopped", port)
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void pythonsFileServerRunsAsAChildProcessAndStopsWithTheEmulator() throws Exception {
    long pythonsBefore = ProcessHandle.current().children().count();
    try (Emulator emulator = Emulator.builder().apps(FileServer.class).start()) {
      HttpResponse<String> listing = get(emulator, emulator.webUrl("fileServer") + "/");
      assertThat(listing.statusCode()).isEqualTo(200);
      assertThat(listing.body()).contains("Directory listing for /");
      assertThat(ProcessHandle.current().children().count()).isEqualTo(pythonsBefore + 1);
    }
    assertPortFree(8000);
    assertThat(ProcessHandle.current().children().count()).isEqualTo(pythonsBefore);
  }

  @Test
  void anInProcessServerIsReachedAndStoppedThroughWhatTheFunctionReturned() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(InProcessServer.class).start()) {
      HttpResponse<String> response = get(emulator, emulator.webUrl("aiohttpServer") + "/x?y=1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("Hello from the JDK's HTTP server: GET /x?y=1");
    }
    assertPortFree(8080);
  }
}
