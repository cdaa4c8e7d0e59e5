package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's API and page over HTTP; the browser's side is the e2e DashboardBrowserTest. */
class DashboardApiTest {
  @App("dash")
  public static class DashApp {
    @Function
    @FastapiEndpoint(method = "GET")
    public static Map<String, String> hello() {
      return Map.of("message", "hi");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

  private Emulator emulator;
  private HttpClient client;

  private void start(boolean dashboard) {
    start(Emulator.builder().dashboard(dashboard));
  }

  private void start(EmulatorBuilder builder) {
    emulator = builder.apps(DashApp.class).start();
    client = emulator.httpClientBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private HttpResponse<String> send(String method, String url, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer never-shown");
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void functionHostsNeverReachThePageOrTheApi() throws Exception {
    start(true);
    String fn = emulator.webUrl("hello");
    HttpResponse<String> page = send("GET", fn + "/", HTML);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("{\"message\":\"hi\"}");
    for (String path : new String[] {"/api/state", "/api/token", "/dashboard/dashboard.js"}) {
      HttpResponse<String> api = send("GET", fn + path, HTML);
      assertThat(api.statusCode()).as(path).isEqualTo(404);
      assertThat(api.body()).as(path).isEqualTo("{\"detail\":\"Not Found\"}");
    }
    assertThat(send("DELETE", fn + "/api/requests", null).body())
        .isEqualTo("{\"detail\":\"Not Found\"}");
    assertThat(emulator.requests()).hasSize(5);
  }

  @Test
  void ownHostsServeThePageToBrowsersAndTheIndexToJsonClients() throws Exception {
    start(true);
    HttpResponse<String> page = send("GET", emulator.baseUrl() + "/", HTML);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Vary")).hasValue("Accept");
    assertThat(page.body()).contains("<title>Modal emulator</title>").doesNotContain("dash-hello");
    HttpResponse<String> index = send("GET", emulator.baseUrl() + "/", "application/json");
    assertThat(index.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(index.body()).get("apps").get(0).get("name").asText())
        .isEqualTo("dash");
  }

  @Test
  void theApiListsRequestsMasksSecretsAndOnlyClearsTheLog() throws Exception {
    start(true);
    send("GET", emulator.webUrl("hello") + "/?x=1", null);
    String api = emulator.baseUrl() + "/api/";
    JsonNode requests =
        JSON.readTree(send("GET", api + "requests?function=dash/hello", null).body());
    assertThat(requests).hasSize(1);
    JsonNode request = requests.get(0);
    assertThat(request.get("status").asInt()).isEqualTo(200);
    assertThat(request.get("query").asText()).isEqualTo("x=1");
    assertThat(request.get("containerId").asText()).startsWith("ct-");
    assertThat(request.get("coldStart").asBoolean()).isTrue();
    assertThat(JSON.readTree(send("GET", api + "requests?status=4xx", null).body())).isEmpty();

    String detail = send("GET", api + "requests/" + request.get("id").asLong(), null).body();
    assertThat(detail).contains("[\"authorization\",\"••••••••\"]").doesNotContain("never-shown");
    assertThat(JSON.readTree(detail).get("curl").asText())
        .isEqualTo(
            "curl -sS --globoff --path-as-is -x '"
                + emulator.baseUrl()
                + "' 'http://local--dash-hello.localhost:"
                + emulator.port()
                + "/?x=1' -H 'authorization: '\"$AUTHORIZATION\""
                + " -H 'user-agent: Java-http-client/"
                + System.getProperty("java.version")
                + "'");

    JsonNode pools = JSON.readTree(send("GET", api + "containers", null).body());
    assertThat(pools.get(0).get("containers").get(0).get("state").asText()).isEqualTo("idle");
    assertThat(pools.get(0).get("events").get(0).get("kind").asText()).isEqualTo("started");
    JsonNode log = JSON.readTree(send("GET", api + "logs?function=dash/hello", null).body());
    assertThat(log.get("lines").get(0).asText()).startsWith("container ct-");

    HttpResponse<String> write = send("POST", api + "state", null);
    assertThat(write.statusCode()).isEqualTo(405);
    assertThat(write.body())
        .isEqualTo(
            "{\"detail\":\"the dashboard's API only reads; DELETE /api/requests clears the log\"}");
    assertThat(send("DELETE", api + "requests", null).statusCode()).isEqualTo(204);
    assertThat(JSON.readTree(send("GET", api + "requests", null).body())).isEmpty();
    assertThat(send("GET", api + "nothing", null).body())
        .isEqualTo("{\"detail\":\"no API route /api/nothing; GET /api/ lists them\"}");
  }

  @App("dash-web")
  public static class WebApp {
    @Function
    @WebServer(29170)
    public static void server() {
      // never started: the API describes the definition
    }
  }

  @Test
  void aWebServersInputsHaveNoLimitAndTheApiSaysNullNotIntegerMax() throws Exception {
    emulator = Emulator.builder().apps(DashApp.class, WebApp.class).start();
    client = emulator.httpClientBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    JsonNode functions =
        JSON.readTree(send("GET", emulator.baseUrl() + "/api/functions", null).body());
    Map<String, String> inputs = new TreeMap<>();
    for (JsonNode function : functions) {
      JsonNode scaling = function.get("scaling");
      inputs.put(
          function.get("name").asText(),
          scaling.get("targetInputs") + "/" + scaling.get("maxInputs"));
    }
    assertThat(inputs).containsExactly(Map.entry("hello", "1/1"), Map.entry("server", "null/null"));
  }

  @App("dash-params")
  public static class ParamsApp {
    @Cls
    public static class Model {
      @Parameter String name;

      @FastapiEndpoint
      public String info() {
        return name;
      }
    }
  }

  @Test
  void theContainersOfEveryParameterSetAreListedWithTheirEventsAndLogs() throws Exception {
    emulator = Emulator.builder().apps(ParamsApp.class).start();
    client = emulator.httpClientBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (String name : List.of("a", "b")) {
      assertThat(
              RawHttp.get(
                      emulator.port(), "local--dash-params-model-info.localhost", "/?name=" + name)
                  .status())
          .isEqualTo(200);
    }
    JsonNode pools =
        JSON.readTree(send("GET", emulator.baseUrl() + "/api/containers", null).body());
    int containers = 0;
    for (JsonNode pool : pools) {
      containers += pool.get("containersStarted").asInt();
    }
    assertThat(containers).as("containers started, every pool of " + pools).isEqualTo(2);
    JsonNode events = JSON.readTree(send("GET", emulator.baseUrl() + "/api/events", null).body());
    assertThat(events.findValuesAsText("kind")).containsOnly("started").hasSize(2);
    JsonNode log =
        JSON.readTree(
            send("GET", emulator.baseUrl() + "/api/logs?function=dash-params/Model.info", null)
                .body());
    List<String> started = new java.util.ArrayList<>();
    log.get("lines").forEach(line -> started.add(line.asText()));
    assertThat(started).filteredOn(line -> line.contains(" started in ")).hasSize(2);
  }

  @Test
  void turnedOffTheOwnHostsServeOnlyTheJsonIndex() throws Exception {
    start(false);
    for (String path : new String[] {"/", "/api/state"}) {
      HttpResponse<String> response = send("GET", emulator.baseUrl() + path, HTML);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body()).startsWith("{\"emulator\":\"modal-emulator\"");
    }
  }

  @Test
  void aDashboardTokenIsReadableFromThisMachineAndTheStartLineSaysWhereNeverWhat()
      throws Exception {
    start(Emulator.builder().dashboardToken("token-for-other-machines-0123"));
    assertThat(send("GET", emulator.baseUrl() + "/api/dashboard-token", null).body())
        .isEqualTo("{\"token\":\"token-for-other-machines-0123\"}");
    List<String> lines = emulator.startupLines();
    assertThat(lines.get(lines.size() - 2))
        .isEqualTo(
            "Dashboard and API: other machines need its token (Authorization: Bearer TOKEN, or"
                + " open "
                + emulator.baseUrl()
                + "/?dashboard_token=TOKEN); read it on this machine at "
                + emulator.baseUrl()
                + "/api/dashboard-token");
    assertThat(String.join("\n", lines)).doesNotContain("token-for-other-machines-0123");
  }

  @Test
  void withoutATokenNoneIsReadableAndLoopbackStartsSayNothingOfIt() throws Exception {
    start(true);
    HttpResponse<String> none = send("GET", emulator.baseUrl() + "/api/dashboard-token", null);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body())
        .isEqualTo("{\"detail\":\"no dashboard token: this emulator answers only this machine\"}");
    assertThat(emulator.startupLines()).noneMatch(l -> l.contains("Dashboard"));
  }

  @Test
  void aDashboardTokenThatCantTravelInACookieIsRefusedWithHowToMakeOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Emulator.builder().dashboardToken("short; Path=/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the dashboard token must be 16 to 256 letters, digits, '-', '.', '_' or '~' (it"
                + " travels in a header, a cookie and a URL), got one of 13 characters; generate"
                + " one with: openssl rand -hex 32");
  }

  /** The API's view of the newest request: its headers as pairs, and its curl command. */
  private JsonNode newest() throws Exception {
    String api = emulator.baseUrl() + "/api/requests";
    long id = JSON.readTree(send("GET", api + "?limit=1", null).body()).get(0).get("id").asLong();
    return JSON.readTree(send("GET", api + "/" + id, null).body());
  }

  private RawHttp.Response toHello(String method, String target, String headers) throws Exception {
    return RawHttp.exchange(
        emulator.port(),
        method + " " + target + " HTTP/1.1\r\nHost: local--dash-hello.localhost\r\n" + headers,
        new byte[0]);
  }

  private static final String SECRETS =
      "Cookie: session=cookie-secret\r\n"
          + "X-Api-Key: key-secret\r\n"
          + "Stripe-Api-Key: stripe-secret\r\n"
          + "X-Auth-Token: token-secret\r\n"
          + "X-Client-Secret: cs-value\r\n"
          + "Set-Cookie: id=set-cookie-secret\r\n"
          + "Modal-Function-Call-Id: fc-secret\r\n"
          + "X-Trace: shown\r\n";

  @Test
  void cookiesApiKeysAndTokensAreMaskedInTheApiAndTheCurlButTheTestSeesThem() throws Exception {
    start(true);
    toHello("GET", "/", SECRETS);
    JsonNode detail = newest();
    String all = detail.toString() + send("GET", emulator.baseUrl() + "/api/state", null).body();
    assertThat(all)
        .doesNotContain("cookie-secret", "key-secret", "stripe-secret", "token-secret")
        .doesNotContain("cs-value", "set-cookie-secret", "fc-secret");
    assertThat(detail.get("headers").toString())
        .contains(
            "[\"cookie\",\"••••••••\"]",
            "[\"x-api-key\",\"••••••••\"]",
            "[\"stripe-api-key\",\"••••••••\"]",
            "[\"x-auth-token\",\"••••••••\"]",
            "[\"x-client-secret\",\"••••••••\"]",
            "[\"set-cookie\",\"••••••••\"]",
            "[\"modal-function-call-id\",\"••••••••\"]",
            "[\"x-trace\",\"shown\"]");
    assertThat(detail.get("curl").asText())
        .contains(
            " -H 'cookie: '\"$COOKIE\"",
            " -H 'x-api-key: '\"$X_API_KEY\"",
            " -H 'x-auth-token: '\"$X_AUTH_TOKEN\"",
            " -H 'x-trace: shown'");
    RecordedRequest recorded =
        emulator.requests().stream().filter(r -> "hello".equals(r.function())).findFirst().get();
    assertThat(recorded.headers().first("cookie")).hasValue("session=cookie-secret");
    assertThat(recorded.headers().first("x-api-key")).hasValue("key-secret");
  }

  @Test
  void maskingOffShowsCookiesAndKeysButNeverCredentials() throws Exception {
    start(Emulator.builder().maskSecretHeaders(false));
    toHello("GET", "/", SECRETS + "Authorization: Bearer never-shown\r\n");
    JsonNode detail = newest();
    assertThat(detail.get("headers").toString())
        .contains(
            "[\"cookie\",\"session=cookie-secret\"]",
            "[\"x-api-key\",\"key-secret\"]",
            "[\"authorization\",\"••••••••\"]",
            "[\"modal-function-call-id\",\"••••••••\"]")
        .doesNotContain("never-shown", "fc-secret");
    assertThat(detail.get("curl").asText())
        .contains(" -H 'cookie: session=cookie-secret'", " -H 'authorization: '\"$AUTHORIZATION\"");
  }

  /** The copied command, run by bash with the real curl, sends the request once, exactly. */
  @Test
  void theCopiedCommandRepeatsTheRawTargetOnceAndRunsNothingOfTheClients() throws Exception {
    start(true);
    String target = "/a%3Fb%23c%5B1-99999999%5D/%2e%2e/x[1-3]?q=[1-2]";
    toHello(
        "GET",
        target,
        "X-Note: it's $(touch pwned) `touch pwned` [1-3]\r\nX-$HOME-`id`-Token: t\r\n");
    String curl = newest().get("curl").asText();
    assertThat(curl)
        .startsWith("curl -sS --globoff --path-as-is -x ")
        .contains(
            "'http://local--dash-hello.localhost:" + emulator.port() + target + "'",
            " -H 'x-$home-`id`-token: '\"$X__HOME__ID__TOKEN\"");
    int before = emulator.requests().size();

    RunResult run = runInBash(curl, "X__HOME__ID__TOKEN", "from-the-shell");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.folder().resolve("pwned")).doesNotExist();
    List<RecordedRequest> sent = emulator.requests().subList(before, emulator.requests().size());
    assertThat(sent).hasSize(1);
    RecordedRequest again = sent.get(0);
    assertThat(again.path()).isEqualTo("/a?b#c[1-99999999]/../x[1-3]");
    assertThat(again.query()).isEqualTo("q=[1-2]");
    assertThat(again.headers().first("x-note")).hasValue("it's $(touch pwned) `touch pwned` [1-3]");
    assertThat(again.headers().first("x-$home-`id`-token")).hasValue("from-the-shell");
  }

  /** A POST's body isn't kept: its command says so, and sends no length for a body it lacks. */
  @Test
  void aPostsCommandLeavesTheLengthOutAndSaysTheBodyIsMissing() throws Exception {
    start(true);
    RawHttp.exchange(
        emulator.port(),
        "POST / HTTP/1.1\r\nHost: local--dash-hello.localhost\r\nContent-Type: text/plain\r\n",
        "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String curl = newest().get("curl").asText();
    assertThat(curl)
        .doesNotContainIgnoringCase("content-length")
        .endsWith(
            " -H 'content-type: text/plain'  # the body isn't recorded: add it with"
                + " --data-binary @FILE");
    int before = emulator.requests().size();
    RunResult run = runInBash(curl, "UNUSED", "");
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<RecordedRequest> sent = emulator.requests().subList(before, emulator.requests().size());
    assertThat(sent)
        .extracting(RecordedRequest::method, RecordedRequest::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", 405));
  }

  private record RunResult(int exitCode, String output, java.nio.file.Path folder) {}

  /** Runs the command as a developer pastes it into bash, in a folder of its own. */
  private static RunResult runInBash(String command, String variable, String value)
      throws Exception {
    if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/curl"))) {
      String message = "/usr/bin/curl is missing: apt-get install curl (.ci/run installs it)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      org.junit.jupiter.api.Assumptions.abort(message);
    }
    java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("curl-copy");
    ProcessBuilder bash =
        new ProcessBuilder("bash", "-c", command + "\n").directory(folder.toFile());
    bash.environment().put(variable, value);
    bash.redirectErrorStream(true);
    Process process = bash.start();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the copied command still runs after 20 s: " + command);
    }
    return new RunResult(
        process.exitValue(),
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
        folder);
  }
}
