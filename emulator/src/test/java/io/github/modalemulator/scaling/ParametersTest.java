package io.github.modalemulator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Parameter} fields: values from the query string, containers per parameter set.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class ParametersTest {
  static final List<String> ENTERED = new CopyOnWriteArrayList<>();

  @App("params")
  static class ParamApp {
    // Several inputs per container: a request right after another may not wait for its slot.
    @Cls
    @Concurrent(maxInputs = 10)
    static class Model {
      @Parameter String name;

      @Parameter(defaultValue = "8")
      long batch;

      @Parameter(defaultValue = "false")
      boolean verbose;

      @Parameter(defaultValue = "salt")
      byte[] salt;

      @Parameter(init = false)
      String notAParameter = "as initialised";

      String atEnter;

      @Enter
      void enter() {
        atEnter = name + "/" + batch;
        ENTERED.add(atEnter);
      }

      @FastapiEndpoint
      String info() {
        return name
            + " "
            + batch
            + " "
            + verbose
            + " "
            + new String(salt, StandardCharsets.UTF_8)
            + " "
            + notAParameter
            + " entered as "
            + atEnter;
      }

      @FastapiEndpoint
      String same() {
        return atEnter;
      }
    }
  }

  @App("defaults")
  static class DefaultsApp {
    @Cls
    static class Greeter {
      @Parameter(defaultValue = "world")
      String who;

      @FastapiEndpoint
      String greet() {
        return "hello " + who;
      }
    }
  }

  @BeforeEach
  void reset() {
    ENTERED.clear();
  }

  private static String host(String label) {
    return "local--" + label + ".localhost";
  }

  @Test
  void queryValuesAreOnTheInstanceBeforeEnterRuns() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(ParamApp.class).start()) {
      RawHttp.Response response =
          RawHttp.get(
              emulator.port(), host("params-model-info"), "/?name=big&batch=3&verbose=TRUE");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("\"big 3 true salt as initialised entered as big/3\"");
    }
  }

  @Test
  void eachDistinctSetOfValuesGetsContainersOfItsOwnSharedByTheClassMethods() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(ParamApp.class).start()) {
      int port = emulator.port();
      RawHttp.get(port, host("params-model-info"), "/?name=a");
      RawHttp.get(port, host("params-model-info"), "/?name=a&batch=8"); // the same set
      assertThat(RawHttp.get(port, host("params-model-same"), "/?name=a").body())
          .isEqualTo("\"a/8\"");
      RawHttp.get(port, host("params-model-info"), "/?name=b");
      assertThat(ENTERED).containsExactly("a/8", "b/8");
      // The parameter sets' containers are the function's: its figures and its log count them.
      assertThat(emulator.containers("Model.info").containersStarted()).isEqualTo(2);
      assertThat(emulator.containers("Model.info").live()).isEqualTo(2);
      assertThat(emulator.logs("Model.info"))
          .filteredOn(line -> line.matches("container ct-\\d+ of Model.* started in .*"))
          .hasSize(2);
    }
  }

  @Test
  void aMissingOrMalformedValueIsRefusedBeforeAnyContainerStarts() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(ParamApp.class).start()) {
      int port = emulator.port();
      RawHttp.Response missing = RawHttp.get(port, host("params-model-info"), "/?batch=2");
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.body())
          .isEqualTo(
              "modal-http: class Model needs the parameter 'name' (str); add ?name=... to the URL");
      RawHttp.Response malformed =
          RawHttp.get(port, host("params-model-info"), "/?name=a&batch=many");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body())
          .isEqualTo("modal-http: the parameter 'batch' of class Model must be an int, got 'many'");
      assertThat(ENTERED).isEmpty();
    }
  }

  @Test
  void withDefaultsForAllARequestWithoutValuesUsesTheClassesOwnContainers() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(DefaultsApp.class).start()) {
      int port = emulator.port();
      assertThat(RawHttp.get(port, host("defaults-greeter-greet"), "/").body())
          .isEqualTo("\"hello world\"");
      assertThat(RawHttp.get(port, host("defaults-greeter-greet"), "/").body())
          .isEqualTo("\"hello world\"");
      assertThat(emulator.containers("Greeter.greet").containersStarted()).isEqualTo(1);
      // Another set of values gets containers of its own, counted with the class's.
      assertThat(RawHttp.get(port, host("defaults-greeter-greet"), "/?who=you").body())
          .isEqualTo("\"hello you\"");
      assertThat(emulator.containers("Greeter.greet").containersStarted()).isEqualTo(2);
    }
  }

  @Test
  void typedClientsSendTheirParameterValues() {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(ParamApp.class).start()) {
      ParamApp.Model big = emulator.client(ParamApp.Model.class, Map.of("name", "c", "batch", 5));
      assertThat(big.info()).isEqualTo("c 5 false salt as initialised entered as c/5");
      assertThatThrownBy(() -> emulator.client(ParamApp.Model.class, Map.of("size", 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "\"size\" is not a @Parameter field of Model; its parameters are: [batch, name,"
                  + " salt, verbose]");
    }
  }

  @Test
  void parameterSetsAreBoundedAndIdleOnesMakeRoom() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(ParamApp.class).start()) {
      int port = emulator.port();
      for (int i = 0; i < 256; i++) {
        assertThat(RawHttp.get(port, host("params-model-same"), "/?name=n" + i).status())
            .isEqualTo(200);
      }
      RawHttp.Response full = RawHttp.get(port, host("params-model-same"), "/?name=more");
      assertThat(full.status()).isEqualTo(429);
      assertThat(full.body())
          .isEqualTo(
              "modal-http: class Model has containers for 256 parameter sets already; try again"
                  + " when some are idle");
      emulator.stopIdleContainers();
      assertThat(RawHttp.get(port, host("params-model-same"), "/?name=more").body())
          .isEqualTo("\"more/8\"");
    }
  }

  @App("bad-params")
  static class BadParams {
    @Cls
    static class Bad {
      @Parameter double temperature;
      @Parameter static String shared;
      @Parameter final String fixed = "x";

      @Parameter(defaultValue = "lots")
      int count;

      @FastapiEndpoint
      String get() {
        return "";
      }
    }
  }

  @Test
  void parameterDefinitionErrorsAreListedTogether() {
    assertThatThrownBy(
            () -> Emulator.builder().isolation(Isolation.GENERATION).apps(BadParams.class).start())
        .isInstanceOf(InvalidError.class)
        .extracting(e -> ((InvalidError) e).problems())
        .isEqualTo(
            List.of(
                "@Parameter field [Bad.count] has the default \"lots\", which is not an int that"
                    + " fits a Java int; give a default of its type",
                "@Parameter field [Bad.fixed] is final; its value is set before @Enter methods"
                    + " run: remove final",
                "@Parameter field [Bad.shared] is static; each parameter set has containers of"
                    + " its own, with the value on their instance: make it an instance field",
                "@Parameter field [Bad.temperature]: Class parameter 'temperature': double is not"
                    + " a supported modal.parameter() type. Use one of: int, str, bytes, bool (in"
                    + " Java: long or int, String, byte[], boolean)"));
  }
}
