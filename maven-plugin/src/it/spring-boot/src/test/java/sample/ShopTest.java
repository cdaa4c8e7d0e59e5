package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The project's own test, in Surefire: the emulator of the extension, in this JVM; the shop's
 * container a JVM of its own (Spring reads its secret from the environment), the secret a test
 * value.
 */
@ModalEmulator(
    apps = Shop.class,
    isolation = Isolation.PROCESS,
    secrets = "shop-payments:PAYMENTS_KEY=pk-test-123")
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
    HttpResponse<String> config =
        client.send(
            HttpRequest.newBuilder(URI.create(url + "/config")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("pk-test- EUR", config.body());
    for (int n = 1; n <= 2; n++) {
      HttpResponse<String> order =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/orders?item=book" + n))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(Integer.toString(n), order.body());
    }
  }
}
