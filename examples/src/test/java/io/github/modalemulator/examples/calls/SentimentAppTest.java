package io.github.modalemulator.examples.calls;

import static io.github.modalemulator.junit.EmulatorAssertions.assertCalled;
import static io.github.modalemulator.junit.EmulatorAssertions.assertCalledWith;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.RecordedCall;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The front calls the class with {@code remote} and {@code map}; the ML team's function, deployed
 * by another team and not here, is a stub for the test.
 */
@ModalEmulator(apps = SentimentApp.class)
class SentimentAppTest {
  @Test
  void oneTextIsScoredByTheClassContainers(
      Emulator emulator, @FunctionSpec("classify") RequestSpecification classify) {
    given(classify)
        .queryParam("text", "I love this, great work")
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("{\"text\":\"I love this, great work\",\"score\":4,\"label\":\"positive\"}"));
    assertCalledWith(emulator, "example-sentiment", "Classifier.score", "I love this, great work");
  }

  @Test
  void manyTextsAreOneInputEachInOrder(
      Emulator emulator, @FunctionSpec("classifyAll") RequestSpecification classifyAll) {
    given(classifyAll)
        .contentType(ContentType.JSON)
        .body("[\"good\", \"awful day\", \"a chair\"]")
        .post("/")
        .then()
        .statusCode(200)
        .body("label", equalTo(List.of("positive", "negative", "neutral")));
    assertCalled(emulator, "example-sentiment", "Classifier.score", 3);
    List<RecordedCall> calls = emulator.calls("example-sentiment", "Classifier.score");
    assertThat(calls).extracting(RecordedCall::verb).containsOnly("map");
    // the lexicon was loaded by the class's containers, once each, not once per call
    long loads =
        emulator.logs("example-sentiment", "Classifier.score").stream()
            .filter(line -> line.contains("[classifier] loaded"))
            .count();
    assertThat(loads)
        .isEqualTo(
            emulator.containers("example-sentiment", "Classifier.score").containersStarted());
  }

  @Test
  void theMlTeamsFunctionIsAStubInTests(
      Emulator emulator, @FunctionSpec("summary") RequestSpecification summary) {
    emulator.stub(
        "ml-team", "summarize", arguments -> "summary of " + arguments.get(0).toString().length());
    given(summary)
        .queryParam("text", "bad service")
        .get("/")
        .then()
        .statusCode(200)
        .body("summary", equalTo("summary of 11"))
        .body("score.label", equalTo("negative"));
    assertCalledWith(emulator, "ml-team", "summarize", "bad service");
    assertThat(emulator.calls("ml-team", "summarize").get(0).containerId()).isEqualTo("stub");
  }
}
