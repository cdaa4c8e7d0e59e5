package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.VolumeMount;
import io.github.modalemulator.internal.definition.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud's resource and environment settings: the client's refusals as definition errors in its
 * words, and a function's own settings over its app's defaults.
 */
class ResourceDefinitionTest {
  @TempDir Path volumes;

  @App(
      value = "bad-resources",
      secrets = "not a name",
      volumes = @VolumeMount(name = "cache", path = "/tmp"))
  static class BadResources {
    @Function(
        gpu = {"H100:two", ":2"},
        cpu = 2,
        cpuLimit = 1.5,
        memory = 4096,
        memoryLimit = 1024,
        volumes = {
          @VolumeMount(name = "data", path = "relative/path"),
          @VolumeMount(name = "shared", path = "/a"),
          @VolumeMount(name = "shared", path = "/b/../b")
        },
        env = {"1BAD=x", "GOOD=y"},
        jvmOptions = "Xmx2g",
        aptPackages = "FFmpeg")
    @FastapiEndpoint
    static String hello() {
      return "hi";
    }

    @Cls(cpuLimit = 2, ephemeralDisk = -1)
    static class Worker {
      @FastapiEndpoint
      String work() {
        return "done";
      }
    }
  }

  @Test
  void everyRefusalAtOnceInTheClientsWords() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class, () -> Emulator.builder().apps(BadResources.class).start().close());

    String names =
        "'. Names may contain only alphanumeric characters, dashes, periods, and underscores,"
            + " must be shorter than 64 characters, and cannot conflict with App ID strings.";
    String function = "@Function on [BadResources.hello()]: ";
    assertThat(error.problems())
        .containsExactly(
            "@App on [ResourceDefinitionTest.BadResources]: Invalid Secret name: 'not a name"
                + names,
            "@App on [ResourceDefinitionTest.BadResources]: Volume /tmp cannot be mounted at '/tmp'.",
            function + "Invalid GPU count: two. Value must be an integer.",
            function + "gpu \":2\" names no GPU type; use \"A100\", \"H100:2\"",
            function + "Cannot specify a CPU limit lower than request: 1500 < 2000",
            function + "Cannot specify a memory limit lower than request: 1024 < 4096",
            function + "Volume relative/path must be a canonical, absolute path.",
            function + "Volume /b/../b must be a canonical, absolute path.",
            function
                + "The same Volume cannot be mounted in multiple locations for the same function:"
                + " /a, /b/../b",
            function
                + "env entry \"1BAD=...\" has no valid variable name; write NAME=value (letters,"
                + " digits and _, not starting with a digit)",
            function
                + "aptPackages entry \"FFmpeg\" is not a Debian package name (lower-case letters,"
                + " digits and + - . : = ~)",
            function
                + "jvmOptions entry \"Xmx2g\" is not a JVM option; each starts with - (\"-Xmx2g\")",
            "@Cls on [BadResources.Worker]: cpu, cpuLimit, memory, memoryLimit and ephemeralDisk"
                + " are 0 (the cloud's default) or more",
            "@Cls on [BadResources.Worker]: CPU request must be a positive number");
  }

  @App("same-volume")
  static class SameVolumeTwice {
    @Function(
        volumes = {
          @VolumeMount(name = "shared", path = "/a"),
          @VolumeMount(name = "shared", path = "/b/")
        })
    @FastapiEndpoint
    static String hello() {
      return "hi";
    }
  }

  @Test
  void aVolumeMountedTwiceIsRefusedATrailingSlashIsNot() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class,
            () -> Emulator.builder().apps(SameVolumeTwice.class).start().close());

    assertThat(error.problems())
        .containsExactly(
            "@Function on [SameVolumeTwice.hello()]: The same Volume cannot be mounted in multiple"
                + " locations for the same function: /a, /b");
  }

  @App(
      value = "defaults",
      gpu = "T4",
      memory = 1024,
      secrets = "shared",
      volumes = @VolumeMount(name = "models", path = "/models"),
      env = {"MODE=app", "REGION=eu"},
      jvmOptions = "-Xss1m",
      aptPackages = "curl")
  static class Defaults {
    @Function(
        gpu = {"H100:2", "A100"},
        memory = 4096,
        memoryLimit = 8192,
        secrets = {"stripe", "shared"},
        volumes = @VolumeMount(name = "cache", path = "/cache"),
        env = "MODE=function",
        jvmOptions = "-Xmx3g",
        aptPackages = {"ffmpeg", "curl"})
    @FastapiEndpoint
    static String own() {
      return "own";
    }

    @Function
    @FastapiEndpoint
    static String inherited() {
      return "inherited";
    }
  }

  @Test
  void aFunctionsOwnSettingsReplaceTheAppsAndItsListsAddToThem() throws Exception {
    App app = Defaults.class.getAnnotation(App.class);
    Function own = Defaults.class.getDeclaredMethod("own").getAnnotation(Function.class);
    Function inherited =
        Defaults.class.getDeclaredMethod("inherited").getAnnotation(Function.class);

    assertThat(Resources.of(app, own))
        .isEqualTo(
            new Resources(
                List.of("H100:2", "A100"),
                0,
                0,
                4096,
                8192,
                0,
                List.of(),
                "",
                List.of("shared", "stripe"),
                Map.of("/models", "models", "/cache", "cache"),
                Map.of("MODE", "function", "REGION", "eu"),
                List.of("-Xss1m", "-Xmx3g"),
                List.of("curl", "ffmpeg")));
    assertThat(Resources.of(app, inherited))
        .isEqualTo(
            new Resources(
                List.of("T4"),
                0,
                0,
                1024,
                0,
                0,
                List.of(),
                "",
                List.of("shared"),
                Map.of("/models", "models"),
                Map.of("MODE", "app", "REGION", "eu"),
                List.of("-Xss1m"),
                List.of("curl")));
    try (Emulator emulator =
        Emulator.builder()
            .apps(Defaults.class)
            .secret("stripe", Map.of("STRIPE_KEY", "sk-test"))
            .secret("shared", Map.of())
            .volumesDir(volumes)
            .start()) {
      assertThat(emulator.webFunctions()).hasSize(2); // valid: it serves
      // Local containers have no GPU: each function's log says so once, when its pool is made.
      assertThat(emulator.logs("own"))
          .containsOnlyOnce(
              "own asks for a GPU (H100:2, then A100): local containers have none, so its code"
                  + " runs on this machine's CPU here");
      assertThat(emulator.logs("inherited"))
          .containsOnlyOnce(
              "inherited asks for a GPU (T4): local containers have none, so its code runs on"
                  + " this machine's CPU here");
    }
  }
}
