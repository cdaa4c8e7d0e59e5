package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.Method;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.RemoteFunctionException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The functions that code calls, and their calls, in the dashboard's API: a real emulator on a real
 * port, calls made through {@link RemoteFunction} and by a web function that spawns.
 */
class DashboardCallsTest {
  @App("dash-calls")
  public static class CallingApp {
    @Function
    public static String echo(String text) {
      return "echo:" + text;
    }

    @Function
    public static String fail(String why) {
      throw new IllegalStateException(why);
    }

    /** Posts {"text": "..."} and answers the id of the call that echoes it. */
    @Function
    @FastapiEndpoint(method = "POST")
    public static Map<String, String> submit(Map<String, String> body) {
      FunctionCall<String> call = RemoteFunction.of(CallingApp::echo).spawn(body.get("text"));
      return Map.of("call_id", call.objectId());
    }

    /** A class whose web and called methods share one pool. */
    @Cls
    public static class Model {
      @FastapiEndpoint(method = "GET")
      public String info() {
        return "model";
      }

      @Method
      public String predict(String text) {
        return "predicted:" + text;
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Emulator emulator;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(CallingApp.class).start();
    client = emulator.httpClientBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode find(JsonNode list, String field, String value) {
    for (JsonNode entry : list) {
      if (entry.get(field).asText().equals(value)) {
        return entry;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + list);
  }

  /** The call's record once it ended: a spawned call may still run when its id comes back. */
  private static RecordedCall ended(String id) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      RecordedCall call =
          emulator.calls().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
      if (call.ended()) {
        return call;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("call " + id + " did not end in 5 s");
  }

  @Test
  void theCalledFunctionsAreListedWithTheirPoolsContainersAndLogs() throws Exception {
    emulator.function(RemoteFunction.of(CallingApp::echo)).remote("hi");
    emulator.function("dash-calls", "Model.predict").remote("x");
    RecordedCall echo = emulator.calls("dash-calls", "echo").get(0);

    JsonNode state = json("/api/state");
    JsonNode called = state.get("calledFunctions");
    assertThat(called).isEqualTo(json("/api/called-functions"));
    assertThat(called.findValuesAsText("id"))
        .containsExactly("dash-calls/echo", "dash-calls/fail", "dash-calls/Model.predict");
    JsonNode shown = find(called, "id", "dash-calls/echo");
    assertThat(shown.get("app").asText()).isEqualTo("dash-calls");
    assertThat(shown.get("name").asText()).isEqualTo("echo");
    assertThat(shown.get("kind").asText()).isEqualTo("function");
    assertThat(shown.get("generator").asBoolean()).isFalse();
    assertThat(shown.get("scaling").get("timeout").asInt()).isEqualTo(300);
    assertThat(shown.get("logLines").asInt()).isPositive();
    // the web functions stay as they were: the called ones are not among them
    assertThat(state.get("functions").findValuesAsText("id"))
        .containsExactly("dash-calls/submit", "dash-calls/Model.info");
    assertThat(json("/api/logs?function=dash-calls/Model.predict").get("lines")).isNotEmpty();
    assertThat(get("/api/logs?function=dash-calls/nothing").body())
        .isEqualTo("{\"detail\":\"no function \\\"dash-calls/nothing\\\"; name one as app/name\"}");

    JsonNode pool = find(state.get("pools"), "name", shown.get("pool").asText());
    assertThat(pool.get("app").asText()).isEqualTo("dash-calls");
    assertThat(pool.get("functions").toString()).isEqualTo("[\"dash-calls/echo\"]");
    assertThat(pool.get("containers").findValuesAsText("id")).contains(echo.containerId());
    assertThat(pool.get("containersStarted").asInt()).isPositive();
    JsonNode model =
        find(
            json("/api/containers"),
            "name",
            find(called, "id", "dash-calls/Model.predict").get("pool").asText());
    assertThat(model.get("functions").toString())
        .isEqualTo("[\"dash-calls/Model.info\",\"dash-calls/Model.predict\"]");
    assertThat(model.get("live").asInt()).isEqualTo(1);

    JsonNode log = json("/api/logs?function=dash-calls/echo");
    assertThat(log.get("lines").toString()).contains("container " + echo.containerId());
  }

  @Test
  void aCallSpawnedByAWebFunctionIsListedWithBoundedPreviewsAndWhole() throws Exception {
    String markup = "<img src=x onerror=alert(1)>" + "x".repeat(1000);
    HttpResponse<String> submitted =
        client.send(
            HttpRequest.newBuilder(URI.create(emulator.webUrl("submit")))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("text", markup))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String id = JSON.readTree(submitted.body()).get("call_id").asText();
    RecordedCall call = ended(id);

    JsonNode listed = find(json("/api/state").get("calls"), "id", id);
    assertThat(listed.get("function").asText()).isEqualTo("dash-calls/echo");
    assertThat(listed.get("app").asText()).isEqualTo("dash-calls");
    assertThat(listed.get("verb").asText()).isEqualTo("spawn");
    assertThat(listed.get("status").asText()).isEqualTo("success");
    assertThat(listed.get("containerId").asText()).isEqualTo(call.containerId()).startsWith("ct-");
    assertThat(listed.get("queuedAt").asText()).isEqualTo(call.queuedAt().toString());
    assertThat(listed.get("startedAt").asText()).isNotEmpty();
    assertThat(listed.get("endedAt").asText()).isNotEmpty();
    assertThat(listed.get("durationMillis").asDouble()).isPositive();
    String arguments = "[\"" + markup + "\"]";
    assertThat(listed.get("argumentsPreview").asText())
        .isEqualTo(arguments.substring(0, 128) + "...[truncated]");
    assertThat(listed.get("resultPreview").asText())
        .isEqualTo(("\"echo:" + markup + "\"").substring(0, 128) + "...[truncated]");
    assertThat(listed.get("errorPreview").isNull()).isTrue();

    JsonNode whole = json("/api/calls/" + id);
    assertThat(whole.get("id").asText()).isEqualTo(id);
    assertThat(whole.get("verb").asText()).isEqualTo("spawn");
    assertThat(whole.get("arguments").get(0).asText()).isEqualTo(markup);
    assertThat(whole.get("result").asText()).isEqualTo("echo:" + markup);
    assertThat(whole.get("error").isNull()).isTrue();
    assertThat(whole.get("argumentsPreview")).isEqualTo(listed.get("argumentsPreview"));
  }

  @Test
  void aFailedCallShowsItsErrorAndTheListFiltersByFunctionAndStatus() throws Exception {
    Throwable thrown =
        catchThrowable(
            () ->
                emulator
                    .function(RemoteFunction.of(CallingApp::fail))
                    .remote("short " + "w".repeat(200)));
    assertThat(thrown).isInstanceOf(RemoteFunctionException.class);
    emulator.function(RemoteFunction.of(CallingApp::echo)).remote("between");

    JsonNode failed = json("/api/calls?function=dash-calls/fail&status=failure");
    assertThat(failed).hasSize(1);
    JsonNode call = failed.get(0);
    assertThat(call.get("verb").asText()).isEqualTo("remote");
    assertThat(call.get("resultPreview").isNull()).isTrue();
    String error = "java.lang.IllegalStateException: short " + "w".repeat(200);
    assertThat(call.get("errorPreview").asText())
        .isEqualTo(error.substring(0, 128) + "...[truncated from " + error.length() + " chars]");
    assertThat(json("/api/calls/" + call.get("id").asText()).get("error").asText())
        .isEqualTo(error);
    assertThat(json("/api/calls?function=dash-calls/fail&status=success")).isEmpty();
    assertThat(
            json("/api/calls?function=dash-calls/echo&limit=1")
                .get(0)
                .get("argumentsPreview")
                .asText())
        .isEqualTo("[\"between\"]");
  }

  @Test
  void anUnknownCallIdIs404AsJson() throws Exception {
    HttpResponse<String> unknown = get("/api/calls/fc-UNKNOWN");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(unknown.body())
        .isEqualTo(
            "{\"detail\":\"no call fc-UNKNOWN in the ledger (it keeps the newest 10000 calls)\"}");
    assertThat(json("/api/").get("routes").toString())
        .contains("GET /api/calls/ID", "GET /api/called-functions");
  }

  /** The live stream sends a state with the call once it is made, without a page asking. */
  @Test
  void theLiveStreamSendsACallOnceItIsMade() throws Exception {
    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/api/stream")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    // a stream that sends nothing would block the read: the test's own bound
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> readTheCall(stream));
  }

  private static void readTheCall(HttpResponse<InputStream> stream) throws Exception {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      assertThat(nextState(lines)).doesNotContain("live-call-7");
      emulator.function(RemoteFunction.of(CallingApp::echo)).remote("live-call-7");
      String id =
          emulator.calls("dash-calls", "echo").stream()
              .filter(c -> c.arguments().equals(List.of("live-call-7")))
              .findFirst()
              .orElseThrow()
              .id();
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String state = nextState(lines);
        seen.add(state);
        if (state.contains(id)) {
          JsonNode call = find(JSON.readTree(state).get("calls"), "id", id);
          assertThat(call.get("argumentsPreview").asText()).isEqualTo("[\"live-call-7\"]");
          return;
        }
      }
      throw new AssertionError("no state with the call " + id + " in " + seen.size());
    }
  }

  /** The data of the next {@code state} event. */
  private static String nextState(BufferedReader lines) throws Exception {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("data:")) {
        return line.substring(5).strip();
      }
    }
    throw new AssertionError("the stream ended");
  }
}
