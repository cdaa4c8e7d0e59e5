package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Header;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs = true: FastAPI's /openapi.json, /docs and /redoc, served offline from the emulator. */
class DocsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Emulator emulator;

  enum Size {
    small,
    large
  }

  record Order(String item, int quantity, Optional<Size> size) {}

  @App("docs")
  static class DocsApp {
    @Function
    @FastapiEndpoint(method = "POST", docs = true)
    static Map<String, Object> handler(Map<String, Object> data) {
      return Map.of("processed", data);
    }

    @Function
    @FastapiEndpoint(method = "PUT", docs = true)
    static Order placeOrder(
        String customerId,
        Optional<Integer> priority,
        @Header("x-token") String token,
        Order order) {
      return order;
    }

    @Function
    @FastapiEndpoint(docs = true)
    static String plain() {
      return "no parameters";
    }

    @Function
    @FastapiEndpoint
    static String undocumented() {
      return "";
    }
  }

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(DocsApp.class).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Response get(String function, String path) throws Exception {
    return RawHttp.get(emulator.port(), "local--docs-" + function + ".localhost", path);
  }

  private static JsonNode openApi(String function) throws Exception {
    Response response = get(function, "/openapi.json");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    return JSON.readTree(response.body());
  }

  @Test
  void withoutDocsTheThreePagesAre404() throws Exception {
    for (String path : new String[] {"/docs", "/redoc", "/openapi.json"}) {
      Response response = get("undocumented", path);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.body()).isEqualTo("{\"detail\":\"Not Found\"}");
    }
  }

  @Test
  void openApiDescribesTheOneRouteAndADictBody() throws Exception {
    JsonNode document = openApi("handler");
    assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.get("info").toString())
        .isEqualTo("{\"title\":\"FastAPI\",\"version\":\"0.1.0\"}");
    JsonNode operation = document.get("paths").get("/").get("post");
    assertThat(operation.get("summary").asText()).isEqualTo("Handler");
    assertThat(operation.get("operationId").asText()).isEqualTo("handler__post");
    assertThat(operation.get("requestBody"))
        .isEqualTo(
            JSON.readTree(
                "{\"content\":{\"application/json\":{\"schema\":{\"type\":\"object\","
                    + "\"additionalProperties\":true,\"title\":\"Data\"}}},\"required\":true}"));
    assertThat(operation.get("responses").get("422").get("content").toString())
        .isEqualTo(
            "{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/HTTPValidationError\"}}}");
    assertThat(
            document
                .get("components")
                .get("schemas")
                .get("ValidationError")
                .get("required")
                .toString())
        .isEqualTo("[\"loc\",\"msg\",\"type\"]");
  }

  @Test
  void openApiDescribesQueryHeaderAndRecordBody() throws Exception {
    JsonNode document = openApi("place-order");
    JsonNode operation = document.get("paths").get("/").get("put");
    assertThat(operation.get("operationId").asText()).isEqualTo("place_order__put");
    assertThat(operation.get("summary").asText()).isEqualTo("Place Order");
    assertThat(operation.get("parameters"))
        .isEqualTo(
            JSON.readTree(
                "[{\"name\":\"customerId\",\"in\":\"query\",\"required\":true,\"schema\":"
                    + "{\"type\":\"string\",\"title\":\"Customerid\"}},"
                    + "{\"name\":\"priority\",\"in\":\"query\",\"required\":false,\"schema\":"
                    + "{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}],\"title\":\"Priority\"}},"
                    + "{\"name\":\"x-token\",\"in\":\"header\",\"required\":true,\"schema\":"
                    + "{\"type\":\"string\",\"title\":\"X-Token\"}}]"));
    assertThat(
            operation
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("schema")
                .toString())
        .isEqualTo("{\"$ref\":\"#/components/schemas/Order\"}");
    JsonNode schemas = document.get("components").get("schemas");
    assertThat(schemas.get("Order"))
        .isEqualTo(
            JSON.readTree(
                "{\"properties\":{\"item\":{\"type\":\"string\",\"title\":\"Item\"},"
                    + "\"quantity\":{\"type\":\"integer\",\"title\":\"Quantity\"},"
                    + "\"size\":{\"anyOf\":[{\"$ref\":\"#/components/schemas/Size\"},{\"type\":\"null\"}],"
                    + "\"title\":\"Size\"}},\"type\":\"object\",\"required\":[\"item\",\"quantity\"],"
                    + "\"title\":\"Order\"}"));
    assertThat(schemas.get("Size"))
        .isEqualTo(
            JSON.readTree(
                "{\"type\":\"string\",\"enum\":[\"small\",\"large\"],\"title\":\"Size\"}"));
  }

  @Test
  void aRouteWithoutParametersHasNo422() throws Exception {
    JsonNode document = openApi("plain");
    JsonNode responses = document.get("paths").get("/").get("get").get("responses");
    assertThat(responses.has("200")).isTrue();
    assertThat(responses.has("422")).isFalse();
    assertThat(document.has("components")).isFalse();
  }

  @Test
  void swaggerUiAndRedocLoadNothingFromOutsideTheEmulator() throws Exception {
    for (String page : new String[] {"/docs", "/redoc"}) {
      Response html = get("handler", page);
      assertThat(html.status()).isEqualTo(200);
      assertThat(html.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(html.body())
          .contains("/openapi.json")
          .doesNotContain("http://")
          .doesNotContain("https://");
      List<String> resources = resources(html.body());
      assertThat(resources).as(page).isNotEmpty().allMatch(r -> r.startsWith("/"));
      for (String resource : resources) {
        Response asset = get("handler", resource);
        assertThat(asset.status()).as(resource).isEqualTo(200);
        assertThat(asset.body().length()).as(resource).isGreaterThan(10_000);
      }
    }
    assertThat(get("handler", "/docs/assets/../../etc/passwd").status()).isEqualTo(404);
  }

  @Test
  void docsRoutesAnswerGetOnly() throws Exception {
    Response post =
        RawHttp.exchange(
            emulator.port(),
            "POST /docs HTTP/1.1\r\nHost: local--docs-handler.localhost\r\n",
            new byte[0]);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
  }

  private static List<String> resources(String html) {
    List<String> found = new ArrayList<>();
    Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
