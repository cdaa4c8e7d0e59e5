package io.github.modalemulator.examples.wsgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jersey, a real framework on the Servlet API, behind {@code @WsgiApp}, over real HTTP. */
class JerseyAppTest {
  static Emulator emulator;
  static HttpClient client;
  static String url;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(JerseyApp.class).start();
    client = emulator.httpClientBuilder().build();
    url = emulator.webUrl("example-jersey", "createApp");
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json))
            .build(),
        BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url + path)).build(), BodyHandlers.ofString());
  }

  @Test
  void jerseyServesItsResourcesOnTheLabelUrl() throws Exception {
    assertThat(url)
        .isEqualTo("http://local--example-jersey-create-app.localhost:" + emulator.port());
    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(index.body()).isEqualTo("Hello from Jersey!");
  }

  @Test
  void jsonGoesInAndOutThroughJacksonAndLocationNamesTheLabelHost() throws Exception {
    HttpResponse<String> created = post("/items", "{\"name\":\"lamp\",\"price\":12.5}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"name\":\"lamp\",\"price\":12.5}");
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(url + "/items/");

    HttpResponse<String> read = get(location.substring(url.length()));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(read.body()).isEqualTo("{\"name\":\"lamp\",\"price\":12.5}");
  }

  @Test
  void theFrameworksOwnErrorsReachTheClient() throws Exception {
    assertThat(get("/items/9999").statusCode()).isEqualTo(404);
    assertThat(post("/items", "{\"name\":").statusCode()).isEqualTo(400);
    assertThat(get("/no/such/resource").statusCode()).isEqualTo(404);
    // The emulator keeps serving after the framework's errors.
    assertThat(get("/").body()).isEqualTo("Hello from Jersey!");
  }
}
