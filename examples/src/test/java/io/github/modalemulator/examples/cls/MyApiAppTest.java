package io.github.modalemulator.examples.cls;

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

/** The seed's {@code MyAPI} class, its two web methods called over real HTTP. */
class MyApiAppTest {
  static Emulator emulator;
  static HttpClient client;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(MyApiApp.class).start();
    client = emulator.httpClientBuilder().build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void eachMethodHasItsOwnLabelUrl() {
    assertThat(emulator.webUrl("example-cls", "MyAPI.health"))
        .isEqualTo("http://local--example-cls-myapi-health.localhost:" + emulator.port());
    assertThat(emulator.webUrl("example-cls", "MyAPI.process"))
        .isEqualTo("http://local--example-cls-myapi-process.localhost:" + emulator.port());
  }

  @Test
  void healthAnswersGet() throws Exception {
    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(URI.create(emulator.webUrl("MyAPI.health"))).build(),
            BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"healthy\"}");
  }

  @Test
  void processTakesTheJsonBodyAsDataAndOnlyPost() throws Exception {
    URI process = URI.create(emulator.webUrl("MyAPI.process"));
    HttpResponse<String> processed =
        client.send(
            HttpRequest.newBuilder(process)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"items\":[1,2]}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(processed.statusCode()).isEqualTo(200);
    assertThat(processed.body()).isEqualTo("{\"processed\":{\"items\":[1,2]}}");
    HttpResponse<String> viaGet =
        client.send(HttpRequest.newBuilder(process).build(), BodyHandlers.ofString());
    assertThat(viaGet.statusCode()).isEqualTo(405);
    assertThat(viaGet.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
  }

  @Test
  void bothMethodsShareTheClassesContainers() throws Exception {
    try (Emulator own = Emulator.builder().apps(MyApiApp.class).start()) {
      own.httpClientBuilder()
          .build()
          .send(
              HttpRequest.newBuilder(URI.create(own.webUrl("MyAPI.health"))).build(),
              BodyHandlers.discarding());
      // Only health was called, yet process has a live container: the class's.
      assertThat(own.containers("MyAPI.process").live()).isEqualTo(1);
      assertThat(own.containers("MyAPI.process").containersStarted()).isEqualTo(1);
    }
  }
}
