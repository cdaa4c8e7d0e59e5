package io.github.modalemulator.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonNamesTest {

  @App("odd-names")
  static class OddNamesApp {
    @Function
    @FastapiEndpoint
    public static String lambda() {
      return "";
    }

    @Function
    @FastapiEndpoint
    public static String get$x() {
      return "";
    }

    @Function
    @FastapiEndpoint
    public static String image() {
      return "";
    }

    @Function
    @FastapiEndpoint
    public static String app() {
      return "";
    }

    @Function
    @FastapiEndpoint
    public static String modal() {
      return "";
    }

    @Cls
    public static class None {
      @FastapiEndpoint
      public String startJava() {
        return "";
      }

      @FastapiEndpoint
      public String _startJvm() {
        return "";
      }
    }

    @Cls
    public static class My$Api {
      @FastapiEndpoint
      public String health() {
        return "";
      }

      @FastapiEndpoint
      public String lambda() {
        return "";
      }
    }
  }

  @App("dunder")
  static class DunderApp {
    @Function
    @FastapiEndpoint
    public static String __debug__() {
      return "";
    }

    @Cls
    public static class Api {
      @FastapiEndpoint
      public String $$secret() {
        return "";
      }
    }
  }

  @App("the-app-whose-name-is-long-enough-to-matter-here")
  static class LongApp {
    @Cls
    public static class True {
      @FastapiEndpoint
      public String aMethodWhoseNameIsLong() {
        return "";
      }
    }
  }

  private static AppDefinition definition(Class<?> app) {
    return Deployment.of(List.of(app), "local", "", false).apps().get(0);
  }

  /** Each function's or method's Python name, by its Java name (a method's with its class's). */
  private static Map<String, String> identifiers(AppDefinition app, PythonNames names) {
    Map<String, String> identifiers = new LinkedHashMap<>();
    for (FunctionDefinition function : app.functions()) {
      identifiers.put(
          function.name(),
          function.cls() == null
              ? names.function(function)
              : names.cls(function.cls()) + "." + names.method(function));
    }
    return identifiers;
  }

  @ParameterizedTest
  @CsvSource({
    "hello, hello",
    "get$x, get_x",
    "My$Api, My_Api",
    "größe, gr__e",
    "$, _",
    "'', _",
  })
  void charactersPythonLacksBecomeUnderscores(String java, String python) {
    assertThat(PythonNames.identifier(java)).isEqualTo(python);
  }

  @Test
  void keywordsCharactersAndTheFilesOwnNamesAreRenamedWithATrailingUnderscore() {
    AppDefinition app = definition(OddNamesApp.class);
    PythonNames names = PythonNames.of(app);

    assertThat(identifiers(app, names))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app", "app_",
                "get$x", "get_x",
                "image", "image",
                "lambda", "lambda_",
                "modal", "modal_",
                "None._startJvm", "None_._start_jvm_",
                "None.startJava", "None_.start_java",
                "My$Api.health", "My_Api.health",
                "My$Api.lambda", "My_Api.lambda_"));
  }

  @Test
  void aRenamedFunctionKeepsItsCloudNameAndNoOtherHasOne() {
    AppDefinition app = definition(OddNamesApp.class);
    PythonNames names = PythonNames.of(app);
    Map<String, String> cloudNames = new LinkedHashMap<>();
    for (FunctionDefinition function : app.functions()) {
      if (function.cls() == null) {
        cloudNames.put(function.name(), String.valueOf(names.cloudName(function)));
      }
    }

    assertThat(cloudNames)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app", "app",
                "get$x", "get$x",
                "image", "null",
                "lambda", "lambda",
                "modal", "modal"));
  }

  @Test
  void aMethodWhoseDefaultLabelTheRenamingChangesHasTheEmulatorsPinned() {
    AppDefinition app = definition(OddNamesApp.class);
    PythonNames names = PythonNames.of(app);
    Map<String, String> pinned = new LinkedHashMap<>();
    for (FunctionDefinition function : app.functions()) {
      if (function.cls() != null) {
        pinned.put(function.name(), String.valueOf(names.pinnedLabel(function)));
      }
    }

    // My$Api and My_Api both normalise to my-api: that label needs no pin.
    assertThat(pinned)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "None._startJvm", "odd-names-none--start-jvm",
                "None.startJava", "odd-names-none-start-java",
                "My$Api.health", "null",
                "My$Api.lambda", "odd-names-my-api-lambda"));
  }

  @Test
  void namesStartingWithTwoUnderscoresAreRefusedWithTheirFix() {
    AppDefinition app = definition(DunderApp.class);

    assertThatThrownBy(() -> PythonNames.of(app))
        .isInstanceOf(InvalidError.class)
        .hasMessage(
            "function [DunderApp.__debug__()] exports as the Python name __debug__, and Python"
                + " gives names starting with two underscores a meaning of their own (special"
                + " names, mangled in a class body): rename it\n"
                + "method [Api.$$secret()] exports as the Python name __secret, and Python gives"
                + " names starting with two underscores a meaning of their own (special names,"
                + " mangled in a class body): rename it");
  }

  @Test
  void aLabelToPinThatNoUserLabelCanBeIsRefused() {
    AppDefinition app = definition(LongApp.class);

    assertThatThrownBy(() -> PythonNames.of(app))
        .isInstanceOf(InvalidError.class)
        .hasMessage(
            "method [True.aMethodWhoseNameIsLong()] exports as True_.a_method_whose_name_is_long,"
                + " whose default label in the cloud would not be the emulator's"
                + " \"the-app-whose-name-is-long-enough-to-matter-here-true-a-method-whose-name-is-long\","
                + " and that label can't be written as a label (it must match"
                + " ^(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$): give the method a label, or rename"
                + " the class or method to a valid Python name");
  }
}
