package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    emulator = Emulator.builder().apps(DashApp.class).dashboard(dashboard).start();
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
            "curl -sS -x '"
                + emulator.baseUrl()
                + "' 'http://local--dash-hello.localhost:"
                + emulator.port()
                + "/?x=1' -H \"authorization: $AUTHORIZATION\""
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

  @Test
  void turnedOffTheOwnHostsServeOnlyTheJsonIndex() throws Exception {
    start(false);
    for (String path : new String[] {"/", "/api/state"}) {
      HttpResponse<String> response = send("GET", emulator.baseUrl() + path, HTML);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body()).startsWith("{\"emulator\":\"modal-emulator\"");
    }
  }
}
