package io.github.modalemulator.examples.resources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * The secret's key is the test's value, the volume a folder of this run's own; what the first
 * container wrote, a fresh one reads.
 */
@ModalEmulator(apps = ResourcesApp.class, secrets = "translator-api:TRANSLATOR_API_KEY=tr-test")
class ResourcesAppTest {
  @Test
  void theCodeReadsItsSecretAndEnvAndKeepsHistoryInItsVolume(
      Emulator emulator, @FunctionSpec("translate") RequestSpecification translate) {
    given(translate)
        .queryParam("text", "hello")
        .post("/")
        .then()
        .statusCode(200)
        .body(
            equalTo(
                "{\"text\":\"Dear reader: hello\",\"mode\":\"formal\",\"authorized\":true,"
                    + "\"historySize\":1}"));
    emulator.stopIdleContainers();
    given(translate)
        .queryParam("text", "again")
        .post("/")
        .then()
        .statusCode(200)
        .body("historySize", equalTo(2));
    assertThat(emulator.containers("translate").containersStarted()).isEqualTo(2);
    assertThat(emulator.logs("translate"))
        .anyMatch(line -> line.contains("asks for a GPU (L4): local containers have none"));
  }
}
