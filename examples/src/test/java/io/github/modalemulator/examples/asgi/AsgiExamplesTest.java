package io.github.modalemulator.examples.asgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.server.HttpHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's ASGI snippets, served by the emulator and called over real HTTP. */
class AsgiExamplesTest {
  static Emulator emulator;
  static HttpClient client;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder().apps(CreateApp.class, ConfiguredApp.class, CreateAsgi.class).start();
    client = emulator.httpClientBuilder().build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void createAppServesItsIndexRoute() throws Exception {
    String url = emulator.webUrl("example-asgi", "createApp");
    assertThat(url).isEqualTo("http://local--example-asgi-create-app.localhost:" + emulator.port());
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + "/")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"message\":\"Welcome\"}");
  }

  @Test
  void createAppCreatesItems() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(emulator.webUrl("example-asgi", "createApp") + "/items"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"widget\",\"price\":3}")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"created\":{\"name\":\"widget\",\"price\":3}}");
  }

  @Test
  void createAppAnswersUnknownPathsAndBadJsonAsFastApiDoes() throws Exception {
    String url = emulator.webUrl("example-asgi", "createApp");
    HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(url + "/nope")));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"detail\":\"Not Found\"}");
    HttpResponse<String> badJson =
        send(
            HttpRequest.newBuilder(URI.create(url + "/items"))
                .POST(BodyPublishers.ofString("{not json")));
    assertThat(badJson.statusCode()).isEqualTo(422);
  }

  @Test
  void configuredAppAnswersOnItsLabelAndItsCustomDomain() throws Exception {
    assertThat(emulator.webUrl("example-asgi-configured", "createApp"))
        .isEqualTo("http://local--my-api.localhost:" + emulator.port());
    HttpResponse<String> byLabel =
        send(
            HttpRequest.newBuilder(
                URI.create(emulator.webUrl("example-asgi-configured", "createApp"))));
    HttpResponse<String> byDomain =
        send(HttpRequest.newBuilder(URI.create("http://asgi.example.com/")));
    assertThat(byLabel.body()).isEqualTo("{\"app\":\"my-api\"}");
    assertThat(byDomain.body()).isEqualTo("{\"app\":\"my-api\"}");
  }

  @Test
  void createAsgiReturnsAnAppBuiltOutsideTheFactory() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(emulator.webUrl("createAsgi"))));
    assertThat(response.body()).isEqualTo("{\"built\":\"once, outside the factory\"}");
  }

  /** The seed's "incorrect" snippets: each is refused before anything is served. */
  @App("example-asgi-incorrect")
  static class IncorrectAsgi {
    static final HttpHandler FASTAPI_APP = exchange -> exchange.getResponseSender().send("");

    // ✗ Incorrect - async not allowed
    @Function
    @AsgiApp
    static CompletableFuture<HttpHandler> createAsgi() {
      return CompletableFuture.completedFuture(FASTAPI_APP);
    }

    // ✗ Incorrect - parameters not allowed
    @Function
    @AsgiApp
    static HttpHandler createAsgiWithConfig(Map<String, Object> config) {
      return FASTAPI_APP;
    }
  }

  @Test
  void theIncorrectFactoriesAreDefinitionErrors() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class, () -> Emulator.builder().apps(IncorrectAsgi.class).start());
    assertThat(error.problems())
        .containsExactly(
            "@AsgiApp method [IncorrectAsgi.createAsgi()] can't be async (it returns"
                + " CompletableFuture); return the HttpHandler itself",
            "@AsgiApp method [IncorrectAsgi.createAsgiWithConfig(Map)] can't have parameters;"
                + " read configuration inside the method instead");
  }
}
