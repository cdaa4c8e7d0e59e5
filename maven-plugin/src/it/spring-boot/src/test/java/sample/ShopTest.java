package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The project's own test, in Surefire: the emulator of the extension, in this JVM. */
@ModalEmulator(apps = Shop.class)
class ShopTest {

  @Test
  void theShopAnswersThroughTheEmulatorAndLogsThroughLogback(
      Emulator emulator, @WebUrl("shop") String url) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", emulator.port())))
            .build();
    HttpResponse<String> hello =
        client.send(
            HttpRequest.newBuilder(URI.create(url + "/hello?name=Ada")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, hello.statusCode(), hello.body());
    assertEquals("{\"message\":\"Hello, Ada\"}", hello.body());
    HttpResponse<String> logging =
        client.send(
            HttpRequest.newBuilder(URI.create(url + "/logging")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("ch.qos.logback.classic.LoggerContext", logging.body());
  }
}
