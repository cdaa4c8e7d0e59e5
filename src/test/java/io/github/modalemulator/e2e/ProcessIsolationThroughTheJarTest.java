package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy --isolation process} through the real jar: the function's container is a JVM of its
 * own with its secret as a real environment variable (from {@code --secrets-dir}); and when the
 * emulator is killed outright, its container JVM ends too instead of living on with its port.
 */
class ProcessIsolationThroughTheJarTest {
  private static final Pattern READY =
      Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*");

  @TempDir Path folder;

  @App("process-jar")
  public static class KeyApp {
    /** The secret's key as the process's environment has it, and which process answers. */
    @Function(secrets = "vault")
    @FastapiEndpoint
    public static String key() {
      return System.getenv("VAULT_KEY") + " " + ProcessHandle.current().pid();
    }
  }

  @Test
  void theContainerIsAProcessWithItsSecretAndEndsWithAKilledEmulator() throws Exception {
    Path secrets = Files.createDirectories(folder.resolve("secrets"));
    Files.writeString(secrets.resolve("vault.env"), "VAULT_KEY=v-local\n");
    String classes = System.getProperty("e2e.classes", "e2e/target/test-classes");
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "deploy",
            "--port",
            "0",
            "--isolation",
            "process",
            "--secrets-dir",
            secrets.toString(),
            "--volumes-dir",
            folder.resolve("volumes").toString(),
            "--cp",
            classes,
            KeyApp.class.getName())) {
      List<String> lines =
          emulator.linesUntil(l -> READY.matcher(l).matches(), Duration.ofSeconds(60));
      Matcher ready = READY.matcher(lines.get(lines.size() - 1));
      assertThat(ready.matches()).as(emulator.stderr()).isTrue();
      HttpClient viaEdge =
          HttpClient.newBuilder()
              .proxy(
                  ProxySelector.of(
                      new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.group(1)))))
              .build();
      HttpResponse<String> answer =
          viaEdge.send(
              HttpRequest.newBuilder(URI.create("http://local--process-jar-key.localhost/"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body() + emulator.stderr()).isEqualTo(200);
      Matcher key = Pattern.compile("\"v-local (\\d+)\"").matcher(answer.body());
      assertThat(key.matches()).as(answer.body()).isTrue();
      long child = Long.parseLong(key.group(1));
      assertThat(child).isNotEqualTo(emulator.pid());
      ProcessHandle container = ProcessHandle.of(child).orElseThrow();
      assertThat(container.parent().map(ProcessHandle::pid)).contains(emulator.pid());

      ProcessHandle.of(emulator.pid()).orElseThrow().destroyForcibly(); // SIGKILL: no hooks run
      assertThat(container.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive())
          .isFalse();
    }
  }
}
