package io.github.modalemulator.examples.wsgi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** The seed's wsgi_app snippets, as servlets, called over real HTTP with REST Assured. */
@ModalEmulator(apps = {FlaskApp.class, ConfiguredWsgi.class})
class WsgiExamplesTest {

  @Test
  void theFlaskAppAnswersItsTwoRoutes(
      Emulator emulator,
      @WebUrl(app = "example-wsgi", value = "createApp") String url,
      @FunctionSpec(app = "example-wsgi", value = "createApp") RequestSpecification flask) {
    assertThat(url).isEqualTo("http://local--example-wsgi-create-app.localhost:" + emulator.port());
    given(flask)
        .get("/")
        .then()
        .statusCode(200)
        .header("Content-Type", "text/html;charset=utf-8")
        .body(equalTo("Hello from Flask!"));
    given(flask)
        .get("/api/data")
        .then()
        .header("Content-Type", "application/json")
        .body(equalTo("{\"data\":[1,2,3]}\n"));
    given(flask).get("/missing").then().statusCode(404);
  }

  @Test
  void theConfiguredAppAnswersOnItsLabelAndDomain(
      Emulator emulator,
      @FunctionSpec(
              app = "example-wsgi-configured",
              value = "createApp",
              domain = "www.example.com")
          RequestSpecification byDomain) {
    assertThat(emulator.webUrl("example-wsgi-configured", "createApp"))
        .isEqualTo("http://local--flask-app.localhost:" + emulator.port());
    given(byDomain).get("/").then().body(equalTo("Hello from the flask-app label!"));
  }

  @Test
  void theRuntimeAddsNoCorsTheAppDoesItsOwn(
      @FunctionSpec(
              app = "example-wsgi-configured",
              value = "createApp",
              domain = "www.example.com")
          RequestSpecification configured,
      @FunctionSpec(app = "example-wsgi", value = "createApp") RequestSpecification flask) {
    given(configured)
        .header("Origin", "https://www.example.com")
        .get("/")
        .then()
        .header("Access-Control-Allow-Origin", "https://www.example.com");
    Response stranger = given(configured).header("Origin", "https://evil.example").get("/");
    assertThat(stranger.header("Access-Control-Allow-Origin")).isNull();
    Response plain = given(flask).header("Origin", "https://any.example").get("/");
    assertThat(plain.headers().asList())
        .noneMatch(h -> h.getName().toLowerCase().startsWith("access-control-"));
  }
}
