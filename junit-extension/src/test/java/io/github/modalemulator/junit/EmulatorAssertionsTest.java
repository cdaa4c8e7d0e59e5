package io.github.modalemulator.junit;

import static io.github.modalemulator.junit.EmulatorAssertions.assertContainersStarted;
import static io.github.modalemulator.junit.EmulatorAssertions.assertInvoked;
import static io.github.modalemulator.junit.EmulatorAssertions.assertNotInvoked;
import static io.github.modalemulator.junit.EmulatorAssertions.assertReceived;
import static io.github.modalemulator.junit.EmulatorAssertions.assertRequestHeader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.emulator.Emulator;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** The assertions pass on what happened and fail, listing what was received, on what did not. */
@ModalEmulator(apps = ModalEmulatorExtensionTest.FixtureApp.class, proxyAuthTokens = "wk-a:ws-b")
class EmulatorAssertionsTest {

  @Test
  void passOnWhatHappened(
      Emulator emulator,
      @FunctionSpec("hello") RequestSpecification hello,
      @FunctionSpec(value = "secure", proxyAuth = true) RequestSpecification secure) {
    given(hello).header("X-Trace", "abc").get("/?q=1").then().statusCode(200);
    given(hello).get("/").then().statusCode(200);
    given(secure).get("/").then().statusCode(200);
    assertInvoked(emulator, "hello");
    assertInvoked(emulator, "hello", 2);
    assertNotInvoked(emulator, "MyAPI.health");
    assertRequestHeader(emulator, "hello", 0, "x-trace", "abc");
    assertContainersStarted(emulator, "hello", 1);
    // Credentials are never recorded.
    org.assertj.core.api.Assertions.assertThat(
            emulator.requests().get(2).headers().asMap().keySet())
        .doesNotContain("modal-key", "modal-secret");
  }

  @Test
  void failWithWhatWasReceived(
      Emulator emulator, @FunctionSpec("hello") RequestSpecification hello) {
    given(hello).get("/?n=1").then().statusCode(200);
    String received = "GET local--junit-fixture-hello.localhost/?n=1 -> junit-fixture/hello 200";
    assertThatThrownBy(() -> assertInvoked(emulator, "MyAPI.health"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "expected MyAPI.health to be invoked, but it was not; the emulator received: "
                + received);
    assertThatThrownBy(() -> assertInvoked(emulator, "hello", 3))
        .hasMessage(
            "expected hello to be invoked 3 time(s), but it was invoked 1 time(s); the emulator"
                + " received: "
                + received);
    assertThatThrownBy(() -> assertNotInvoked(emulator, "hello"))
        .hasMessageStartingWith("expected hello not to be invoked, but it was invoked 1 time(s)");
    assertThatThrownBy(() -> assertReceived(emulator, "hello", 2))
        .hasMessage(
            "expected hello to receive 2 request(s), but it received 1; the emulator received: "
                + received);
    assertThatThrownBy(() -> assertRequestHeader(emulator, "hello", 0, "X-Trace", "abc"))
        .hasMessageStartingWith(
            "expected request 0 of hello ("
                + received
                + ") to have X-Trace: abc, but it had no"
                + " X-Trace; its headers: {");
    assertThatThrownBy(() -> assertRequestHeader(emulator, "hello", 5, "X-Trace", "abc"))
        .hasMessageStartingWith("expected request 5 of hello, but it got 1 request(s)");
    assertThatThrownBy(() -> assertContainersStarted(emulator, "hello", 7))
        .hasMessageStartingWith("expected 7 container start(s) for hello, but there were ");
  }

  /** A request that proxy auth refuses is received by the function but never invokes it. */
  @Test
  void aRequestRefusedByProxyAuthIsReceivedButNotInvoked(
      Emulator emulator,
      @FunctionSpec("secure") RequestSpecification anonymous,
      @FunctionSpec(value = "secure", proxyAuth = true) RequestSpecification authorized) {
    given(anonymous).get("/").then().statusCode(401);
    assertReceived(emulator, "secure", 1);
    assertNotInvoked(emulator, "secure");
    assertThatThrownBy(() -> assertInvoked(emulator, "secure"))
        .hasMessageStartingWith("expected secure to be invoked, but it was not; the emulator");

    given(authorized).get("/").then().statusCode(200);
    assertReceived(emulator, "secure", 2);
    assertInvoked(emulator, "secure", 1);
  }
}
