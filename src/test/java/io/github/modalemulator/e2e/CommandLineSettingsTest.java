package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * --fastapi-stack, --dev-suffix (and MODAL_DEV_SUFFIX), --strict-web-endpoint, --header-timeout,
 * and proxy auth tokens from a file and the environment, through the jar.
 */
// Its tests run at once: each starts jars of its own, in folders of its own.
@Execution(ExecutionMode.CONCURRENT)
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

  /** A function behind proxy auth, answering "secret stuff". */
  private static void compileGuardedApp(Path classes) {
    SourceCompiler.compile(
        classes,
        "GuardedApp",
        "import io.github.modalemulator.*;\n"
            + "@App(\"guarded-app\")\n"
            + "public class GuardedApp {\n"
            + "  @Function @FastapiEndpoint(requiresProxyAuth = true)\n"
            + "  public static String guarded() { return \"secret stuff\"; }\n"
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
          .contains("--strict-web-endpoint")
          .contains("--header-timeout=T")
          .contains(
              "How long a client may take to send a request's headers once it has begun: 30s,"
                  + " 500ms or 30 (seconds); then it gets 408 and its connection closes (default:"
                  + " 30s).");
    }
  }

  @Test
  void proxyAuthTokensComeFromAFileAndTheEnvironmentAndShowNowhere(
      @TempDir Path classes, @TempDir Path secrets) throws Exception {
    compileGuardedApp(classes);
    Path tokenFile = secrets.resolve("tokens.txt");
    Files.writeString(
        tokenFile, "# the team's tokens\n\nwk-file1:ws-from-the-file\n  wk-file2:ws-file-two  \n");
    Map<String, String> environment =
        Map.of(
            "MODAL_EMULATOR_PROXY_AUTH_TOKENS",
            "wk-env1:ws-from-the-environment, wk-env2:ws-env-two");
    List<String> secretsGiven =
        List.of("ws-from-the-file", "ws-file-two", "ws-from-the-environment", "ws-env-two");
    try (EmulatorProcess emulator =
        EmulatorProcess.startWithEnvironment(
            environment,
            "deploy",
            "--port",
            "0",
            "--cp",
            classes.toString(),
            "--proxy-auth-token-file",
            tokenFile.toString())) {
      List<String> lines =
          emulator.linesUntil(l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP);
      int port = readyPort(lines);
      assertThat(lines.get(0))
          .isEqualTo(
              "Created web function guarded => http://local--guarded-app-guarded.localhost:"
                  + port
                  + " 🔑");
      String url = "http://local--guarded-app-guarded.localhost:" + port;
      for (String token :
          List.of(
              "wk-file1:ws-from-the-file",
              "wk-file2:ws-file-two",
              "wk-env1:ws-from-the-environment",
              "wk-env2:ws-env-two")) {
        String[] keyAndSecret = token.split(":");
        HttpResponse<String> allowed = getWithToken(port, url, keyAndSecret[0], keyAndSecret[1]);
        assertThat(allowed.statusCode()).as(token).isEqualTo(200);
        assertThat(allowed.body()).as(token).isEqualTo("\"secret stuff\"");
      }
      assertThat(getWithToken(port, url, null, null).statusCode()).isEqualTo(401);
      assertThat(getWithToken(port, url, "wk-file1", "ws-from-the-environment").statusCode())
          .as("a key with another token's secret")
          .isEqualTo(401);
      String commandLine = commandLine(emulator.pid());
      assertThat(commandLine).contains("--proxy-auth-token-file");
      assertThat(emulator.terminate()).isZero();
      String output = emulator.stdout() + emulator.stderr();
      assertThat(output).doesNotContain("generated");
      for (String secret : secretsGiven) {
        assertThat(output).as("the output").doesNotContain(secret);
        assertThat(commandLine).as("the command line").doesNotContain(secret);
      }
    }
  }

  @Test
  void headerTimeoutGives408ToUnfinishedHeadersInDeployAndContainer(@TempDir Path classes)
      throws Exception {
    compileHelloApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "deploy",
            "--port",
            "0",
            "--cp",
            classes.toString(),
            "--header-timeout",
            "500ms",
            "HelloApp")) {
      int port =
          readyPort(
              emulator.linesUntil(
                  l -> l.startsWith("Emulator ready at "), EmulatorJarTest.STARTUP));
      assertUnfinishedHeadersGet408Within(port, "local--hello-app-hello.localhost", 500);
      assertThat(emulator.terminate()).isZero();
    }
    int port = freePort();
    try (EmulatorProcess container =
        EmulatorProcess.start(
            "container",
            "--cp",
            classes.toString(),
            "--bind",
            "127.0.0.1",
            "--header-timeout",
            "1",
            "HelloApp",
            "hello=" + port)) {
      container.linesUntil(l -> l.contains(" is ready on "), EmulatorJarTest.STARTUP);
      assertUnfinishedHeadersGet408Within(port, "127.0.0.1", 1_000);
      assertThat(container.terminate()).isZero();
    }
  }

  @Test
  void aHeaderTimeoutThatIsNoDurationIsAUsageError() throws Exception {
    for (String value : new String[] {"soon", "0", "-5s", "1.5s"}) {
      try (EmulatorProcess emulator =
          EmulatorProcess.start("deploy", "--header-timeout", value, "HelloApp")) {
        assertThat(emulator.exitStatus()).as(value).isEqualTo(2);
        assertThat(emulator.stderr())
            .as(value)
            .startsWith("Invalid value for option '--header-timeout': '" + value + "' is ")
            .contains("Usage: emulator.jar deploy");
      }
    }
  }

  private static HttpResponse<String> getWithToken(int port, String url, String key, String secret)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/"));
    if (key != null) {
      request.header("Modal-Key", key).header("Modal-Secret", secret);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  /** The process's command line as {@code ps} shows it: /proc on Linux, else the JDK's view. */
  private static String commandLine(long pid) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
    if (Files.isReadable(proc)) {
      return Files.readString(proc, StandardCharsets.UTF_8).replace('\0', ' ');
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElseThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Headers begun and never finished get a 408 after the timeout, then a close. */
  private static void assertUnfinishedHeadersGet408Within(int port, String host, long timeoutMillis)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      socket
          .getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: " + host + "\r\nX-Slow:").getBytes(StandardCharsets.UTF_8));
      String answer = readUntilClosed(socket.getInputStream());
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(answer)
          .startsWith("HTTP/1.1 408 ")
          .endsWith("\r\n\r\nmodal-http: request headers were not received in time");
      // Well before the default of 30 s: the option took.
      assertThat(waitedMillis).isBetween(timeoutMillis - 100, timeoutMillis + 5_000);
    }
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    for (int read; (read = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, read);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
