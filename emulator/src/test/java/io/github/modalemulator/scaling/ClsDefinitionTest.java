package io.github.modalemulator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.Exit;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.server.HttpHandler;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The cloud's rules for classes and scaling settings, all reported at once. */
class ClsDefinitionTest {

  @App("bad-cls")
  static class BadClasses {
    @Cls
    class NotStatic {
      @FastapiEndpoint
      String hello() {
        return "hi";
      }
    }

    @Cls
    static class NoDefaultConstructor {
      NoDefaultConstructor(String config) {}

      @FastapiEndpoint
      String hello() {
        return "hi";
      }
    }

    @Cls
    static class WrongMethods {
      @Function
      @FastapiEndpoint
      String withFunction() {
        return "hi";
      }

      @Concurrent(maxInputs = 2)
      @FastapiEndpoint
      String withConcurrent() {
        return "hi";
      }

      @FastapiEndpoint
      static String staticMethod() {
        return "hi";
      }

      @Enter
      void enterWithParameter(String x) {}

      @Exit
      static void staticExit() {}

      @Enter
      CompletableFuture<Void> asyncEnter() {
        return CompletableFuture.completedFuture(null);
      }
    }

    static class NotACls {
      @Enter
      void stray() {}
    }
  }

  @Test
  void everyProblemOfAClassIsReported() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class, () -> Emulator.builder().apps(BadClasses.class).start());
    assertThat(error.problems())
        .containsExactlyInAnyOrder(
            "@Cls class [BadClasses.NotStatic] must be a static nested class (an inner class needs"
                + " an outer instance); declare it static",
            "@Cls class [BadClasses.NoDefaultConstructor] has no constructor without parameters;"
                + " add one (set state up in an @Enter method)",
            "@Function on [WrongMethods.withFunction()] can't be used on a method of a @Cls class;"
                + " the class's @Cls settings apply to all its methods",
            "@Concurrent on [WrongMethods.withConcurrent()] belongs on the @Cls class, which sets"
                + " it for all its methods; move it there",
            "@FastapiEndpoint method [WrongMethods.staticMethod()] of a @Cls class must be an"
                + " instance method, so it runs on the container's instance; remove static",
            "@Enter method [WrongMethods.enterWithParameter(String)] can't have parameters",
            "@Exit method [WrongMethods.staticExit()] must be an instance method; it runs on the"
                + " instance",
            "@Enter method [WrongMethods.asyncEnter()] can't be async (it returns"
                + " CompletableFuture); do the work before returning",
            "@Enter/@Exit on [NotACls.stray()] has no effect: its class [BadClasses.NotACls] has"
                + " no @Cls; annotate the class with @Cls");
  }

  @App("bad-scaling")
  static class BadScaling {
    @Function(timeout = 0, minContainers = 3, maxContainers = 2, scaledownWindow = 1)
    @FastapiEndpoint
    static String overLimits() {
      return "hi";
    }

    @Function(bufferContainers = -1, scaledownWindow = 1201)
    @Concurrent(maxInputs = 1001)
    @FastapiEndpoint
    static String negative() {
      return "hi";
    }

    @Function
    @Concurrent(maxInputs = 4, targetInputs = 5)
    @AsgiApp
    static HttpHandler targetAboveMax() {
      return exchange -> {};
    }

    @Cls(minContainers = 2, maxContainers = 1)
    @Concurrent(maxInputs = 0)
    static class BadClass {
      @FastapiEndpoint
      String hello() {
        return "hi";
      }
    }
  }

  @Test
  void scalingSettingsOutsideTheCloudsRangesAreDefinitionErrors() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class, () -> Emulator.builder().apps(BadScaling.class).start());
    assertThat(error.problems())
        .containsExactlyInAnyOrder(
            "@Function on [BadScaling.overLimits()] has timeout = 0; use 1 to 86400 seconds",
            "@Function on [BadScaling.overLimits()] has minContainers = 3 above maxContainers = 2;"
                + " min_containers may not exceed max_containers",
            "@Function on [BadScaling.overLimits()] has scaledownWindow = 1; use 2 to 1200 seconds"
                + " (2 s to 20 min)",
            "@Function on [BadScaling.negative()] has a negative container count; minContainers,"
                + " maxContainers and bufferContainers are 0 or more (maxContainers = 0: no limit)",
            "@Function on [BadScaling.negative()] has scaledownWindow = 1201; use 2 to 1200 seconds"
                + " (2 s to 20 min)",
            "@Concurrent on [BadScaling.negative()] has maxInputs = 1001; use 1 to 1000",
            "@Concurrent on [BadScaling.targetAboveMax()] has targetInputs = 5; use 1 to maxInputs"
                + " (4), or leave it out to aim for maxInputs",
            "@Cls on [BadScaling.BadClass] has minContainers = 2 above maxContainers = 1;"
                + " min_containers may not exceed max_containers",
            "@Concurrent on [BadScaling.BadClass] has maxInputs = 0; use 1 to 1000");
  }
}
