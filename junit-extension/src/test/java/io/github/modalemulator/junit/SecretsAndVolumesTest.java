package io.github.modalemulator.junit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.VolumeMount;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A test's values for a secret, and volumes in a folder of the run's own. */
@ModalEmulator(
    apps = SecretsAndVolumesTest.KeyApp.class,
    secrets = {"openai:OPENAI_API_KEY=sk-test", "openai:OPENAI_ORG=acme"})
class SecretsAndVolumesTest {
  @App("junit-secrets")
  public static class KeyApp {
    public record Keys(String key, String org, boolean volumeIsLocal) {}

    @Function(secrets = "openai", volumes = @VolumeMount(name = "cache", path = "/cache"))
    @FastapiEndpoint
    public static Keys keys() throws IOException {
      Path cache = ExecutionContext.volume("/cache");
      Files.writeString(cache.resolve("seen"), "yes");
      return new Keys(
          ExecutionContext.getenv("OPENAI_API_KEY"),
          ExecutionContext.getenv("OPENAI_ORG"),
          !cache.equals(Path.of("/cache")) && Files.isDirectory(cache));
    }
  }

  @Test
  void theFunctionReadsTheTestsValuesAndWritesItsVolume(
      @FunctionSpec("keys") RequestSpecification keys) {
    given(keys)
        .get("/")
        .then()
        .statusCode(200)
        .body(equalTo("{\"key\":\"sk-test\",\"org\":\"acme\",\"volumeIsLocal\":true}"));
  }

  @Test
  void aMalformedEntryIsRefusedSayingTheForm() {
    assertThat(EmulatorSettings.secretValues(List.of("a:K=v", "a:L=w=x")))
        .isEqualTo(Map.of("a", Map.of("K", "v", "L", "w=x")));
    assertThatThrownBy(() -> EmulatorSettings.secretValues(List.of("openai=sk-live-123")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a secret's test value is NAME:KEY=value, as in openai:OPENAI_API_KEY=sk-test; got"
                + " 'openai=...'"); // the value is never echoed
  }
}
