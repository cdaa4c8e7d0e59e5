package io.github.modalemulator.examples.fastapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's fastapi_endpoint snippets, served by the emulator and called over real HTTP with REST
 * Assured: the declarative form of the JUnit extension.
 */
@ModalEmulator(
    apps = {
      HelloApp.class,
      ConfiguredHandler.class,
      CustomDomainsApp.class,
      SecureApp.class,
      WebEndpointMigration.Old.class,
      WebEndpointMigration.New.class
    },
    proxyAuthTokens = "wk-examples:ws-examples-secret")
class FastapiExamplesTest {

  @Test
  void helloAnswersOnItsLabelUrl(
      Emulator emulator,
      @WebUrl("hello") String url,
      @FunctionSpec("hello") RequestSpecification hello) {
    assertThat(url).isEqualTo("http://local--example-fastapi-hello.localhost:" + emulator.port());
    given(hello)
        .get("/")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body(equalTo("{\"message\":\"Hello, world!\"}"));
  }

  @Test
  void theConfiguredHandlerTakesPostOnItsLabelAndItsDomain(
      Emulator emulator,
      @FunctionSpec(app = "example-fastapi-configured", value = "handler")
          RequestSpecification byLabel,
      @FunctionSpec(
              app = "example-fastapi-configured",
              value = "handler",
              domain = "api.example.com")
          RequestSpecification byDomain) {
    assertThat(emulator.webUrl("example-fastapi-configured", "handler"))
        .isEqualTo("http://local--my-endpoint.localhost:" + emulator.port());
    given(byLabel)
        .contentType(ContentType.JSON)
        .body(Map.of("text", "hi"))
        .post("/")
        .then()
        .body(equalTo("{\"processed\":{\"text\":\"hi\"}}"));
    given(byDomain)
        .contentType(ContentType.JSON)
        .body("{\"n\":1}")
        .post("/")
        .then()
        .body(equalTo("{\"processed\":{\"n\":1}}"));
    given(byLabel).get("/").then().statusCode(405).header("Allow", "POST");
  }

  @Test
  void apiHandlerAnswersOnBothCustomDomainsAndItsLabel(
      @FunctionSpec(value = "apiHandler", domain = "api.mycompany.com") RequestSpecification v1,
      @FunctionSpec(value = "apiHandler", domain = "api-v2.mycompany.com") RequestSpecification v2,
      @FunctionSpec("apiHandler") RequestSpecification label) {
    for (RequestSpecification spec : new RequestSpecification[] {v1, v2, label}) {
      given(spec).get("/").then().statusCode(200).body(equalTo("{\"version\":\"2.0\"}"));
    }
  }

  @Test
  void secureEndpointNeedsModalKeyAndSecret(
      @FunctionSpec("secureEndpoint") RequestSpecification anonymous,
      @FunctionSpec(value = "secureEndpoint", proxyAuth = true) RequestSpecification authorized) {
    given(anonymous)
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/")
        .then()
        .statusCode(401)
        .body(equalTo("modal-http: missing credentials for proxy authorization"));
    given(authorized)
        .contentType(ContentType.JSON)
        .body("{\"x\":1}")
        .post("/")
        .then()
        .statusCode(200)
        .body(equalTo("{\"status\":\"authenticated\"}"));
  }

  @Test
  void theDeprecatedWebEndpointAnswersAsItsReplacementAndWarns(
      Emulator emulator,
      @FunctionSpec(app = "example-web-endpoint-old", value = "handler") RequestSpecification old,
      @FunctionSpec(app = "example-web-endpoint-new", value = "handler")
          RequestSpecification replacement) {
    String oldBody = given(old).get("/").then().statusCode(200).extract().asString();
    String newBody = given(replacement).get("/").then().statusCode(200).extract().asString();
    assertThat(oldBody).isEqualTo(newBody).isEqualTo("{\"data\":\"value\"}");
    assertThat(
            emulator.webFunctions().stream()
                .filter(f -> f.app().equals("example-web-endpoint-old"))
                .findFirst()
                .orElseThrow()
                .kind())
        .isEqualTo("web_endpoint");
    assertThat(emulator.logs("example-web-endpoint-old", "handler"))
        .anyMatch(line -> line.contains("is deprecated"));
  }
}
