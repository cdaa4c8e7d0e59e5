package io.github.modalemulator.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets, env and volumes on this machine: the same code reads them as in the cloud, in the
 * emulator's JVM through ExecutionContext and in a child container JVM (Isolation.PROCESS) through
 * the real environment, with the heap capped by memory.
 */
class LocalResourcesTest {
  @TempDir Path folder;

  private static HttpResponse<String> send(Emulator emulator, String function, String method)
      throws Exception {
    // Past the gateway's limit (shortened below), the 303's result URL: followed, as browsers do.
    HttpClient http =
        emulator.httpClientBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    return http.send(
        HttpRequest.newBuilder(
                URI.create(emulator.webUrl(function.split("\\?")[0]) + query(function)))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String query(String function) {
    int q = function.indexOf('?');
    return q < 0 ? "" : function.substring(q);
  }

  @Test
  void inTheEmulatorsJvmCodeReadsItsSecretAndEnvThroughTheExecutionContext() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .apps(LocalResourcesApp.class)
            .secret("openai", Map.of("OPENAI_API_KEY", "sk-test"))
            .volumesDir(folder.resolve("volumes"))
            .start()) {
      HttpResponse<String> seen = send(emulator, "env", "GET");
      assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
      assertThat(seen.body())
          .startsWith("{\"viaContext\":\"sk-test\",\"viaSystem\":null,\"greeting\":\"hello\",")
          .contains("\"pid\":" + ProcessHandle.current().pid() + ",");
    }
  }

  @Test
  void whatOneContainerWritesToAVolumeTheNextReads() throws Exception {
    Path volumes = folder.resolve("volumes");
    try (Emulator emulator =
        Emulator.builder()
            .apps(LocalResourcesApp.class)
            .secret("openai", Map.of("OPENAI_API_KEY", "sk-test"))
            .volumesDir(volumes)
            .start()) {
      assertThat(send(emulator, "note?text=first", "POST").body()).isEqualTo("[\"first\"]");
      emulator.stopIdleContainers(); // the next note is written by a fresh container
      assertThat(send(emulator, "note?text=second", "POST").body())
          .isEqualTo("[\"first\",\"second\"]");
      assertThat(emulator.containers("note").containersStarted()).isEqualTo(2);
    }
    assertThat(Files.readString(volumes.resolve("notes").resolve("notes.txt")))
        .isEqualTo("first\nsecond\n");
  }

  @Test
  void aSecretFileGivesTheKeys() throws Exception {
    Path secrets = Files.createDirectories(folder.resolve("secrets"));
    Files.writeString(
        secrets.resolve("openai.env"), "# test\nexport OPENAI_API_KEY=\"from-file\"\n");
    try (Emulator emulator =
        Emulator.builder()
            .apps(LocalResourcesApp.class)
            .secretsDir(secrets)
            .volumesDir(folder.resolve("volumes"))
            .start()) {
      assertThat(send(emulator, "env", "GET").body()).contains("\"viaContext\":\"from-file\"");
    }
  }

  /** Starts, and at once stops, the app with the secrets of {@code folder} only. */
  private void startWith(Path secrets) {
    Emulator.builder()
        .apps(LocalResourcesApp.class)
        .secretsDir(secrets)
        .volumesDir(folder.resolve("volumes"))
        .start()
        .close();
  }

  @Test
  void aMissingSecretOrKeyFailsTheStartSayingWhereTheEmulatorLooked() throws Exception {
    Path secrets = Files.createDirectories(folder.resolve("secrets"));
    assertThatThrownBy(() -> startWith(secrets))
        .isInstanceOf(InvalidError.class)
        .hasMessageContaining(
            "secret 'openai' of env was not found: no values were given for it"
                + " (Emulator.builder().secret(...), @ModalEmulator(secrets = ...)) and there is no"
                + " file "
                + secrets.resolve("openai.env"));
    Files.writeString(
        secrets.resolve("openai.env"), "OPENAI_ORG=acme\nMODAL_EMULATOR_SURELY_UNSET_KEY\n");
    assertThatThrownBy(() -> startWith(secrets))
        .isInstanceOf(InvalidError.class)
        .hasMessageContaining(
            "secret 'openai' of env: key MODAL_EMULATOR_SURELY_UNSET_KEY is not set in this"
                + " machine's environment, which "
                + secrets.resolve("openai.env")
                + " line 2 says it comes from");
  }

  @Test
  void inAChildJvmTheSecretIsARealVariableTheHeapIsCappedAndACrashIsReplaced() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .apps(LocalResourcesApp.class)
            .isolation(Isolation.PROCESS)
            .secret("openai", Map.of("OPENAI_API_KEY", "sk-test"))
            .gatewayTimeout(Duration.ofSeconds(1))
            .volumesDir(folder.resolve("volumes"))
            .start()) {
      HttpResponse<String> seen = send(emulator, "env", "GET");
      assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
      assertThat(seen.body())
          .startsWith(
              "{\"viaContext\":\"sk-test\",\"viaSystem\":\"sk-test\",\"greeting\":\"hello\",")
          .doesNotContain("\"pid\":" + ProcessHandle.current().pid() + ",");
      long heap = Long.parseLong(seen.body().replaceAll(".*\"maxHeapMiB\":(\\d+).*", "$1"));
      assertThat(heap).isBetween(200L, 256L); // -Xmx256m, less what the collector keeps aside

      assertThat(send(emulator, "note?text=from-a-child", "POST").body())
          .isEqualTo("[\"from-a-child\"]");

      // a parameter set's container is a child made with the set's values
      HttpResponse<String> greeted = send(emulator, "Greeter.greet?name=large", "GET");
      assertThat(greeted.statusCode()).as(greeted.body()).isEqualTo(200);
      assertThat(greeted.body())
          .startsWith("\"hello large from ")
          .doesNotContain("from " + ProcessHandle.current().pid() + "\"");
      assertThat(send(emulator, "Greeter.greet", "GET").body()).startsWith("\"hello world from ");

      HttpResponse<String> slow = send(emulator, "slow", "GET");
      assertThat(slow.statusCode()).isEqualTo(200);
      assertThat(slow.body()).isEqualTo("\"slow\"");
      // a child JVM's answer, past the limit, is held at the edge for its result URL
      assertThat(slow.previousResponse())
          .hasValueSatisfying(redirect -> assertThat(redirect.statusCode()).isEqualTo(303));
      assertThat(emulator.logs("slow")).anyMatch(l -> l.contains("303 to its result URL"));

      HttpResponse<String> crashed = send(emulator, "crash", "GET");
      assertThat(crashed.statusCode()).isBetween(500, 599);
      // the emulator serves on: the next request of that function gets a fresh child JVM
      HttpResponse<String> again = send(emulator, "env", "GET");
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(emulator.logs("crash")).anyMatch(l -> l.contains("is process "));
    }
  }
}
