package io.github.modalemulator.junit;

import static io.github.modalemulator.junit.EmulatorAssertions.assertCalled;
import static io.github.modalemulator.junit.EmulatorAssertions.assertCalledWith;
import static io.github.modalemulator.junit.EmulatorAssertions.assertNotCalled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Query;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.emulator.Emulator;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A stub stands in for another team's function, and the call assertions pass on the calls made and
 * fail listing them; the extension forgets both before the next test.
 */
@ModalEmulator(apps = CallAssertionsTest.FrontApp.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallAssertionsTest {
  /** A front that doubles here and asks another team's app to triple. */
  @App("junit-calls")
  public static class FrontApp {
    public record Pair(int n, String why) {}

    public record Sums(int doubled, int tripled) {}

    @Function
    public static int twice(Pair pair) {
      return 2 * pair.n();
    }

    @Function
    @FastapiEndpoint
    public static Sums front(@Query int n) {
      int doubled = RemoteFunction.of(FrontApp::twice).remote(new Pair(n, "front"));
      int tripled = RemoteFunction.fromName("other-team", "triple", Integer.class).remote(n);
      return new Sums(doubled, tripled);
    }
  }

  @Test
  @Order(1)
  void aStubAnswersAndTheAssertionsSeeEveryCall(
      Emulator emulator, @FunctionSpec("front") RequestSpecification front) {
    emulator.stub("other-team", "triple", arguments -> 3 * (Integer) arguments.get(0));
    given(front)
        .get("/?n=7")
        .then()
        .statusCode(200)
        .body(equalTo("{\"doubled\":14,\"tripled\":21}"));
    assertCalled(emulator, "junit-calls", "twice", 1);
    assertCalled(emulator, "other-team", "triple", 1);
    assertCalledWith(emulator, "other-team", "triple", 7);
    // a record matches the map of its fields, as it crossed the boundary
    assertCalledWith(emulator, "junit-calls", "twice", new FrontApp.Pair(7, "front"));
    assertCalledWith(emulator, "junit-calls", "twice", Map.of("n", 7, "why", "front"));
    assertNotCalled(emulator, "other-team", "quadruple");
    assertThat(emulator.calls("other-team", "triple").get(0).containerId()).isEqualTo("stub");

    assertThatThrownBy(() -> assertCalled(emulator, "junit-calls", "twice", 2))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "expected junit-calls/twice to be called 2 time(s), but it was called 1 time(s); the"
                + " calls: junit-calls/twice.remote[{n=7, why=front}] success in ct-")
        .hasMessageEndingWith(", other-team/triple.remote[7] success in stub");
    assertThatThrownBy(() -> assertCalledWith(emulator, "other-team", "triple", 8))
        .hasMessageStartingWith(
            "expected a call of other-team/triple with [8], but there was none; the calls: ");
    assertThatThrownBy(() -> assertNotCalled(emulator, "other-team", "triple"))
        .hasMessageStartingWith(
            "expected other-team/triple to be called 0 time(s), but it was called 1 time(s)");
  }

  @Test
  @Order(2)
  void theNextTestStartsWithNoStubAndNoCalls(
      Emulator emulator, @FunctionSpec("front") RequestSpecification front) {
    assertThatThrownBy(() -> assertCalled(emulator, "junit-calls", "twice", 1))
        .hasMessageEndingWith("no function was called");
    // without its stub, the other team's app is not here: the front fails as it would in the
    // cloud without that app deployed
    given(front).get("/?n=7").then().statusCode(500);
    assertCalled(emulator, "junit-calls", "twice", 1);
    assertThat(emulator.calls()).extracting(c -> c.function()).isEqualTo(List.of("twice"));
  }
}
