package io.github.modalemulator.examples.cls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the model's container hooks run, in the emulator: {@code @Enter} once, at the container's
 * start, before its first request; {@code @Exit} once, when it stops. Read from the function's
 * logs, as in the cloud: each container has its own copy of the app's classes, so the test's {@code
 * ModelApp} is not the one that serves. (In container mode and in the exported declaration: the
 * end-to-end suite's {@code ContainerModeTest} and {@code ExportTest}.)
 */
@ModalEmulator(apps = ModelApp.class)
class ModelAppTest {
  @Test
  void enterLoadsTheModelOncePerContainerAndExitLetsItGo(
      Emulator emulator,
      @FunctionSpec("Model.predict") RequestSpecification predict,
      @FunctionSpec("Model.info") RequestSpecification info) {
    emulator.stopIdleContainers();
    int before = modelLines(emulator).size();
    given(predict)
        .contentType(ContentType.JSON)
        .body("{\"age\": 30, \"income\": 4}")
        .post("/")
        .then()
        .statusCode(200)
        .body(equalTo("{\"score\":17.0}"));
    given(info)
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("{\"weights\":[\"age\",\"bias\",\"income\"]}"));
    // Two requests, one container (the class's methods share it): loaded once.
    assertThat(modelLines(emulator).subList(before, modelLines(emulator).size()))
        .containsExactly("loaded 3 weights");
    emulator.stopIdleContainers();
    assertThat(modelLines(emulator).subList(before, modelLines(emulator).size()))
        .containsExactly("loaded 3 weights", "unloaded 3 weights");
  }

  /** What the model printed, in order, from the logs of the class's containers. */
  private static List<String> modelLines(Emulator emulator) {
    return emulator.logs("Model.predict").stream()
        .filter(line -> line.contains("[model] "))
        .map(line -> line.substring(line.indexOf("[model] ") + "[model] ".length()))
        .toList();
  }
}
