package io.github.modalemulator.examples.wsgi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** Jersey, a real framework on the Servlet API, behind {@code @WsgiApp}, over real HTTP. */
@ModalEmulator(apps = JerseyApp.class)
class JerseyAppTest {

  @Test
  void jerseyServesItsResourcesOnTheLabelUrl(
      Emulator emulator,
      @WebUrl("createApp") String url,
      @FunctionSpec("createApp") RequestSpecification jersey) {
    assertThat(url)
        .isEqualTo("http://local--example-jersey-create-app.localhost:" + emulator.port());
    given(jersey)
        .get("/")
        .then()
        .statusCode(200)
        .header("Content-Type", "text/plain")
        .body(equalTo("Hello from Jersey!"));
  }

  @Test
  void jsonGoesInAndOutThroughJacksonAndLocationNamesTheLabelHost(
      @WebUrl("createApp") String url, @FunctionSpec("createApp") RequestSpecification jersey) {
    Response created =
        given(jersey)
            .contentType(ContentType.JSON)
            .body("{\"name\":\"lamp\",\"price\":12.5}")
            .post("/items");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.asString()).isEqualTo("{\"name\":\"lamp\",\"price\":12.5}");
    String location = created.header("Location");
    assertThat(location).startsWith(url + "/items/");
    given(jersey)
        .get(location.substring(url.length()))
        .then()
        .statusCode(200)
        .header("Content-Type", "application/json")
        .body(equalTo("{\"name\":\"lamp\",\"price\":12.5}"));
  }

  @Test
  void theFrameworksOwnErrorsReachTheClient(
      @FunctionSpec("createApp") RequestSpecification jersey) {
    given(jersey).get("/items/9999").then().statusCode(404);
    given(jersey)
        .contentType(ContentType.JSON)
        .body("{\"name\":")
        .post("/items")
        .then()
        .statusCode(400);
    given(jersey).get("/no/such/resource").then().statusCode(404);
    // The emulator keeps serving after the framework's errors.
    given(jersey).get("/").then().body(equalTo("Hello from Jersey!"));
  }
}
