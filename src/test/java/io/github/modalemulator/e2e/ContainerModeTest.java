package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code emulator.jar container}, as an exported app's containers run it: the same Java code
 * answers behind the cloud's edge as the emulator answers through its own, side by side; a class is
 * entered before its ports open and exited at SIGTERM; a definition error exits 1.
 */
// Its tests run at once: each starts its own children, on ports of their own, beside one edge.
@Execution(ExecutionMode.CONCURRENT)
class ContainerModeTest {
  private static final Pattern READY =
      Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*");
  private static EmulatorProcess edge;
  private static int edgePort;

  /** The examples that run no fixed-port server, and the requests their tests send. */
  private record Case(
      String appClass,
      String function,
      String hostLabel,
      String method,
      String path,
      String body) {}

  private static final List<Case> CASES =
      List.of(
          new Case(
              "io.github.modalemulator.examples.fastapi.HelloApp",
              "hello",
              "local--example-fastapi-hello",
              "GET",
              "/",
              null),
          new Case(
              "io.github.modalemulator.examples.fastapi.HelloApp",
              "hello",
              "local--example-fastapi-hello",
              "GET",
              "/missing",
              null),
          new Case(
              "io.github.modalemulator.examples.fastapi.HelloApp",
              "hello",
              "local--example-fastapi-hello",
              "POST",
              "/",
              "{}"),
          new Case(
              "io.github.modalemulator.examples.fastapi.ConfiguredHandler",
              "handler",
              "local--my-endpoint",
              "POST",
              "/",
              "{\"a\": [1, 2]}"),
          new Case(
              "io.github.modalemulator.examples.fastapi.ConfiguredHandler",
              "handler",
              "local--my-endpoint",
              "POST",
              "/",
              "{not json"),
          new Case(
              "io.github.modalemulator.examples.asgi.CreateApp",
              "createApp",
              "local--example-asgi-create-app",
              "GET",
              "/",
              null),
          new Case(
              "io.github.modalemulator.examples.asgi.CreateApp",
              "createApp",
              "local--example-asgi-create-app",
              "POST",
              "/items",
              "{\"name\": \"x\"}"),
          new Case(
              "io.github.modalemulator.examples.wsgi.FlaskApp",
              "createApp",
              "local--example-wsgi-create-app",
              "GET",
              "/api/data",
              null),
          new Case(
              "io.github.modalemulator.examples.wsgi.JerseyApp",
              "createApp",
              "local--example-jersey-create-app",
              "GET",
              "/",
              null),
          new Case(
              "io.github.modalemulator.examples.cls.ModelApp",
              "Model.predict",
              "local--example-model-model-predict",
              "POST",
              "/",
              "{\"age\": 2}"),
          new Case(
              "io.github.modalemulator.examples.cls.MyApiApp",
              "MyAPI.health",
              "local--example-cls-myapi-health",
              "GET",
              "/",
              null));

  @BeforeAll
  static void startTheEdge() throws Exception {
    List<String> args =
        new ArrayList<>(List.of("deploy", "--port", "0", "--cp", EmulatorProcess.EXAMPLES));
    CASES.stream().map(Case::appClass).distinct().forEach(args::add);
    edge = EmulatorProcess.start(args.toArray(String[]::new));
    List<String> lines = edge.linesUntil(l -> READY.matcher(l).matches(), Duration.ofSeconds(60));
    Matcher ready = READY.matcher(lines.get(lines.size() - 1));
    assertThat(ready.matches()).isTrue();
    edgePort = Integer.parseInt(ready.group(1));
  }

  @AfterAll
  static void stopTheEdge() throws Exception {
    edge.terminate();
    edge.close();
  }

  /** A client that reaches the emulator's hosts through it, as an HTTP proxy. */
  private static HttpClient viaProxy(int port) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> send(HttpClient client, String url, Case c) throws Exception {
    // As long as ProxiedContainer's startup timeout: its first request waits for a JVM to start.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + c.path())).timeout(Duration.ofSeconds(60));
    if (c.body() != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        c.method(),
        c.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(c.body()));
    return client.send(request.build(), BodyHandlers.ofString());
  }

  /** Headers but the date, by lower-case name. */
  private static Map<String, List<String>> headers(HttpResponse<String> response) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
    headers.remove("date");
    return headers;
  }

  @Test
  void eachExampleAnswersInAContainerAsThroughTheEmulatorsEdge() throws Exception {
    HttpClient viaEdge = viaProxy(edgePort);
    HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String appClass : CASES.stream().map(Case::appClass).distinct().toList()) {
      List<Case> cases = CASES.stream().filter(c -> c.appClass().equals(appClass)).toList();
      int port = freePort();
      try (EmulatorProcess container =
          exampleContainer(appClass, cases.get(0).function() + "=" + port)) {
        container.linesUntil(l -> l.contains(" is ready on "), Duration.ofSeconds(60));
        for (Case c : cases) {
          HttpResponse<String> throughEdge =
              send(viaEdge, "http://" + c.hostLabel() + ".localhost:" + edgePort, c);
          HttpResponse<String> inContainer = send(direct, "http://127.0.0.1:" + port, c);
          String what = c.method() + " " + c.path() + " to " + c.function();
          assertThat(inContainer.statusCode()).as(what).isEqualTo(throughEdge.statusCode());
          assertThat(inContainer.body()).as(what).isEqualTo(throughEdge.body());
          assertThat(headers(inContainer)).as(what).isEqualTo(headers(throughEdge));
        }
        assertThat(container.terminate()).isZero();
      }
    }
  }

  /** The web server examples that need no program but the JVM and python3. */
  private static final List<String[]> WEB_SERVERS =
      List.of(
          new String[] {
            "io.github.modalemulator.examples.webserver.InProcessServer",
            "aiohttpServer",
            "8080",
            "local--example-in-process-server-aiohttp-server"
          },
          new String[] {
            "io.github.modalemulator.examples.webserver.JdkFileServer",
            "fileServer",
            "8002",
            "local--example-jdk-file-server-file-server"
          },
          new String[] {
            "io.github.modalemulator.examples.webserver.StartServer",
            "startServer",
            "8001",
            "local--my-server"
          },
          new String[] {
            "io.github.modalemulator.examples.webserver.FileServer",
            "fileServer",
            "8000",
            "local--example-web-server-file-server"
          });

  @Test
  @ResourceLock(EXAMPLE_PORTS)
  void eachWebServerExampleAnswersInAContainerAsThroughTheEmulatorsEdge() throws Exception {
    EveryExampleThroughTheJarTest.requirePrograms();
    Path binary = Files.createTempDirectory("container-server").resolve("server");
    Process gcc =
        new ProcessBuilder(
                "gcc",
                "-O2",
                "-o",
                binary.toString(),
                EveryExampleThroughTheJarTest.EXAMPLES_DIR
                    .resolve("src/main/c/server.c")
                    .toString())
            .redirectErrorStream(true)
            .start();
    String gccSaid = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcc.waitFor()).as("gcc: %s", gccSaid).isZero();
    // The programs the examples run, where the examples find them, in the emulator and the
    // container.
    List<String> programs =
        List.of(
            "-Dexamples.server.binary=" + binary,
            "-Dexamples.npm.project="
                + EveryExampleThroughTheJarTest.EXAMPLES_DIR.resolve("src/main/npm-dev-server"));
    HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String[] example : WEB_SERVERS) {
      String appClass = example[0];
      Case get = new Case(appClass, example[1], example[3], "GET", "/", null);
      // One at a time: the port is the function's own, in the emulator and in the container.
      HttpResponse<String> throughEdge;
      try (EmulatorProcess alone =
          EmulatorProcess.start(
              "deploy", "--port", "0", "--cp", EmulatorProcess.EXAMPLES, appClass)) {
        List<String> lines =
            alone.linesUntil(l -> READY.matcher(l).matches(), Duration.ofSeconds(60));
        Matcher ready = READY.matcher(lines.get(lines.size() - 1));
        assertThat(ready.matches()).isTrue();
        int port = Integer.parseInt(ready.group(1));
        throughEdge = send(viaProxy(port), "http://" + example[3] + ".localhost:" + port, get);
        assertThat(alone.terminate()).isZero();
      }
      try (EmulatorProcess container = exampleContainer(appClass, example[1])) {
        container.linesUntil(
            l ->
                l.equals(
                    "Function " + example[1] + " is ready: its own server on port " + example[2]),
            Duration.ofSeconds(60));
        HttpResponse<String> inContainer = send(direct, "http://127.0.0.1:" + example[2], get);
        assertThat(inContainer.statusCode()).as(appClass).isEqualTo(throughEdge.statusCode());
        assertThat(inContainer.body()).as(appClass).isEqualTo(throughEdge.body());
        // The edge's own connection management (hop-by-hop, RFC 9110 7.6.1) is not the app's.
        assertThat(endToEnd(inContainer)).as(appClass).isEqualTo(endToEnd(throughEdge));
        assertThat(container.terminate()).isZero();
      }
    }
  }

  /** The fixed ports (8000, 8001...) of the examples' own servers: one test at a time. */
  private static final String EXAMPLE_PORTS = "example-ports";

  /**
   * A server class's container runs its enter hooks, which start its server on its declared port
   * ({@code ExecutionContext.port()} there): the edge's auth and sessions are not the container's.
   */
  @Test
  @ResourceLock(EXAMPLE_PORTS)
  void eachServerClassListensOnItsDeclaredPortInItsContainer() throws Exception {
    try (EmulatorProcess container =
        exampleContainer("io.github.modalemulator.examples.server.ServerApp", "Api", "Sticky")) {
      container.linesUntil(
          l -> l.equals("Function Sticky is ready: its own server on port 8001"),
          Duration.ofSeconds(60));
      HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> api =
          direct.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:8000/hello")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.body()).startsWith("{\"server\":\"api\",").endsWith("\"path\":\"/hello\"}");
      HttpResponse<String> sticky =
          direct.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:8001/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(sticky.body()).startsWith("{\"server\":\"sticky\",");
      assertThat(container.terminate()).isZero();
    }
  }

  private static Map<String, List<String>> endToEnd(HttpResponse<String> response) {
    Map<String, List<String>> headers = headers(response);
    headers.remove("connection");
    headers.remove("keep-alive");
    return headers;
  }

  /**
   * As in the cloud, the edge checks proxy auth, not the container: the container says so, naming
   * the functions, and answers them without credentials.
   */
  @Test
  void aProxyAuthFunctionIsNamedAtStartAndAnswersWithoutCredentials() throws Exception {
    int port = freePort();
    try (EmulatorProcess container =
        exampleContainer(
            "io.github.modalemulator.examples.fastapi.SecureApp", "secureEndpoint=" + port)) {
      List<String> lines =
          container.linesUntil(
              l -> l.startsWith("Proxy auth is the edge's"), Duration.ofSeconds(60));
      assertThat(lines)
          .containsExactly(
              "Function secureEndpoint is ready on http://127.0.0.1:" + port,
              "Proxy auth is the edge's: in a container secureEndpoint answers without"
                  + " credentials, on every address --bind opens");
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(container.terminate()).isZero();
    }
  }

  @Test
  void aClassIsEnteredBeforeItsPortsOpenAndExitedAtSigterm() throws Exception {
    int predict = freePort();
    int info = freePort();
    try (EmulatorProcess container =
        exampleContainer(
            "io.github.modalemulator.examples.cls.ModelApp",
            "Model.predict=" + predict,
            "Model.info=" + info)) {
      List<String> lines =
          container.linesUntil(
              l -> l.startsWith("Function Model.info is ready"), Duration.ofSeconds(60));
      assertThat(lines)
          .containsExactly(
              "[model] loaded 3 weights",
              "Function Model.predict is ready on http://127.0.0.1:" + predict,
              "Function Model.info is ready on http://127.0.0.1:" + info);
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + info + "/")).build(),
                  BodyHandlers.ofString());
      assertThat(answer.body()).isEqualTo("{\"weights\":[\"age\",\"bias\",\"income\"]}");
      assertThat(container.terminate()).isZero();
      assertThat(container.stdout()).endsWith("[model] unloaded 3 weights\n");
      assertThat(container.stderr()).contains("Emulator stopped.");
    }
  }

  @Test
  void aDefinitionErrorExits1WithItsMessage() throws Exception {
    try (EmulatorProcess container =
        EmulatorProcess.start(
            "container",
            "--cp",
            EmulatorProcess.EXAMPLES,
            "io.github.modalemulator.examples.fastapi.HelloApp",
            "nothing=8123")) {
      assertThat(container.exitStatus()).isEqualTo(1);
      assertThat(container.stderr())
          .startsWith(
              "no web function \"nothing\" in [example-fastapi]; the web functions are: [hello]");
    }
  }

  @Test
  void theEmulatorsEdgeInFrontOfAContainerAnswersAsTheFunctionServedDirectly() throws Exception {
    // A @WebServer on port P whose function starts `container` for hello on P: the cloud's shape.
    int port = ProxiedContainer.PORT;
    // The web server's function runs in the jar's JVM: it finds the jar and the examples as here.
    List<String> where =
        List.of(
            "-Demulator.jar=" + EmulatorProcess.JAR.toAbsolutePath(),
            "-Dexamples.classes="
                + Path.of(System.getProperty("examples.classes", "examples/target/classes"))
                    .toAbsolutePath());
    try (EmulatorProcess proxied =
        EmulatorProcess.startWithJvmOptions(
            where,
            "deploy",
            "--port",
            "0",
            "--cp",
            System.getProperty("e2e.classes", "e2e/target/test-classes")
                + java.io.File.pathSeparator
                + EmulatorProcess.EXAMPLES,
            ProxiedContainer.class.getName())) {
      List<String> lines =
          proxied.linesUntil(l -> READY.matcher(l).matches(), Duration.ofSeconds(60));
      Matcher ready = READY.matcher(lines.get(lines.size() - 1));
      assertThat(ready.matches()).isTrue();
      int proxiedPort = Integer.parseInt(ready.group(1));
      HttpClient viaProxiedEdge = viaProxy(proxiedPort);
      HttpClient viaEdge = viaProxy(edgePort);
      for (Case c : CASES.subList(0, 3)) {
        HttpResponse<String> throughContainer =
            send(
                viaProxiedEdge,
                "http://local--e2e-container-behind-edge-hello.localhost:" + proxiedPort,
                c);
        HttpResponse<String> direct =
            send(viaEdge, "http://" + c.hostLabel() + ".localhost:" + edgePort, c);
        String what = c.method() + " " + c.path();
        assertThat(throughContainer.statusCode()).as(what).isEqualTo(direct.statusCode());
        assertThat(throughContainer.body()).as(what).isEqualTo(direct.body());
        assertThat(headers(throughContainer)).as(what).isEqualTo(headers(direct));
      }
      assertThat(proxied.terminate()).isZero();
    }
    assertThat(port).isPositive();
  }

  /** {@code emulator.jar container} on the examples' class path, bound to loopback. */
  private static EmulatorProcess exampleContainer(String... appAndFunctions) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("container", "--cp", EmulatorProcess.EXAMPLES, "--bind", "127.0.0.1"));
    args.addAll(List.of(appAndFunctions));
    return EmulatorProcess.start(args.toArray(String[]::new));
  }
}
