package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --fastapi-stack, --dev-suffix (and MODAL_DEV_SUFFIX), --strict-web-endpoint through the jar. */
class CommandLineSettingsTest {

  private static void compileHelloApp(Path classes) {
    SourceCompiler.compile(
        classes,
        "HelloApp",
        "import io.github.modalemulator.*;\n"
            + "import java.util.Map;\n"
            + "@App(\"hello-app\")\n"
            + "public class HelloApp {\n"
            + "  @Function @FastapiEndpoint\n"
            + "  public static Map<String, String> hello() { return Map.of(\"hi\", \"there\"); }\n"
            + "  @Function @FastapiEndpoint(label ="
            + " \"text-to-speech-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\")\n"
            + "  public static String speak() { return \"spoken\"; }\n"
            + "}\n");
  }

  private static void compileOldApp(Path classes) {
    SourceCompiler.compile(
        classes,
        "OldApp",
        "import io.github.modalemulator.*;\n"
            + "@App(\"old-app\")\n"
            + "public class OldApp {\n"
            + "  @Function @SuppressWarnings(\"removal\") @WebEndpoint\n"
            + "  public static String old() { return \"old\"; }\n"
            + "}\n");
  }

  private static int readyPort(List<String> lines) {
    Matcher ready = EmulatorJarTest.READY.matcher(lines.get(lines.size() - 1));
    assertThat(ready.matches()).as("ready line: %s", lines).isTrue();
    return Integer.parseInt(ready.group(1));
  }

  private static HttpResponse<String> getWithOrigin(int port, String url) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();
    return client.send(
        HttpRequest.newBuilder(URI.create(url + "/"))
            .header("Origin", "https://app.example")
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void serveTakesADevSuffixAndTheLegacyStackAndMarksCutLabels(@TempDir Path classes)
      throws Exception {
    compileHelloApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "serve",
            "--port",
            "0",
            "--cp",
            classes.toString(),
            "--dev-suffix",
            "PR42",
            "--fastapi-stack",
            "legacy")) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP);
      int port = readyPort(lines);
      assertThat(lines)
          .containsExactly(
              "Created web function hello => http://local--hello-app-hello-pr42.localhost:" + port,
              // Expected hash: sha256("local--text-to-speech-" + 40 a's) in Python's hashlib.
              "Created web function speak =>"
                  + " http://local--text-to-speech-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-e169b5-pr42.localhost:"
                  + port
                  + " (label truncated)",
              "Emulator ready at http://127.0.0.1:"
                  + port
                  + " (also an HTTP proxy for the URLs above); hit Ctrl-C to stop.");
      HttpResponse<String> response =
          getWithOrigin(port, "http://local--hello-app-hello-pr42.localhost:" + port);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"hi\":\"there\"}");
      assertThat(response.headers().allValues("access-control-allow-origin")).containsExactly("*");
      assertThat(emulator.terminate()).isZero();
    }
  }

  @Test
  void theCurrentStackIsTheDefault(@TempDir Path classes) throws Exception {
    compileHelloApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString(), "HelloApp")) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP);
      int port = readyPort(lines);
      HttpResponse<String> response =
          getWithOrigin(port, "http://local--hello-app-hello.localhost:" + port);
      assertThat(response.headers().allValues("access-control-allow-origin"))
          .containsExactly("https://app.example");
    }
  }

  @Test
  void modalDevSuffixFromTheEnvironmentAndTheOptionBeforeIt(@TempDir Path classes)
      throws Exception {
    compileHelloApp(classes);
    String[] serve = {"serve", "--port", "0", "--cp", classes.toString(), "HelloApp"};
    try (EmulatorProcess emulator =
        EmulatorProcess.startWithEnvironment(Map.of("MODAL_DEV_SUFFIX", "env1"), serve)) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP);
      assertThat(lines.get(0))
          .isEqualTo(
              "Created web function hello => http://local--hello-app-hello-env1.localhost:"
                  + readyPort(lines));
    }
    String[] withOption = {
      "serve", "--port", "0", "--cp", classes.toString(), "--dev-suffix", "opt2", "HelloApp"
    };
    try (EmulatorProcess emulator =
        EmulatorProcess.startWithEnvironment(Map.of("MODAL_DEV_SUFFIX", "env1"), withOption)) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP);
      assertThat(lines.get(0))
          .isEqualTo(
              "Created web function hello => http://local--hello-app-hello-opt2.localhost:"
                  + readyPort(lines));
    }
  }

  @Test
  void anInvalidDevSuffixIsAUsageErrorInTheCloudClientsWords(@TempDir Path classes)
      throws Exception {
    compileHelloApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.startWithEnvironment(
            Map.of("MODAL_DEV_SUFFIX", "my-branch"),
            "serve",
            "--port",
            "0",
            "--cp",
            classes.toString(),
            "HelloApp")) {
      assertThat(emulator.exitStatus()).isEqualTo(2);
      assertThat(emulator.stderr())
          .startsWith(
              "Invalid value for dev_suffix config ('my-branch'): Suffix must be an alphanumeric"
                  + " string of no more than 8 characters.\n")
          .contains("Usage: emulator.jar serve");
    }
  }

  @Test
  void strictWebEndpointRefusesWebEndpointAndExitsWith1(@TempDir Path classes) throws Exception {
    compileOldApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "deploy", "--port", "0", "--cp", classes.toString(), "--strict-web-endpoint")) {
      assertThat(emulator.exitStatus()).isEqualTo(1);
      assertThat(emulator.stderr())
          .isEqualTo(
              "@WebEndpoint on [OldApp.old()] is refused (strict web_endpoint, as the cloud"
                  + " client 1.4+): Deprecated on 2025-03-05: The `@modal.web_endpoint` decorator"
                  + " has been renamed to `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the"
                  + " same attributes.\n");
    }
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString())) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP);
      assertThat(lines.get(0))
          .isEqualTo(
              "Created web function old => http://local--old-app-old.localhost:"
                  + readyPort(lines));
    }
  }

  @Test
  void helpNamesTheReleasesOfEachStack() throws Exception {
    try (EmulatorProcess emulator = EmulatorProcess.start("serve", "--help")) {
      assertThat(emulator.exitStatus()).isZero();
      // picocli wraps at 80 columns: compare with the line breaks taken out.
      assertThat(emulator.stdout().replaceAll("\\s+", " "))
          .contains("--fastapi-stack=current|legacy")
          .contains("current: FastAPI 0.142.2, Starlette 1.7.0, pydantic 2.13.5;")
          .contains(
              "legacy: FastAPI 0.100 to 0.131, Starlette before Kludex/starlette#3137, pydantic 2.")
          .contains("--dev-suffix=S")
          .contains("--strict-web-endpoint");
    }
  }
}
