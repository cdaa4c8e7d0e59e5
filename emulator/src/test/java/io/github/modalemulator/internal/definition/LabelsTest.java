package io.github.modalemulator.internal.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {

  @ParameterizedTest
  @CsvSource({
    "createApp, create_app",
    "getHTTPStatus, get_http_status",
    "hello, hello",
    "apiHandler, api_handler",
    "HTTPServer, http_server",
    "v2Api, v2_api",
    "already_snake, already_snake",
    "fileServer2, file_server2",
  })
  void javaMethodNamesBecomeTheirPythonTwinsNames(String java, String python) {
    assertThat(Labels.snakeCase(java)).isEqualTo(python);
  }

  @Test
  void defaultLabelIsAppThenFunctionNormalised() {
    assertThat(Labels.defaultLabel("text_to_speech", "flaskApp"))
        .isEqualTo("text-to-speech-flask-app");
    assertThat(Labels.defaultLabel("my-app", "createApp")).isEqualTo("my-app-create-app");
    assertThat(Labels.defaultLabel("My.App", "hello")).isEqualTo("my-app-hello");
  }

  @Test
  void defaultLabelOfAClassMethodKeepsTheClassNameAsWrittenThenLowerCases() {
    assertThat(Labels.defaultLabel("example-comfyui", "ComfyUI", "api"))
        .isEqualTo("example-comfyui-comfyui-api");
    assertThat(Labels.defaultLabel("my-app", "MyAPI", "health")).isEqualTo("my-app-myapi-health");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my-api",
        "a",
        "a1",
        "1a",
        "x-y-z",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"
      })
  void acceptsUserLabelsThatFitTheCloudsRule(String label) {
    assertThat(Labels.isValidUserLabel(label)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "123",
        "-api",
        "api-",
        "My-Api",
        "my_api",
        "my.api",
        "my api",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"
      })
  void rejectsUserLabelsOutsideTheCloudsRule(String label) {
    assertThat(Labels.isValidUserLabel(label)).isFalse();
  }

  @Test
  void sourceIsTheWorkspaceOrWorkspaceDashEnvironment() {
    assertThat(Labels.source("local", "")).isEqualTo("local");
    assertThat(Labels.source("acme", "staging")).isEqualTo("acme-staging");
  }

  @Test
  void hostLabelJoinsSourceAndLabelWithTwoDashes() {
    assertThat(Labels.hostLabel("local", "my-app-hello", false)).isEqualTo("local--my-app-hello");
  }

  @Test
  void serveModeAppendsDevToGeneratedAndUserLabels() {
    assertThat(Labels.hostLabel("local", "my-app-hello", true))
        .isEqualTo("local--my-app-hello-dev");
    assertThat(Labels.hostLabel("acme-staging", "my-api", true))
        .isEqualTo("acme-staging--my-api-dev");
  }

  @Test
  void aDevSuffixReplacesDevInServeModeOnlyInLowerCase() {
    assertThat(Labels.modeSuffix(true, "")).isEqualTo("-dev");
    assertThat(Labels.modeSuffix(true, "PR42")).isEqualTo("-pr42");
    assertThat(Labels.modeSuffix(false, "pr42")).isEmpty();
    assertThat(Labels.hostLabel("local", "my-app-hello", "-pr42"))
        .isEqualTo("local--my-app-hello-pr42");
  }

  @Test
  void aLabelIsTruncatedExactlyWhenItsHostLabelWouldPass63() {
    assertThat(Labels.isTruncated("local", "y".repeat(56), "")).isFalse();
    assertThat(Labels.isTruncated("local", "y".repeat(52), "-dev")).isFalse();
    assertThat(Labels.isTruncated("local", "y".repeat(53), "-dev")).isTrue();
  }

  @Test
  void aHostLabelOfExactly63CharactersIsKept() {
    String label = "y".repeat(56);
    assertThat(Labels.hostLabel("local", label, false)).isEqualTo("local--" + label).hasSize(63);
  }

  // Expected hashes were computed outside Java: sha256("local--" + label) in Python's hashlib.
  @Test
  void anOverLongHostLabelIsCutTo56AndJoinedToSixHexDigitsOfItsHash() {
    String label = "text-to-speech-" + "a".repeat(50);
    assertThat(Labels.hostLabel("local", label, false))
        .isEqualTo("local--text-to-speech-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-962f3a")
        .hasSize(63);
  }

  @Test
  void inServeModeTheCutLeavesRoomForDevAfterTheHash() {
    String label = "text-to-speech-" + "a".repeat(50);
    assertThat(Labels.hostLabel("local", label, true))
        .isEqualTo("local--text-to-speech-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-962f3a-dev")
        .hasSize(63);
  }

  @Test
  void devAloneCanPushAHostLabelOverTheLimit() {
    String label = "x".repeat(54); // 61 characters with the source, 65 with -dev
    assertThat(Labels.hostLabel("local", label, false)).isEqualTo("local--" + label);
    assertThat(Labels.hostLabel("local", label, true))
        .isEqualTo("local--xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-8cebfa-dev")
        .hasSize(63);
  }

  @ParameterizedTest
  @ValueSource(strings = {"my-app", "My_App.v2", "a"})
  void acceptsCloudAppNames(String name) {
    assertThat(Labels.isValidAppName(name)).isTrue();
  }

  @Test
  void appNamesMayHaveUpTo64Characters() {
    assertThat(Labels.isValidAppName("x".repeat(64))).isTrue();
    assertThat(Labels.isValidAppName("x".repeat(65))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "my app", "app/1", "ünïcode"})
  void rejectsOtherAppNames(String name) {
    assertThat(Labels.isValidAppName(name)).isFalse();
  }
}
