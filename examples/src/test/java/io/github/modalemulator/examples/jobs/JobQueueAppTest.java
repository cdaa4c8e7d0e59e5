package io.github.modalemulator.examples.jobs;

import static io.github.modalemulator.junit.EmulatorAssertions.assertCalled;
import static io.github.modalemulator.junit.EmulatorAssertions.assertCalledWith;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.RecordedCall;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The job queue as its clients use it: submit, poll while it runs ({@code 202}), read the result
 * ({@code 200}); an unknown id is a {@code 404}. Then what the emulator saw: one call of {@code
 * process}, spawned by the front, run by a container of its own.
 */
@ModalEmulator(apps = JobQueueApp.class)
class JobQueueAppTest {
  @Test
  void aSubmittedJobRunsThenItsResultIsRead(
      Emulator emulator,
      @FunctionSpec("submit") RequestSpecification submit,
      @FunctionSpec("result") RequestSpecification result)
      throws InterruptedException {
    String callId =
        given(submit)
            .contentType(ContentType.JSON)
            .body("{\"input\": \"hello queue\"}")
            .post("/")
            .then()
            .statusCode(200)
            .body("call_id", matchesPattern("fc-[0-9A-Z]{26}"))
            .extract()
            .path("call_id");

    given(result)
        .queryParam("call_id", callId)
        .get("/")
        .then()
        .statusCode(202)
        .body(equalTo("{\"detail\":\"running\"}"));

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Response done = given(result).queryParam("call_id", callId).get("/");
    while (done.statusCode() == 202 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      done = given(result).queryParam("call_id", callId).get("/");
    }
    done.then().statusCode(200).body(equalTo("{\"output\":\"HELLO QUEUE\",\"length\":11}"));

    assertCalled(emulator, "example-job-queue", "process", 1);
    assertCalledWith(emulator, "example-job-queue", "process", "hello queue");
    RecordedCall call = emulator.calls("example-job-queue", "process").get(0);
    assertThat(call.id()).isEqualTo(callId);
    assertThat(call.verb()).isEqualTo("spawn");
    assertThat(call.status()).isEqualTo("success");
    assertThat(call.containerId()).matches("ct-[0-9]+");
  }

  @Test
  void anUnknownIdIsNotFound(@FunctionSpec("result") RequestSpecification result) {
    given(result)
        .queryParam("call_id", "fc-00000000000000000000000000")
        .get("/")
        .then()
        .statusCode(404)
        .body(equalTo("{\"detail\":\"no job fc-00000000000000000000000000\"}"));
  }

  /** Tests may call the backend directly too, through the emulator's containers. */
  @Test
  void theBackendCanBeCalledFromATest(Emulator emulator) {
    JobQueueApp.Processed processed =
        emulator.function(RemoteFunction.of(JobQueueApp::process)).remote("abc");
    assertThat(processed).isEqualTo(new JobQueueApp.Processed("ABC", 3));
  }
}
