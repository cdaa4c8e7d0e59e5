package io.github.modalemulator.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.Method;
import io.github.modalemulator.emulator.Emulator;
import org.junit.jupiter.api.Test;

/** The rules for functions that code calls, all reported at once, before any port is bound. */
class CallDefinitionTest {

  @App("bad-calls")
  static class BadCalls {
    @Method
    @Function
    static String methodOnAFunction() {
      return "";
    }

    @Function
    static String twice(String a) {
      return a;
    }

    @Function
    static String twice(String a, String b) {
      return a + b;
    }

    @Cls
    static class Model {
      @Method
      static String staticMethod() {
        return "";
      }

      @Method
      @FastapiEndpoint
      String servedAndCalled() {
        return "";
      }
    }
  }

  @Test
  void everyProblemIsReported() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class, () -> Emulator.builder().apps(BadCalls.class).start());

    assertThat(error.problems())
        .containsExactly(
            "@Method on [BadCalls.methodOnAFunction()] belongs on an instance method of a @Cls"
                + " class; a function of the app is a static @Function method, which code calls as"
                + " it is",
            "@Method on [Model.servedAndCalled()] can't go with a web annotation: a method is"
                + " either served on the web or called by code; keep one",
            "@Method method [Model.staticMethod()] must be an instance method, so it runs on the"
                + " container's instance (set up by its @Enter methods); remove static",
            "the name twice is taken by both [BadCalls.twice(String)] and"
                + " [BadCalls.twice(String, String)]; functions are called by name, so give each"
                + " its own (Java overloads can't both be functions)");
  }

  @App("good-calls")
  static class GoodCalls {
    @Function
    static String plain(String text) {
      return text;
    }
  }

  @Test
  void aFunctionWithoutAWebAnnotationIsServedForCallsAndHasNoUrl() {
    try (Emulator emulator = Emulator.builder().apps(GoodCalls.class).start()) {
      assertThat(emulator.webFunctions()).isEmpty();
      assertThat(emulator.function("good-calls", "plain").remote("hi")).isEqualTo("hi");
      assertThat(emulator.function("good-calls", "plain").getWebUrl()).isEmpty();
    }
  }
}
