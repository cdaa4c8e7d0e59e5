package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every seed snippet's Java twin, served by the real {@code emulator.jar} as a process ({@code
 * deploy --cp examples}) and driven over HTTP from this JVM: by label URL, by custom domain in the
 * {@code Host} header, and with the proxy auth token the jar printed. The compiled-binary twin's
 * server is built with gcc first, and the jar's JVM is told where it and the npm project are.
 */
// Alone, while the other end-to-end classes wait: the examples' web servers listen on fixed ports
// (8000, 8080, ...), which ContainerModeTest's servers use too, and must start within the seed's
// five seconds.
@Isolated
class EveryExampleThroughTheJarTest {
  private static final Pattern CREATED =
      Pattern.compile("Created web function (\\S+) => (http://\\S+)( 🔑)?");
  private static final Pattern CALLED = Pattern.compile("Created function (\\S+)\\.");
  private static final Pattern FLASH =
      Pattern.compile("Created flash service endpoint for (\\S+) => (http://\\S+)");
  private static final Pattern DOMAIN =
      Pattern.compile("Custom domain for (\\S+) => (http://\\S+)");
  private static final Pattern TOKEN =
      Pattern.compile(
          "Proxy auth token generated for this run: Modal-Key: (wk-[0-9a-f]+) Modal-Secret:"
              + " (ws-[0-9a-f]+)");

  static EmulatorProcess emulator;
  static List<String> lines;
  static int port;
  static HttpClient client;

  /** Label URL by host label ({@code local--my-api}). */
  static final Map<String, String> URLS = new LinkedHashMap<>();

  /** The examples module's directory. */
  static final Path EXAMPLES_DIR =
      Path.of(System.getProperty("examples.classes", "examples/target/classes"))
          .toAbsolutePath()
          .normalize()
          .getParent()
          .getParent();

  static String key;
  static String secret;

  /**
   * The examples' web servers run gcc's output, python3 and npm: without them (outside CI, where
   * {@code .ci/run} installs them), the class is skipped with a message that names what is missing.
   */
  static void requirePrograms() {
    List<String> missing =
        Stream.of("gcc", "python3", "npm")
            .filter(
                program ->
                    Stream.of(System.getenv("PATH").split(File.pathSeparator))
                        .noneMatch(dir -> Files.isExecutable(Path.of(dir, program))))
            .toList();
    if (!missing.isEmpty()) {
      String message =
          String.join(", ", missing)
              + " not installed: apt-get install gcc libc6-dev python3 nodejs npm (.ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    requirePrograms();
    Path binary = Files.createTempDirectory("e2e-server").resolve("server");
    Process gcc =
        new ProcessBuilder(
                "gcc",
                "-O2",
                "-o",
                binary.toString(),
                EXAMPLES_DIR.resolve("src/main/c/server.c").toString())
            .redirectErrorStream(true)
            .start();
    String gccSaid = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcc.waitFor()).as("gcc: %s", gccSaid).isZero();
    emulator =
        EmulatorProcess.startWithJvmOptions(
            List.of(
                "-Dexamples.server.binary=" + binary,
                "-Dexamples.npm.project=" + EXAMPLES_DIR.resolve("src/main/npm-dev-server")),
            "deploy",
            "--port",
            "0",
            "--cp",
            EmulatorProcess.EXAMPLES);
    lines = emulator.linesUntil(l -> l.startsWith("Emulator ready at "), Duration.ofSeconds(60));
    Matcher ready =
        Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*")
            .matcher(lines.get(lines.size() - 1));
    assertThat(ready.matches()).as(lines.get(lines.size() - 1)).isTrue();
    port = Integer.parseInt(ready.group(1));
    for (String line : lines) {
      Matcher created = CREATED.matcher(line);
      if (!created.matches()) {
        created = FLASH.matcher(line);
      }
      if (created.matches()) {
        String url = created.group(2);
        URLS.put(URI.create(url).getHost().replace(".localhost", ""), url);
      }
      Matcher token = TOKEN.matcher(line);
      if (token.matches()) {
        key = token.group(1);
        secret = token.group(2);
      }
    }
    client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (emulator != null) {
      assertThat(emulator.terminate()).isZero(); // a graceful SIGTERM
      emulator.close();
    }
  }

  private static String url(String hostLabel) {
    assertThat(URLS).containsKey(hostLabel);
    return URLS.get(hostLabel);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String json, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  /** By custom domain: the request goes to the emulator's port with only a Host header. */
  private static HttpResponse<String> byHost(String host, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void theJarPrintsTheCloudsLinesForEveryWebFunction() {
    for (String line : lines.subList(0, lines.size() - 1)) {
      assertThat(
              CREATED.matcher(line).matches()
                  || CALLED.matcher(line).matches()
                  || FLASH.matcher(line).matches()
                  || DOMAIN.matcher(line).matches()
                  || TOKEN.matcher(line).matches())
          .as(line)
          .isTrue();
    }
    assertThat(lines)
        .contains(
            "Created function process.",
            "Created function Api.",
            "Created flash service endpoint for Api =>"
                + " http://local--example-server-api.us-east.localhost:"
                + port,
            "Created function Sticky.",
            "Created flash service endpoint for Sticky =>"
                + " http://local--example-server-sticky.us-west.localhost:"
                + port,
            "Created function Classifier.*.",
            "Created web function hello => http://local--example-fastapi-hello.localhost:" + port,
            "Created web function handler => http://local--my-endpoint.localhost:" + port,
            "Custom domain for handler => http://api.example.com:" + port,
            "Custom domain for apiHandler => http://api.mycompany.com:" + port,
            "Custom domain for apiHandler => http://api-v2.mycompany.com:" + port,
            "Created web function secureEndpoint =>"
                + " http://local--example-proxy-auth-secure-endpoint.localhost:"
                + port
                + " 🔑",
            "Created web function MyAPI.health => http://local--example-cls-myapi-health.localhost:"
                + port,
            "Created web function startServer => http://local--my-server.localhost:" + port,
            "Custom domain for startServer => http://files.example.com:" + port);
    assertThat(key).as("the generated token's line").isNotNull();
  }

  @Test
  void fastapiEndpoints() throws Exception {
    assertThat(get(url("local--example-fastapi-hello")).body())
        .isEqualTo("{\"message\":\"Hello, world!\"}");
    assertThat(post(url("local--my-endpoint"), "{\"a\":1}").body())
        .isEqualTo("{\"processed\":{\"a\":1}}");
    assertThat(byHost("api.mycompany.com", "/").body()).isEqualTo("{\"version\":\"2.0\"}");
    assertThat(byHost("API-V2.mycompany.com", "/").body()).isEqualTo("{\"version\":\"2.0\"}");
    assertThat(get(url("local--example-web-endpoint-old-handler")).body())
        .isEqualTo("{\"data\":\"value\"}");
    assertThat(get(url("local--example-web-endpoint-new-handler")).body())
        .isEqualTo("{\"data\":\"value\"}");
    HttpResponse<String> docs = byHost("api.example.com", "/docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("swagger-ui");
  }

  @Test
  void proxyAuthWithThePrintedToken() throws Exception {
    String url = url("local--example-proxy-auth-secure-endpoint");
    HttpResponse<String> refused = post(url, "{}");
    assertThat(refused.statusCode()).isEqualTo(401);
    HttpResponse<String> allowed = post(url, "{}", "Modal-Key", key, "Modal-Secret", secret);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).isEqualTo("{\"status\":\"authenticated\"}");
  }

  @Test
  void asgiApps() throws Exception {
    String createApp = url("local--example-asgi-create-app");
    assertThat(get(createApp + "/").body()).isEqualTo("{\"message\":\"Welcome\"}");
    assertThat(post(createApp + "/items", "{\"n\":1}").body()).isEqualTo("{\"created\":{\"n\":1}}");
    assertThat(byHost("asgi.example.com", "/").body()).isEqualTo("{\"app\":\"my-api\"}");
    assertThat(get(url("local--example-asgi-requirements-create-asgi")).body())
        .isEqualTo("{\"built\":\"once, outside the factory\"}");
  }

  @Test
  void wsgiApps() throws Exception {
    String flask = url("local--example-wsgi-create-app");
    assertThat(get(flask + "/").body()).isEqualTo("Hello from Flask!");
    assertThat(get(flask + "/api/data").body()).isEqualTo("{\"data\":[1,2,3]}\n");
    assertThat(byHost("www.example.com", "/").body()).isEqualTo("Hello from the flask-app label!");
    String jersey = url("local--example-jersey-create-app");
    HttpResponse<String> created = post(jersey + "/items", "{\"name\":\"lamp\",\"price\":2.0}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(get(created.headers().firstValue("Location").orElseThrow()).body())
        .isEqualTo("{\"name\":\"lamp\",\"price\":2.0}");
  }

  @Test
  void classMethods() throws Exception {
    assertThat(get(url("local--example-cls-myapi-health")).body())
        .isEqualTo("{\"status\":\"healthy\"}");
    assertThat(post(url("local--example-cls-myapi-process"), "{\"x\":[1]}").body())
        .isEqualTo("{\"processed\":{\"x\":[1]}}");
  }

  @Test
  void webServers() throws Exception {
    assertThat(get(url("local--example-in-process-server-aiohttp-server") + "/x?y=1").body())
        .isEqualTo("Hello from the JDK's HTTP server: GET /x?y=1");
    assertThat(byHost("files.example.com", "/f").body())
        .isEqualTo("Hello from the JDK's HTTP server: GET /f");
    HttpResponse<String> jdkFiles = get(url("local--example-jdk-file-server-file-server") + "/");
    assertThat(jdkFiles.statusCode()).as(jdkFiles.body()).isEqualTo(200);
    assertThat(jdkFiles.body()).startsWith("<h1>Directory listing for /</h1>");
    HttpResponse<String> pythonFiles = get(url("local--example-web-server-file-server") + "/");
    assertThat(pythonFiles.statusCode()).as(pythonFiles.body()).isEqualTo(200);
    assertThat(pythonFiles.body()).contains("Directory listing for /");
    assertThat(get(url("local--example-compiled-binary-rust-server") + "/").body())
        .isEqualTo("Hello from a compiled binary\n");
    assertThat(get(url("local--example-dev-server-dev-server") + "/app?x=1").body())
        .isEqualTo("Hello from npm run dev: GET /app?x=1\n");
  }

  /**
   * The job queue's protocol through the jar: the id at once, {@code 202} while {@code process}
   * works (about two seconds), {@code 200} with its result, {@code 404} for an unknown id.
   */
  @Test
  void aJobQueueSpawnsAndItsClientPolls() throws Exception {
    long sent = System.nanoTime();
    HttpResponse<String> submitted =
        post(url("local--example-job-queue-submit"), "{\"input\": \"through the jar\"}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    Matcher id = Pattern.compile("\\{\"call_id\":\"(fc-[0-9A-Z]{26})\"}").matcher(submitted.body());
    assertThat(id.matches()).as(submitted.body()).isTrue();
    String result = url("local--example-job-queue-result") + "?call_id=" + id.group(1);
    HttpResponse<String> first = get(result);
    if (System.nanoTime() - sent < Duration.ofSeconds(2).toNanos()) {
      // answered before process could have slept its two seconds: it still runs (on a machine
      // too busy to ask that soon, only the end is checked)
      assertThat(first.statusCode()).isEqualTo(202);
      assertThat(first.body()).isEqualTo("{\"detail\":\"running\"}");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> done = first;
    while (done.statusCode() == 202 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      done = get(result);
    }
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).isEqualTo("{\"output\":\"THROUGH THE JAR\",\"length\":15}");
    // the dashboard's API lists the call, with the container that ran it, and that container
    HttpResponse<String> calls =
        get(
            "http://127.0.0.1:"
                + port
                + "/api/calls?function=example-job-queue/process&status=success");
    assertThat(calls.statusCode()).as(calls.body()).isEqualTo(200);
    Matcher listed =
        Pattern.compile(
                "\\{\"id\":\""
                    + id.group(1)
                    + "\",.*?\"verb\":\"spawn\",\"status\":\"success\",\"containerId\":\"(ct-\\d+)\"")
            .matcher(calls.body());
    assertThat(listed.find()).as(calls.body()).isTrue();
    assertThat(get("http://127.0.0.1:" + port + "/api/containers").body())
        .contains("\"id\":\"" + listed.group(1) + "\"");
    HttpResponse<String> unknown =
        get(url("local--example-job-queue-result") + "?call_id=fc-00000000000000000000000000");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"detail\":\"no job fc-00000000000000000000000000\"}");
  }

  /** A front that calls a class's method with remote and with map, through the jar. */
  @Test
  void aFrontCallsAClassWithRemoteAndMap() throws Exception {
    assertThat(get(url("local--example-sentiment-classify") + "?text=great").body())
        .isEqualTo("{\"text\":\"great\",\"score\":2,\"label\":\"positive\"}");
    assertThat(post(url("local--example-sentiment-classify-all"), "[\"bad\",\"love\"]").body())
        .isEqualTo(
            "[{\"text\":\"bad\",\"score\":-1,\"label\":\"negative\"},"
                + "{\"text\":\"love\",\"score\":2,\"label\":\"positive\"}]");
    // the ML team's app is not deployed here: its function can't be found, as in the cloud
    assertThat(get(url("local--example-sentiment-summary") + "?text=x").statusCode())
        .isEqualTo(500);
  }

  /**
   * The server kinds' rows: {@code @Server} asks for a token, answers 503 while scaled to zero and
   * serves once its replica is up; {@code @HttpServer}'s two replicas keep each session.
   */
  @Test
  void serversNeedTheirTokenAnswer503WhileScaledToZeroAndKeepSessions() throws Exception {
    String api = url("local--example-server-api.us-east") + "/hello";
    HttpResponse<String> anonymous = get(api);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body())
        .isEqualTo("modal-http: missing credentials for proxy authorization");
    HttpResponse<String> first = withToken(api);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
    HttpResponse<String> served = first;
    for (int i = 0; i < 200 && served.statusCode() == 503; i++) {
      Thread.sleep(50);
      served = withToken(api);
    }
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(served.body()).startsWith("{\"server\":\"api\",\"replica\":");

    String sticky = url("local--example-server-sticky.us-west") + "/";
    java.util.Set<String> replicas = new java.util.HashSet<>();
    for (int i = 0; i < 200 && replicas.size() < 2; i++) {
      HttpResponse<String> any = post(sticky, "{}", "Modal-Session-Id", "probe-" + i);
      if (any.statusCode() == 200) {
        replicas.add(replicaOf(any.body()));
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(replicas).as("both replicas answer").hasSize(2);
    java.util.Set<String> chosen = new java.util.HashSet<>();
    for (int session = 0; session < 20; session++) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int request = 0; request < 3; request++) {
        HttpResponse<String> response = post(sticky, "{}", "Modal-Session-Id", "client-" + session);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        seen.add(replicaOf(response.body()));
      }
      assertThat(seen).as("replicas of session client-%d", session).hasSize(1);
      chosen.addAll(seen);
    }
    assertThat(chosen).isEqualTo(replicas);
  }

  private static HttpResponse<String> withToken(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Modal-Key", key)
            .header("Modal-Secret", secret)
            .build(),
        BodyHandlers.ofString());
  }

  private static String replicaOf(String body) {
    Matcher replica = Pattern.compile("\"replica\":\"([0-9a-f-]+)\"").matcher(body);
    assertThat(replica.find()).as(body).isTrue();
    return replica.group(1);
  }
}
