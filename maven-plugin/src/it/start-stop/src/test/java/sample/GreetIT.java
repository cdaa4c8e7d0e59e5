package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Runs between modal-emulator:start and modal-emulator:stop: the emulator is up. */
class GreetIT {
  private final int port = Integer.parseInt(System.getProperty("modal.emulator.port"));
  private final HttpClient client =
      HttpClient.newBuilder()
          .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Properties urls() throws Exception {
    Properties urls = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("modal.emulator.urlsFile")))) {
      urls.load(in);
    }
    return urls;
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theEndpointAnswersAtTheUrlOfTheFile() throws Exception {
    Properties urls = urls();
    assertEquals(Integer.toString(port), urls.getProperty("port"));
    assertTrue(urls.getProperty("baseUrl").endsWith(":" + port), urls.toString());
    HttpResponse<String> response = get(urls.getProperty("hello"));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("{\"message\":\"Hello from the sample\"}", response.body());
  }

  @Test
  void theTokenOfTheFileIsAccepted() throws Exception {
    String url = urls().getProperty("greet.secret");
    assertEquals(401, get(url).statusCode());
    HttpResponse<String> response =
        get(url, "Modal-Key", "wk-sample", "Modal-Secret", "ws-sample-secret");
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void theServerNeedsTheTokenAndServesOnceItsReplicaIsUp() throws Exception {
    String url = urls().getProperty("greet.Echo");
    assertTrue(url.contains("--greet-echo.us-east.localhost:"), url);
    assertEquals(401, get(url + "/hi").statusCode());
    HttpResponse<String> response =
        get(url + "/hi", "Modal-Key", "wk-sample", "Modal-Secret", "ws-sample-secret");
    for (int i = 0; i < 200 && response.statusCode() == 503; i++) {
      Thread.sleep(50);
      response = get(url + "/hi", "Modal-Key", "wk-sample", "Modal-Secret", "ws-sample-secret");
    }
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("echo /hi", response.body());
  }
}
