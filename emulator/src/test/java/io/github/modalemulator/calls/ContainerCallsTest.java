package io.github.modalemulator.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.CloudContainer;
import io.github.modalemulator.emulator.Emulator;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an exported container's JVM does for functions that code calls: each takes its inputs on a
 * loopback call port (JSON lines back), and with a bridge every call the code makes goes to the
 * bridge, here a recording stand-in for the Python process's.
 */
class ContainerCallsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private CloudContainer container;
  private HttpServer bridge;

  @AfterEach
  void stop() {
    if (container != null) {
      container.close();
    }
    if (bridge != null) {
      bridge.stop(0);
    }
  }

  private int port(String function) {
    return container.ports().stream()
        .filter(p -> p.function().equals(function))
        .findFirst()
        .orElseThrow()
        .port();
  }

  private List<JsonNode> post(String function, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(function) + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static Map<String, Integer> ports(String... functions) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String function : functions) {
      ports.put(function, 0); // a free port: other builds may run beside this one
    }
    return ports;
  }

  @Test
  void aCallPortRunsEachInputOnTheContainersInstanceAndAnswersJsonLines() throws Exception {
    container =
        Emulator.builder()
            .apps(CallsApp.class)
            .startContainer(ports("shout", "fail", "count", "Model.predict"));
    assertThat(container.calledFunctions())
        .containsExactly("shout", "fail", "count", "Model.predict");

    assertThat(post("shout", "{\"args\": [\"hi\"]}"))
        .containsExactly(JSON.readTree("{\"value\": {\"text\": \"HI\", \"length\": 2}}"));
    assertThat(post("count", "{\"args\": [2]}"))
        .containsExactly(
            JSON.readTree("{\"item\": 0}"),
            JSON.readTree("{\"item\": 1}"),
            JSON.readTree("{\"end\": true}"));
    // @Enter ran once, for the container's one instance; @Parameter fields have their defaults
    assertThat(post("Model.predict", "{\"args\": [\"a\"]}").get(0).get("value").asText())
        .isEqualTo("small:a:1");
    assertThat(post("Model.predict", "{\"args\": [\"b\"]}").get(0).get("value").asText())
        .isEqualTo("small:b:1");

    JsonNode error = post("fail", "{\"args\": [\"broken\"]}").get(0).get("error");
    assertThat(error.get("kind").asText()).isEqualTo("remote");
    assertThat(error.get("function").asText()).isEqualTo("fail");
    assertThat(error.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.get("message").asText()).isEqualTo("broken");
    assertThat(error.get("frames").get(0).get("method").asText()).isEqualTo("fail");
  }

  @Test
  void aClassesMethodsTakeTheirInputsInTheContainerOfTheParameterSetGiven() throws Exception {
    container =
        Emulator.builder()
            .apps(CallsApp.class)
            .startContainer(ports("Model.predict"), null, Map.of("size", "big"));

    assertThat(post("Model.predict", "{\"args\": [\"a\"]}").get(0).get("value").asText())
        .isEqualTo("big:a:1");
  }

  @Test
  void aParameterTheClassesDontHaveOrAValueOfAnotherTypeIsRefusedBeforeAnyPortOpens() {
    InvalidError refused =
        catchThrowableOfType(
            InvalidError.class,
            () ->
                Emulator.builder()
                    .apps(CallsApp.class)
                    .startContainer(ports("Model.predict"), null, Map.of("colour", "red")));

    assertThat(refused)
        .hasMessage(
            "parameter \"colour\" is no @Parameter field of the classes served here; their"
                + " parameters are: [size]");
  }

  @Test
  void withABridgeEveryCallTheCodeMakesGoesToTheBridge() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    bridge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bridge.createContext(
        "/",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          received.add(request);
          String answer =
              switch (request.get("op").asText()) {
                case "spawn" -> "{\"call_id\": \"fc-01\"}";
                case "get" ->
                    "{\"error\": {\"kind\": \"timeout\", \"message\": \"no result yet\"}}";
                case "map" -> "{\"item\": \"a!\"}\n{\"item\": \"b!\"}\n{\"end\": true}";
                default -> "{\"value\": \"from the bridge\"}";
              };
          byte[] body = (answer + "\n").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    bridge.start();
    container =
        Emulator.builder()
            .apps(CallsApp.class)
            .bindAddress("127.0.0.1")
            .startContainer(
                ports("submit", "result", "front"),
                URI.create("http://127.0.0.1:" + bridge.getAddress().getPort() + "/"),
                Map.of());

    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("submit") + "/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"5\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.body()).isEqualTo("{\"call_id\":\"fc-01\"}");
    HttpResponse<String> polled =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port("result") + "/?call_id=fc-01"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(polled.statusCode()).isEqualTo(202);

    assertThat(received.get(0))
        .isEqualTo(
            JSON.readTree(
                "{\"op\": \"spawn\", \"app\": \"calls-app\", \"function\": \"slow\","
                    + " \"parameters\": {}, \"args\": [5]}"));
    assertThat(received.get(1))
        .isEqualTo(JSON.readTree("{\"op\": \"get\", \"call_id\": \"fc-01\", \"timeout\": 0.0}"));
    HttpResponse<String> front =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("front") + "/?text=hi"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(front.body()).isEqualTo("[\"from the bridge\",\"a!\",\"b!\"]");
    assertThat(received.get(2))
        .isEqualTo(
            JSON.readTree(
                "{\"op\": \"remote\", \"app\": \"calls-app\", \"function\": \"Model.predict\","
                    + " \"parameters\": {}, \"args\": [\"hi\"]}"));
    // a map goes to the client's map, all its inputs at once
    assertThat(received.get(3))
        .isEqualTo(
            JSON.readTree(
                "{\"op\": \"map\", \"app\": \"calls-app\", \"function\": \"Model.predict\","
                    + " \"parameters\": {}, \"inputs\": [[\"a\"], [\"b\"]],"
                    + " \"order_outputs\": true, \"return_exceptions\": false}"));
    assertThat(received).hasSize(4);
  }
}
