package io.github.modalemulator.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.Method;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.Deployment;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PythonAppTest {

  /** A web front, functions that code calls, and a class with methods that code calls. */
  @App("jobs")
  public static class JobsApp {
    @Function
    @FastapiEndpoint(method = "POST")
    public static String submit() {
      return "";
    }

    @Function(timeout = 60)
    public static String processJob(String text) {
      return text;
    }

    @Function
    public static Stream<Integer> count(int to) {
      return Stream.of(to);
    }

    @Cls(maxContainers = 2)
    public static class Model {
      @Parameter(defaultValue = "small")
      String size;

      @Parameter(defaultValue = "3")
      int count;

      @Parameter(defaultValue = "true")
      boolean fast;

      @Parameter String owner;

      @Method
      public String predictAll(String text) {
        return text;
      }

      @FastapiEndpoint
      public String health() {
        return "ok";
      }

      @Method
      public Stream<String> words(String text) {
        return Stream.of(text);
      }
    }
  }

  private static String rendered() {
    return rendered(17);
  }

  private static String rendered(int release) {
    AppDefinition app = Deployment.of(List.of(JobsApp.class), "local", "", false).apps().get(0);
    return PythonApp.render(app, List.of("app.jar"), new JavaRelease(release, null));
  }

  @Test
  void aJava17ImageMakesAClassDataSharingArchiveFromTheWarmUpAndEveryJvmUsesIt() {
    assertThat(rendered(17))
        .contains(
            """
                    # Start-up: a class-data-sharing archive of the emulator's own classes, made by its
                    # warm-up (an app of the emulator's, on a free port): no user code runs at build time.
                    .run_commands("java -XX:ArchiveClassesAtExit=/app/emulator.jsa -jar /app/lib/emulator.jar warmup")
                )

                _JAVA = ["java", "-XX:SharedArchiveFile=/app/emulator.jsa"]
                """);
  }

  @Test
  void aJava25ImageMakesAnAotCacheFromTheWarmUpAndEveryJvmUsesIt() {
    assertThat(rendered(25))
        .contains(
            """
                    # Start-up: an AOT cache of the emulator's own classes, made by its
                    # warm-up (an app of the emulator's, on a free port): no user code runs at build time.
                    .run_commands("java -XX:AOTCacheOutput=/app/emulator.aot -jar /app/lib/emulator.jar warmup")
                )

                _JAVA = ["java", "-XX:AOTCache=/app/emulator.aot"]
                """)
        .doesNotContain("emulator.jsa");
  }

  @Test
  void aDotInTheAppNameBecomesAnUnderscoreAsTheClientRefusesMoreDots() {
    AppDefinition app = new AppDefinition("shop.v2-api", PythonAppTest.class, List.of());

    assertThat(PythonApp.fileName(app)).isEqualTo("shop_v2_api.py");
  }

  @Test
  void aQuotedStringIsPrintableAsciiWithEveryOtherCharacterEscaped() {
    assertThat(PythonApp.quote("a\"b\\c\nd\re\u2028f\uD835\uDC65"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\u000de\\u2028f\\U0001d465\"");
  }

  @Test
  void aFunctionThatCodeCallsPassesEachInputToItsJvmStartedOncePerContainer() {
    assertThat(rendered())
        .contains(
            """


                @app.function(image=_IMAGE, timeout=60)
                def process_job(*args):
                    jvm = _jvm("processJob", [*_JAVA, *_CONTAINER, "processJob=9001"])
                    return _result("processJob", 9001, jvm, args)
                """);
  }

  @Test
  void aGeneratorYieldsTheItemsOfItsJvm() {
    assertThat(rendered())
        .contains(
            """
                def count(*args):
                    jvm = _jvm("count", [*_JAVA, *_CONTAINER, "count=9000"])
                    yield from _items("count", 9000, jvm, args)
                """);
  }

  @Test
  void aClassStartsOneJvmForItsWebAndCalledMethodsAndEachMethodPassesItsInputsToIt() {
    assertThat(rendered())
        .contains(
            """
                        self._jvm = _subprocess.Popen(
                            [
                                *_JAVA, *_CONTAINER,
                                "Model.health=8000",
                                "Model.predictAll=9002",
                                "Model.words=9003",
                                *_parameters(self, ["count", "fast", "owner", "size"]),
                                "--bridge",
                                _bridge(),
                            ]
                        )
                """)
        .contains(
            """
                    @modal.method()
                    def predict_all(self, *args):
                        return _result("Model.predictAll", 9002, self._jvm, args)

                    @modal.method()
                    def words(self, *args):
                        yield from _items("Model.words", 9003, self._jvm, args)
                """);
  }

  @Test
  void aClassesParametersAreModalParametersOfTheirJavaNamesPassedToItsJvm() {
    assertThat(rendered())
        .contains(
            """
                class Model:
                    count: int = modal.parameter(default=3)
                    fast: bool = modal.parameter(default=True)
                    owner: str = modal.parameter()
                    size: str = modal.parameter(default="small")

                    @modal.enter()
                """);
  }

  /** A parameter whose name Python can't take as it is. */
  @App("keywords")
  public static class KeywordApp {
    @Cls
    public static class Model {
      @Parameter(defaultValue = "x")
      String lambda;

      @Parameter(defaultValue = "x")
      String predict;

      @Method
      public String predict() {
        return lambda + predict;
      }
    }
  }

  @Test
  void aParameterPythonCantNameAsJavaCallersDoIsRefused() {
    AppDefinition app = Deployment.of(List.of(KeywordApp.class), "local", "", false).apps().get(0);

    InvalidError refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidError.class,
            () -> PythonApp.render(app, List.of("app.jar"), new JavaRelease(17, null)));

    assertThat(refused.problems())
        .containsExactly(
            "@Parameter field [Model.lambda] exports as modal.parameter lambda, which is a Python"
                + " keyword: rename the field",
            "@Parameter field [Model.predict] exports as modal.parameter predict, which the class"
                + " body already uses: rename the field");
  }

  @Test
  void aWebFunctionsJvmCallsThroughTheBridge() {
    assertThat(rendered())
        .contains(
            """
                def submit():
                    _subprocess.Popen([*_JAVA, *_CONTAINER, "submit=8000", "--bridge", _bridge()])
                """);
  }

  @Test
  void theBridgeFindsEachFunctionOfTheAppByItsJavaNameUnderItsCloudNames() {
    assertThat(rendered())
        .contains(
            """
                _APP_NAME = "jobs"
                _CLOUD_NAMES = {
                    "count": ["count"],
                    "processJob": ["process_job"],
                    "submit": ["submit"],
                    "Model.health": ["Model", "health"],
                    "Model.predictAll": ["Model", "predict_all"],
                    "Model.words": ["Model", "words"],
                }
                """)
        .contains(PythonApp.RUNTIME);
  }

  @Test
  void everyModuleLevelNameOfTheRuntimeIsReservedFromTheUsersNames() {
    List<String> defined = new java.util.ArrayList<>();
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("(?m)^(?:def |class )?(_\\w+)").matcher(PythonApp.RUNTIME);
    while (names.find()) {
      defined.add(names.group(1));
    }
    assertThat(defined).isNotEmpty();
    assertThat(PythonNames.MODULE_RESERVED).containsAll(defined);
  }
}
