package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The stand-in for the cloud client ({@code src/test/resources/modal-standin}), run by python3 on
 * an exported app file: what the export tests share.
 */
final class StandIn {
  static final Path FOLDER =
      Path.of(System.getProperty("e2e.classes", "e2e/target/test-classes"), "modal-standin");
  private static final ObjectMapper JSON = new ObjectMapper();

  private StandIn() {}

  /** Fails under CI, and skips elsewhere, when python3 is not installed. */
  static void requirePython() {
    if (Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .noneMatch(dir -> Files.isExecutable(Path.of(dir, "python3")))) {
      String message = "python3 not installed: apt-get install python3 (.ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }

  /** What the app file declares, as {@code record_app.py} reports it. */
  static JsonNode record(Path appFile) throws Exception {
    return JSON.readTree(
        run(
            Duration.ofSeconds(30),
            List.of("python3", FOLDER.resolve("record_app.py").toString(), appFile.toString())));
  }

  /**
   * A command that a body started, which ends with the bridge its JVM's calls go to ({@code
   * --bridge http://127.0.0.1:PORT/}, checked): without it.
   */
  static List<String> withoutBridge(JsonNode command) {
    List<String> parts = new java.util.ArrayList<>();
    command.forEach(part -> parts.add(part.isNull() ? null : part.asText()));
    assertThat(parts.get(parts.size() - 2)).as(parts.toString()).isEqualTo("--bridge");
    assertThat(parts.get(parts.size() - 1)).matches("http://127\\.0\\.0\\.1:\\d+/");
    return parts.subList(0, parts.size() - 2);
  }

  /** What the stand-in printed refusing the app file (it must refuse it). */
  static String refusal(Path appFile) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "python3", FOLDER.resolve("record_app.py").toString(), appFile.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isNotZero();
    return output;
  }

  /** Runs a command to its end within {@code timeout}, which must succeed: its output. */
  static String run(Duration timeout, List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
