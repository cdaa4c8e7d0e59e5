package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app compiled for Java 21 (JDK 21 is today's common LTS) exports an image whose JRE runs it:
 * the emulator runs on a newer JDK (Temurin 25, beside the build's 17), as the user's machine
 * would, and the stand-in client reads the image the file declares. Run on the build's Java 17,
 * each command says plainly that the class needs a newer Java.
 */
class ExportJavaReleaseTest {
  private static final Path TEMURIN = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin");

  @TempDir static Path temp;
  private static Path classes;

  private static String run(List<String> command) throws Exception {
    return StandIn.run(Duration.ofSeconds(60), command);
  }

  @BeforeAll
  static void compileForJava21() throws Exception {
    if (!Files.isExecutable(TEMURIN.resolve("javac"))) {
      String message = "no JDK 25 at " + TEMURIN + " to compile for Java 21 with";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    Path source = temp.resolve("src/shop/Hello21.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        """
        package shop;

        import io.github.modalemulator.App;
        import io.github.modalemulator.FastapiEndpoint;
        import io.github.modalemulator.Function;
        import java.util.Map;

        @App("hello-21")
        public class Hello21 {
          @Function
          @FastapiEndpoint
          public static Map<String, String> hello() {
            return Map.of("java", "21");
          }
        }
        """);
    classes = temp.resolve("classes");
    run(
        List.of(
            TEMURIN.resolve("javac").toString(),
            "--release",
            "21",
            "-parameters",
            "-cp",
            EmulatorProcess.JAR.toString(),
            "-d",
            classes.toString(),
            source.toString()));
  }

  @Test
  void classesForJava21ExportAnImageWithTemurinsJava21Jre() throws Exception {
    Path out = temp.resolve("out");
    List<String> export = new ArrayList<>();
    export.add(TEMURIN.resolve("java").toString());
    export.addAll(
        List.of(
            "-jar",
            EmulatorProcess.JAR.toString(),
            "export",
            "--cp",
            classes.toString(),
            "--out",
            out.toString()));
    assertThat(run(export)).contains("; the image runs Java 21.");

    StandIn.requirePython();
    JsonNode report = StandIn.record(out.resolve("hello_21.py"));
    JsonNode image = report.get("apps").get(0).get("functions").get(0).get("image");
    assertThat(image.get(0).toString())
        .isEqualTo("[\"from_registry\",\"eclipse-temurin:21-jre\",\"3.12\"]");
    assertThat(image.get(1).get(0).asText()).isEqualTo("add_local_dir");
  }

  @Test
  void onJava17EveryCommandSaysWhichJavaTheClassNeedsWithoutTheUsageText() throws Exception {
    int running = Runtime.version().feature(); // the emulator's processes run this test's java
    assertThat(running).as("the build's JDK, older than the classes' 21").isLessThan(21);
    String expected =
        "class shop.Hello21 is compiled for Java 21, and this JVM is Java "
            + running
            + ": run the emulator with Java 21 or later (java from that JDK, or JAVA_HOME for the"
            + " Maven plugin), or compile for Java "
            + running
            + " (--release "
            + running
            + ")";
    List<List<String>> commands =
        List.of(
            List.of("deploy", "--port", "0", "--cp", classes.toString(), "shop.Hello21"),
            List.of("container", "--cp", classes.toString(), "shop.Hello21", "hello=29591"),
            List.of("export", "--cp", classes.toString(), "--out", temp.resolve("x").toString()));
    for (List<String> command : commands) {
      try (EmulatorProcess process = EmulatorProcess.start(command.toArray(String[]::new))) {
        assertThat(process.exitStatus()).as(command + ": " + process.stderr()).isEqualTo(1);
        assertThat(process.stderr().strip()).as(command.toString()).isEqualTo(expected);
      }
    }
  }
}
