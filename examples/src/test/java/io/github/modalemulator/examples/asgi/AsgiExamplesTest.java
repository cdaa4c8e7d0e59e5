package io.github.modalemulator.examples.asgi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.undertow.server.HttpHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The seed's ASGI snippets, served by the emulator and called over real HTTP with REST Assured. */
@ModalEmulator(apps = {CreateApp.class, ConfiguredApp.class, CreateAsgi.class})
class AsgiExamplesTest {

  @Test
  void createAppServesItsIndexRoute(
      Emulator emulator,
      @WebUrl(app = "example-asgi", value = "createApp") String url,
      @FunctionSpec(app = "example-asgi", value = "createApp") RequestSpecification app) {
    assertThat(url).isEqualTo("http://local--example-asgi-create-app.localhost:" + emulator.port());
    given(app)
        .get("/")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body(equalTo("{\"message\":\"Welcome\"}"));
  }

  @Test
  void createAppCreatesItems(
      @FunctionSpec(app = "example-asgi", value = "createApp") RequestSpecification app) {
    given(app)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"widget\",\"price\":3}")
        .post("/items")
        .then()
        .statusCode(200)
        .body(equalTo("{\"created\":{\"name\":\"widget\",\"price\":3}}"));
  }

  @Test
  void createAppAnswersUnknownPathsAndBadJsonAsFastApiDoes(
      @FunctionSpec(app = "example-asgi", value = "createApp") RequestSpecification app) {
    given(app).get("/nope").then().statusCode(404).body(equalTo("{\"detail\":\"Not Found\"}"));
    given(app).body("{not json").post("/items").then().statusCode(422);
  }

  @Test
  void configuredAppAnswersOnItsLabelAndItsCustomDomain(
      Emulator emulator,
      @FunctionSpec(app = "example-asgi-configured", value = "createApp")
          RequestSpecification byLabel,
      @FunctionSpec(
              app = "example-asgi-configured",
              value = "createApp",
              domain = "asgi.example.com")
          RequestSpecification byDomain) {
    assertThat(emulator.webUrl("example-asgi-configured", "createApp"))
        .isEqualTo("http://local--my-api.localhost:" + emulator.port());
    given(byLabel).get("/").then().body(equalTo("{\"app\":\"my-api\"}"));
    given(byDomain).get("/").then().body(equalTo("{\"app\":\"my-api\"}"));
  }

  @Test
  void createAsgiReturnsAnAppBuiltOutsideTheFactory(
      @FunctionSpec("createAsgi") RequestSpecification app) {
    given(app).get("/").then().body(equalTo("{\"built\":\"once, outside the factory\"}"));
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
