package io.github.modalemulator.examples.cls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulatorExtension;
import io.github.modalemulator.junit.WebUrl;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's {@code MyAPI} class, its two web methods called over real HTTP with REST Assured: the
 * programmatic form of the JUnit extension (a static field: one emulator for the class).
 */
class MyApiAppTest {
  @RegisterExtension
  static final ModalEmulatorExtension MODAL =
      ModalEmulatorExtension.builder().apps(MyApiApp.class).build();

  @Test
  void eachMethodHasItsOwnLabelUrl(
      Emulator emulator,
      @WebUrl("MyAPI.health") String health,
      @WebUrl(app = "example-cls", value = "MyAPI.process") String process) {
    assertThat(health)
        .isEqualTo("http://local--example-cls-myapi-health.localhost:" + emulator.port());
    assertThat(process)
        .isEqualTo("http://local--example-cls-myapi-process.localhost:" + emulator.port());
  }

  @Test
  void healthAnswersGet(@FunctionSpec("MyAPI.health") RequestSpecification health) {
    given(health).get("/").then().statusCode(200).body(equalTo("{\"status\":\"healthy\"}"));
  }

  @Test
  void processTakesTheJsonBodyAsDataAndOnlyPost(
      @FunctionSpec("MyAPI.process") RequestSpecification process) {
    given(process)
        .contentType(ContentType.JSON)
        .body(Map.of("items", new int[] {1, 2}))
        .post("/")
        .then()
        .statusCode(200)
        .body(equalTo("{\"processed\":{\"items\":[1,2]}}"));
    given(process)
        .get("/")
        .then()
        .statusCode(405)
        .body(equalTo("{\"detail\":\"Method Not Allowed\"}"));
  }

  @Test
  void aTypedClientCallsTheMethodsOverHttp(Emulator emulator) {
    MyApiApp.MyAPI api = emulator.client(MyApiApp.MyAPI.class);
    assertThat(api.health()).isEqualTo(Map.of("status", "healthy"));
    assertThat(api.process(Map.of("n", 1))).isEqualTo(Map.of("processed", Map.of("n", 1)));
    assertThat(api.processedHere()).isZero(); // the count lives in the container, not the client
  }

  @Test
  void bothMethodsShareTheClassesContainers(
      Emulator emulator, @FunctionSpec("MyAPI.health") RequestSpecification health) {
    emulator.stopIdleContainers();
    given(health).get("/").then().statusCode(200);
    // Only health was called since, yet process has a live container: the class's.
    assertThat(emulator.containers("MyAPI.process").live()).isEqualTo(1);
  }
}
