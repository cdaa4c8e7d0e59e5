package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Runs between modal-emulator:start and modal-emulator:stop, in Failsafe's JVM. */
class ShopIT {

  @Test
  void theShopAnswersAtTheUrlOfTheFile() throws Exception {
    int port = Integer.parseInt(System.getProperty("modal.emulator.port"));
    Properties urls = new Properties();
    try (InputStream in =
        Files.newInputStream(Path.of(System.getProperty("modal.emulator.urlsFile")))) {
      urls.load(in);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();
    for (String[] expected :
        new String[][] {
          {"/hello?name=Grace", "{\"message\":\"Hello, Grace\"}"},
          {"/logging", "ch.qos.logback.classic.LoggerContext"},
          {"/config", "pk-from- EUR"}
        }) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(urls.getProperty("shop") + expected[0]))
                  .timeout(Duration.ofSeconds(90))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      assertEquals(expected[1], response.body());
    }
  }
}
