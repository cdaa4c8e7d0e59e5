package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** {@code java -jar emulator.jar} as users run it, driven from outside over real HTTP. */
// Its tests run at once: each starts a jar of its own.
@Execution(ExecutionMode.CONCURRENT)
class EmulatorJarTest {
  static final Duration STARTUP = Duration.ofSeconds(60);
  static final Pattern CREATED =
      Pattern.compile(
          "Created web function (\\S+) => (http://[a-z0-9-]+\\.localhost:(\\d+))( 🔑)?");
  static final Pattern READY =
      Pattern.compile("Emulator ready at http://127\\.0\\.0\\.1:(\\d+) .*");

  /** An app with one function behind proxy auth, answering "secret stuff". */
  private static void compileSecureApp(Path classes) {
    SourceCompiler.compile(
        classes,
        "SecureApp",
        "import io.github.modalemulator.*;\n"
            + "import io.undertow.server.HttpHandler;\n"
            + "@App(\"secure\")\n"
            + "public class SecureApp {\n"
            + "  @Function @AsgiApp(requiresProxyAuth = true)\n"
            + "  public static HttpHandler createApp() {\n"
            + "    return exchange -> exchange.getResponseSender().send(\"secret stuff\");\n"
            + "  }\n"
            + "}\n");
  }

  private static HttpClient clientThrough(int port) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
        .build();
  }

  private static int readyPort(List<String> lines) {
    Matcher ready = READY.matcher(lines.get(lines.size() - 1));
    assertThat(ready.matches()).as("ready line: %s", lines).isTrue();
    return Integer.parseInt(ready.group(1));
  }

  @Test
  void deployServesTheSeedsAsgiAppAtItsPrintedUrlAndStopsCleanlyOnSigterm() throws Exception {
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "deploy",
            "--port",
            "0",
            "--cp",
            EmulatorProcess.EXAMPLES.toString(),
            "io.github.modalemulator.examples.asgi.CreateApp")) {
      List<String> lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), STARTUP);
      int port = readyPort(lines);
      assertThat(lines)
          .containsExactly(
              "Created web function createApp => http://local--example-asgi-create-app.localhost:"
                  + port,
              "Emulator ready at http://127.0.0.1:"
                  + port
                  + " (also an HTTP proxy for the URLs above); hit Ctrl-C to stop.");
      Matcher created = CREATED.matcher(lines.get(0));
      assertThat(created.matches()).isTrue();
      String url = created.group(2);

      HttpClient client = clientThrough(port);
      HttpResponse<String> index =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/")).build(), BodyHandlers.ofString());
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).isEqualTo("{\"message\":\"Welcome\"}");
      HttpResponse<String> created2 =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/items"))
                  .POST(BodyPublishers.ofString("{\"name\":\"widget\"}"))
                  .build(),
              BodyHandlers.ofString());
      assertThat(created2.statusCode()).isEqualTo(200);
      assertThat(created2.body()).isEqualTo("{\"created\":{\"name\":\"widget\"}}");

      assertThat(emulator.terminate()).isZero();
      assertThat(emulator.stderr()).contains("Emulator stopped.");
    }
  }

  @Test
  void serveFindsEveryAppOnTheClassPathWithDevLabelsAndCustomDomains() throws Exception {
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "serve", "--port", "0", "--cp", EmulatorProcess.EXAMPLES.toString())) {
      List<String> lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), STARTUP);
      int port = readyPort(lines);
      assertThat(lines)
          .contains(
              "Created web function createApp => http://local--example-asgi-create-app-dev.localhost:"
                  + port,
              "Created web function createApp => http://local--my-api-dev.localhost:" + port,
              "Custom domain for createApp => http://asgi.example.com:" + port,
              "Created web function createAsgi =>"
                  + " http://local--example-asgi-requirements-create-asgi-dev.localhost:"
                  + port);
      // A custom domain, reached the way a browser behind a hosts-file entry would: by Host.
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(
            "GET / HTTP/1.1\r\nHost: ASGI.example.com\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String response =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("{\"app\":\"my-api\"}");
      }
      assertThat(emulator.terminate()).isZero();
    }
  }

  @Test
  void aDefinitionErrorExitsWith1AndPrintsOnlyItsMessage(@TempDir Path classes) throws Exception {
    SourceCompiler.compile(
        classes,
        "BadApp",
        "import io.github.modalemulator.*;\n"
            + "import io.undertow.server.HttpHandler;\n"
            + "@App(\"bad\")\n"
            + "public class BadApp {\n"
            + "  @Function @AsgiApp\n"
            + "  public static HttpHandler createApp(String config) { return null; }\n"
            + "  @Function @AsgiApp(label = \"Not_Valid\")\n"
            + "  public static HttpHandler other() { return null; }\n"
            + "}\n");
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString(), "BadApp")) {
      assertThat(emulator.exitStatus()).isEqualTo(1);
      assertThat(emulator.stderr())
          .isEqualTo(
              "@AsgiApp method [BadApp.createApp(String)] can't have parameters; read configuration"
                  + " inside the method instead\n"
                  + "label \"Not_Valid\" of [BadApp.other()] is invalid: a label must match"
                  + " ^(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$ (lower-case letters, digits and"
                  + " dashes, 1 to 63 characters, not all digits, no dash at either end)\n");
      assertThat(emulator.stdout()).isEmpty();
    }
  }

  @Test
  void proxyAuthGetsAGeneratedTokenAndAKeyMark(@TempDir Path classes) throws Exception {
    compileSecureApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString())) {
      List<String> lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), STARTUP);
      int port = readyPort(lines);
      Matcher created = CREATED.matcher(lines.get(0));
      assertThat(created.matches()).as(lines.get(0)).isTrue();
      assertThat(created.group(4)).isEqualTo(" 🔑");
      Matcher token =
          Pattern.compile(
                  "Proxy auth token generated for this run: Modal-Key: (wk-[0-9a-f]+) Modal-Secret:"
                      + " (ws-[0-9a-f]+)")
              .matcher(lines.get(1));
      assertThat(token.matches()).as(lines.get(1)).isTrue();

      HttpClient client = clientThrough(port);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(created.group(2)));
      HttpResponse<String> refused = client.send(request.build(), BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body())
          .isEqualTo("modal-http: missing credentials for proxy authorization");
      HttpResponse<String> allowed =
          client.send(
              request
                  .header("Modal-Key", token.group(1))
                  .header("Modal-Secret", token.group(2))
                  .build(),
              BodyHandlers.ofString());
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("secret stuff");
      assertThat(emulator.terminate()).isZero();
      assertThat(emulator.stderr()).doesNotContain(token.group(2));
    }
  }

  @Test
  void givenTokensAreAcceptedAndNotPrinted(@TempDir Path classes) throws Exception {
    compileSecureApp(classes);
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "deploy",
            "--port",
            "0",
            "--cp",
            classes.toString(),
            "--proxy-auth-token",
            "wk-mine:ws-my-secret")) {
      List<String> lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), STARTUP);
      assertThat(String.join("\n", lines))
          .doesNotContain("ws-my-secret")
          .doesNotContain("generated");
      HttpResponse<String> allowed =
          clientThrough(readyPort(lines))
              .send(
                  HttpRequest.newBuilder(URI.create(CREATED.matcher(lines.get(0)).replaceAll("$2")))
                      .header("Modal-Key", "wk-mine")
                      .header("Modal-Secret", "ws-my-secret")
                      .build(),
                  BodyHandlers.ofString());
      assertThat(allowed.body()).isEqualTo("secret stuff");
      assertThat(emulator.terminate()).isZero();
    }
  }

  @Test
  void appCodeSeesItsOwnClassPathAsTheContextClassLoader(@TempDir Path classes) throws Exception {
    java.nio.file.Files.writeString(
        classes.resolve("app.properties"), "greeting=from the app's jar");
    SourceCompiler.compile(
        classes,
        "ResourceApp",
        "import io.github.modalemulator.*;\n"
            + "@App(\"resources\")\n"
            + "public class ResourceApp {\n"
            + "  @Function @AsgiApp\n"
            + "  public static io.undertow.server.HttpHandler createApp() {\n"
            + "    return exchange -> exchange.getResponseSender().send(String.valueOf(\n"
            + "        Thread.currentThread().getContextClassLoader().getResource(\"app.properties\")"
            + " != null));\n"
            + "  }\n"
            + "}\n");
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString())) {
      List<String> lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), STARTUP);
      HttpResponse<String> response =
          clientThrough(readyPort(lines))
              .send(
                  HttpRequest.newBuilder(URI.create(CREATED.matcher(lines.get(0)).replaceAll("$2")))
                      .build(),
                  BodyHandlers.ofString());
      // As under a deployed app's own JVM: ServiceLoader, Jackson modules, Jersey all rely on it.
      assertThat(response.body()).isEqualTo("true");
      assertThat(emulator.terminate()).isZero();
    }
  }

  @Test
  void anAppWhoseDependencyIsMissingFromTheClassPathIsADefinitionError(@TempDir Path classes)
      throws Exception {
    SourceCompiler.compile(
        classes,
        "NeedsHelper",
        "import io.github.modalemulator.*;\n"
            + "class Helper {}\n"
            + "@App(\"needs-helper\")\n"
            + "public class NeedsHelper {\n"
            + "  @Function @AsgiApp\n"
            + "  public static io.undertow.server.HttpHandler createApp() { return null; }\n"
            + "  static Helper helper(Helper h) { return h; }\n"
            + "}\n");
    java.nio.file.Files.delete(classes.resolve("Helper.class"));
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString(), "NeedsHelper")) {
      assertThat(emulator.exitStatus()).isEqualTo(1);
      assertThat(emulator.stderr())
          .isEqualTo(
              "class [NeedsHelper] can't be loaded: java.lang.NoClassDefFoundError: Helper; put the"
                  + " jar or directory that has it on the class path (--cp)\n");
    }
  }

  @Test
  void usageErrorsExitWith2() throws Exception {
    for (String[] args :
        new String[][] {
          {"deploy", "--frobnicate"},
          {"frobnicate"},
          {},
          {"deploy", "--port", "not-a-number", "X"},
          {"deploy", "--proxy-auth-token", "no-colon", "X"},
          {"deploy", "--cp", "/does/not/exist"},
          {"deploy", "--cp", EmulatorProcess.EXAMPLES.toString(), "com.example.Missing"},
        }) {
      try (EmulatorProcess emulator = EmulatorProcess.start(args)) {
        assertThat(emulator.exitStatus()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(emulator.stderr()).as(String.join(" ", args)).contains("Usage:");
      }
    }
  }

  @Test
  void helpExplainsTheCommandsAndExitsWith0() throws Exception {
    try (EmulatorProcess emulator = EmulatorProcess.start("serve", "--help")) {
      assertThat(emulator.exitStatus()).isZero();
      String help = emulator.stdout();
      assertThat(help)
          .contains("Usage: emulator.jar serve")
          .contains("--proxy-auth-token=wk-ID:ws-SECRET")
          .contains("When a build changes the folders or jars of --cp, the apps reload")
          .contains("--no-reload");
    }
  }

  /**
   * The jar keeps XNIO from building the platform MBean server as it starts (a container's start
   * would pay for it), and the user's code still finds that server whole: the JDK's beans in it,
   * none of XNIO's, and no JMX property of the emulator's left behind.
   */
  @Test
  void theUsersCodeFindsThePlatformMBeanServerWithoutXniosBeans(@TempDir Path classes)
      throws Exception {
    SourceCompiler.compile(
        classes,
        "JmxApp",
        "import io.github.modalemulator.*;\n"
            + "import java.lang.management.ManagementFactory;\n"
            + "import java.util.Map;\n"
            + "import java.util.TreeMap;\n"
            + "import javax.management.MBeanServer;\n"
            + "import javax.management.ObjectName;\n"
            + "@App(\"jmx-app\")\n"
            + "public class JmxApp {\n"
            + "  @Function @FastapiEndpoint\n"
            + "  public static Map<String, Object> beans() throws Exception {\n"
            + "    MBeanServer server = ManagementFactory.getPlatformMBeanServer();\n"
            + "    return new TreeMap<String, Object>(Map.of(\n"
            + "        \"xnio\", server.queryNames(new ObjectName(\"org.xnio:*\"), null).size(),\n"
            + "        \"runtime\", server.isRegistered(new ObjectName(\"java.lang:type=Runtime\")),\n"
            + "        \"builder\","
            + " String.valueOf(System.getProperty(\"javax.management.builder.initial\"))));\n"
            + "  }\n"
            + "}\n");
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", classes.toString(), "JmxApp")) {
      List<String> lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), STARTUP);
      int port = readyPort(lines);
      HttpResponse<String> beans =
          clientThrough(port)
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://local--jmx-app-beans.localhost:" + port + "/"))
                      .build(),
                  BodyHandlers.ofString());
      assertThat(beans.statusCode()).isEqualTo(200);
      assertThat(beans.body()).isEqualTo("{\"builder\":\"null\",\"runtime\":true,\"xnio\":0}");
      assertThat(emulator.terminate()).isZero();
    }
  }
}
