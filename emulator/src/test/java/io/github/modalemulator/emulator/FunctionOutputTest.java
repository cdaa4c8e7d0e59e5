package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Enter;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.testing.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a function prints is in its log, as the cloud's logs show a container's output. */
class FunctionOutputTest {
  @App("printing")
  static class PrintingApp {
    @Function
    @FastapiEndpoint
    static Map<String, String> talkative(String word) {
      System.out.println("stdout says " + word);
      System.err.print("stderr says ");
      System.err.println(word);
      System.out.print("unfinished " + word);
      return Map.of("said", word);
    }

    @Function
    @FastapiEndpoint
    static Map<String, String> quiet() {
      System.out.println("quiet's own line");
      return Map.of();
    }

    @Cls
    static class Model {
      @Enter
      void load() {
        System.out.println("loading the model");
      }

      @FastapiEndpoint
      Map<String, String> predict() {
        return Map.of();
      }
    }
  }

  @Test
  void aFunctionsOutputIsInItsLogAndNoOtherFunctions() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(PrintingApp.class).start()) {
      assertThat(
              RawHttp.get(emulator.port(), "local--printing-talkative.localhost", "/?word=one")
                  .status())
          .isEqualTo(200);
      assertThat(RawHttp.get(emulator.port(), "local--printing-quiet.localhost", "/").status())
          .isEqualTo(200);
      assertThat(
              RawHttp.get(emulator.port(), "local--printing-model-predict.localhost", "/").status())
          .isEqualTo(200);

      assertThat(emulator.logs("talkative"))
          .contains("stdout says one", "stderr says one", "unfinished one")
          .doesNotContain("quiet's own line");
      assertThat(emulator.logs("quiet"))
          .contains("quiet's own line")
          .doesNotContain("unfinished one");
      assertThat(emulator.logs("Model.predict")).contains("loading the model");
    }
  }

  @Test
  void aLongLineIsKeptCutWithAMark() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(LongLineApp.class).start()) {
      assertThat(RawHttp.get(emulator.port(), "local--long-line-shout.localhost", "/").status())
          .isEqualTo(200);
      assertThat(emulator.logs("shout"))
          .contains("x".repeat(8 * 1024) + " [" + (20_000 - 8 * 1024) + " more bytes]");
    }
  }

  @App("long-line")
  static class LongLineApp {
    @Function
    @FastapiEndpoint
    static Map<String, String> shout() {
      System.out.println("x".repeat(20_000));
      return Map.of();
    }
  }
}
