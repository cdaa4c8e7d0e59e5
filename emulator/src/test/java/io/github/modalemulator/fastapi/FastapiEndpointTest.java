package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.fastapi.FastapiFixtures.Api;
import io.github.modalemulator.fastapi.FastapiFixtures.Session;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-route FastAPI app, as the cloud wraps a fastapi_endpoint: status, headers and bodies.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class FastapiEndpointTest {
  static final String JSON = "application/json";
  static Emulator emulator;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().isolation(Isolation.GENERATION).apps(Api.class).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Response call(String method, String function, String target, String headers, String body)
      throws Exception {
    return RawHttp.exchange(
        emulator.port(),
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: local--fa-"
            + function
            + ".localhost\r\n"
            + headers,
        body.getBytes(StandardCharsets.UTF_8));
  }

  static Response get(String function, String target) throws Exception {
    return call("GET", function, target, "", "");
  }

  static Response postJson(String function, String body) throws Exception {
    return call("POST", function, "/", "Content-Type: application/json\r\n", body);
  }

  static void assertJson(Response response, int status, String body) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo(JSON);
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void returnsTheResultAsCompactJson() throws Exception {
    assertJson(get("hello", "/"), 200, "{\"message\":\"Hello, world!\"}");
  }

  @Test
  void answersOtherPathsWith404() throws Exception {
    assertJson(get("hello", "/nope"), 404, "{\"detail\":\"Not Found\"}");
    assertJson(get("hello", "/hello"), 404, "{\"detail\":\"Not Found\"}");
  }

  @Test
  void answersOtherMethodsWith405AndAllow() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS"}) {
      Response response = call(method, "hello", "/", "", "");
      assertJson(response, 405, "{\"detail\":\"Method Not Allowed\"}");
      assertThat(response.header("Allow")).isEqualTo("GET");
    }
  }

  @Test
  void doesNotAddHeadToAGetRoute() throws Exception {
    Response response = call("HEAD", "hello", "/", "", "");
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET");
  }

  @Test
  void upperCasesTheDeclaredMethod() throws Exception {
    Response response = postJson("processed", "{\"a\":1}");
    assertJson(response, 200, "{\"processed\":{\"a\":1}}");
    assertThat(call("GET", "processed", "/", "", "").header("Allow")).isEqualTo("POST");
  }

  @Test
  void bindsScalarsFromTheQueryAndHeaders() throws Exception {
    Response response =
        call(
            "GET",
            "params",
            "/?name=Ada&n=%2B1_000&flag=YES&ratio=.5&color=green&ids=3&ids=4",
            "User-Agent: tester/1\r\n",
            "");
    assertJson(
        response,
        200,
        "{\"name\":\"Ada\",\"n\":1000,\"flag\":true,\"ratio\":0.5,\"color\":\"green\","
            + "\"maybe\":null,\"ids\":[3,4],\"agent\":\"tester/1\"}");
  }

  @Test
  void reportsEveryMissingParameterAtOnce() throws Exception {
    assertJson(
        get("params", "/"),
        422,
        "{\"detail\":["
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"name\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"n\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"flag\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"ratio\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"color\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"header\",\"user-agent\"],\"msg\":\"Field required\",\"input\":null}"
            + "]}");
  }

  @Test
  void reportsEveryUnparseableValueAtOnceInPydanticsWords() throws Exception {
    Response response =
        call(
            "GET",
            "params",
            "/?name=x&n=abc&flag=maybe&ratio=1x&color=purple&ids=1&ids=two",
            "User-Agent: t\r\n",
            "");
    assertJson(
        response,
        422,
        "{\"detail\":["
            + "{\"type\":\"int_parsing\",\"loc\":[\"query\",\"n\"],\"msg\":\"Input should be a valid"
            + " integer, unable to parse string as an integer\",\"input\":\"abc\"},"
            + "{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"flag\"],\"msg\":\"Input should be a"
            + " valid boolean, unable to interpret input\",\"input\":\"maybe\"},"
            + "{\"type\":\"float_parsing\",\"loc\":[\"query\",\"ratio\"],\"msg\":\"Input should be a"
            + " valid number, unable to parse string as a number\",\"input\":\"1x\"},"
            + "{\"type\":\"enum\",\"loc\":[\"query\",\"color\"],\"msg\":\"Input should be 'red',"
            + " 'green' or 'blue'\",\"input\":\"purple\",\"ctx\":{\"expected\":\"'red', 'green' or"
            + " 'blue'\"}},"
            + "{\"type\":\"int_parsing\",\"loc\":[\"query\",\"ids\",1],\"msg\":\"Input should be a"
            + " valid integer, unable to parse string as an integer\",\"input\":\"two\"}"
            + "]}");
  }

  @Test
  void readsUuidsAndDatesAndReportsBadOnes() throws Exception {
    assertJson(
        get("typed", "/?id=12345678-1234-5678-1234-567812345678&day=2024-02-29"),
        200,
        "{\"id\":\"12345678-1234-5678-1234-567812345678\",\"day\":\"2024-02-29\"}");
    assertJson(
        get("typed", "/?id=x123&day=2024"),
        422,
        "{\"detail\":["
            + "{\"type\":\"uuid_parsing\",\"loc\":[\"query\",\"id\"],\"msg\":\"Input should be a valid"
            + " UUID, invalid character: found `x` at 1\",\"input\":\"x123\",\"ctx\":{\"error\":"
            + "\"invalid character: found `x` at 1\"}},"
            // pydantic (speedate) reads digits as a unix timestamp: 2024 s is not a midnight
            + "{\"type\":\"date_from_datetime_inexact\",\"loc\":[\"query\",\"day\"],\"msg\":"
            + "\"Datetimes provided to dates should have zero time - e.g. be exact dates\","
            + "\"input\":\"2024\"}"
            + "]}");
    assertJson(
        get("typed", "/?id=12345678-1234-5678-1234-567812345678&day=2024-1"),
        422,
        "{\"detail\":["
            + "{\"type\":\"date_from_datetime_parsing\",\"loc\":[\"query\",\"day\"],\"msg\":\"Input"
            + " should be a valid date or datetime, input is too short\",\"input\":\"2024-1\","
            + "\"ctx\":{\"error\":\"input is too short\"}}"
            + "]}");
  }

  @Test
  void bindsARecordFromTheJsonBody() throws Exception {
    assertJson(
        postJson("create", "{\"name\":\"widget\",\"price\":\"3\"}"),
        200,
        "{\"created\":{\"name\":\"widget\",\"price\":3,\"note\":null}}");
  }

  @Test
  void reportsEveryProblemOfARecordBodyWithItsLocation() throws Exception {
    assertJson(
        postJson("create", "{\"price\":1.5,\"note\":7}"),
        422,
        "{\"detail\":["
            + "{\"type\":\"missing\",\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\","
            + "\"input\":{\"price\":1.5,\"note\":7}},"
            + "{\"type\":\"int_from_float\",\"loc\":[\"body\",\"price\"],\"msg\":\"Input should be a"
            + " valid integer, got a number with a fractional part\",\"input\":1.5},"
            + "{\"type\":\"string_type\",\"loc\":[\"body\",\"note\"],\"msg\":\"Input should be a"
            + " valid string\",\"input\":7}"
            + "]}");
  }

  @Test
  void aMissingBodyIsAMissingField() throws Exception {
    assertJson(
        postJson("create", ""),
        422,
        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}");
  }

  @Test
  void invalidJsonIsJsonInvalidAtItsCharacterOffset() throws Exception {
    assertJson(
        postJson("create", "{not json"),
        422,
        "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",1],\"msg\":\"JSON decode"
            + " error\",\"input\":{},\"ctx\":{\"error\":\"Expecting property name enclosed in double"
            + " quotes\"}}]}");
    assertJson(
        postJson("create", "{\"a\": x}"),
        422,
        "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",6],\"msg\":\"JSON decode"
            + " error\",\"input\":{},\"ctx\":{\"error\":\"Expecting value\"}}]}");
  }

  @Test
  void aDictParameterRefusesAnArrayOrNonJsonBody() throws Exception {
    assertJson(
        postJson("processed", "[1,2]"),
        422,
        "{\"detail\":[{\"type\":\"dict_type\",\"loc\":[\"body\"],\"msg\":\"Input should be a valid"
            + " dictionary\",\"input\":[1,2]}]}");
    assertJson(
        call("POST", "processed", "/", "Content-Type: text/plain\r\n", "x"),
        422,
        "{\"detail\":[{\"type\":\"dict_type\",\"loc\":[\"body\"],\"msg\":\"Input should be a valid"
            + " dictionary\",\"input\":\"x\"}]}");
  }

  @Test
  void anHttpExceptionBecomesItsStatusAndDetail() throws Exception {
    assertJson(get("results", "/?mode=http"), 404, "{\"detail\":\"Item not found\"}");
    Response detailed = get("results", "/?mode=http-detail");
    assertJson(detailed, 400, "{\"detail\":[\"a\",1]}");
    assertThat(detailed.header("X-Error")).isEqualTo("yes");
  }

  @Test
  void anyOtherExceptionIsAPlain500AndALoggedStackTrace() throws Exception {
    Response response = get("results", "/?mode=boom");
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("Internal Server Error");
    assertThat(emulator.logs("results"))
        .contains("request GET / to results failed", "java.lang.IllegalStateException: boom");
  }

  @Test
  void aResponseIsSentAsItIs() throws Exception {
    Response response = get("results", "/?mode=response");
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("Location")).isEqualTo("/items/7");
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("created");
    assertJson(get("results", "/?mode=json-response"), 202, "[1,2]");
    Response html = get("results", "/?mode=html");
    assertThat(html.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(html.body()).isEqualTo("<p>hi</p>");
  }

  @Test
  void aStreamingResponseIsSentWhole() throws Exception {
    Response response = get("results", "/?mode=stream");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.header("Content-Length")).isNull();
    assertThat(response.body()).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void aStreamingResponseReachesTheClientChunkByChunk() throws Exception {
    java.net.http.HttpResponse<java.io.InputStream> response =
        emulator
            .httpClientBuilder()
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(emulator.webUrl("results") + "/?mode=stream-slowly"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.BufferedReader reader =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(reader.readLine()).isEqualTo("first");
      FastapiFixtures.FIRST_CHUNK_SEEN.countDown();
      assertThat(reader.readLine()).isEqualTo("second");
      assertThat(reader.readLine()).isNull();
    }
  }

  @Test
  void asyncResultsAreAwaitedAndNullIsJsonNull() throws Exception {
    assertJson(get("results", "/?mode=async"), 200, "{\"async\":true}");
    assertJson(get("results", "/?mode=null"), 200, "null");
    assertJson(call("DELETE", "nothing", "/", "", ""), 200, "null");
  }

  @Test
  void injectsTheRequest() throws Exception {
    Response response = get("whoami", "/?q=find");
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.get("method").asText()).isEqualTo("GET");
    assertThat(body.get("path").asText()).isEqualTo("/");
    assertThat(body.get("q").asText()).isEqualTo("find");
    assertThat(body.get("host").asText()).isEqualTo("local--fa-whoami.localhost");
    assertThat(body.get("client").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void resolvesADependencyTreeOncePerRequestAndClosesWhatItOpened() throws Exception {
    int opened = Session.OPENED.get();
    int closed = Session.CLOSED.get();
    Response response = call("GET", "items", "/?skip=5&limit=10", "X-Token: good\r\n", "");
    assertThat(response.status()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.get("user").asText()).isEqualTo("alice");
    assertThat(body.get("paging").toString()).isEqualTo("{\"skip\":5,\"limit\":10}");
    assertThat(Session.OPENED.get()).isEqualTo(opened + 1);
    // Closed once the response is sent: the client may see the answer a moment before.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (Session.CLOSED.get() == closed && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(Session.CLOSED.get()).isEqualTo(closed + 1);
  }

  @Test
  void aDependencyMayRefuseWithAnHttpException() throws Exception {
    assertJson(
        call("GET", "items", "/?skip=0&limit=1", "X-Token: bad\r\n", ""),
        401,
        "{\"detail\":\"bad token\"}");
  }

  @Test
  void aDependencysOwnParameterErrorsJoinThe422() throws Exception {
    assertJson(
        call("GET", "items", "/?skip=x", "", ""),
        422,
        "{\"detail\":["
            + "{\"type\":\"int_parsing\",\"loc\":[\"query\",\"skip\"],\"msg\":\"Input should be a valid"
            + " integer, unable to parse string as an integer\",\"input\":\"x\"},"
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Field required\",\"input\":null},"
            // user() uses session() twice; FastAPI validates a failed dependency at each use.
            + "{\"type\":\"missing\",\"loc\":[\"header\",\"x-token\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"header\",\"x-token\"],\"msg\":\"Field required\",\"input\":null}"
            + "]}");
  }

  @Test
  void bodyMakesAScalarComeFromTheBody() throws Exception {
    assertJson(
        call("PUT", "rename", "/?id=7", "Content-Type: application/json\r\n", "\"Grace\""),
        200,
        "{\"renamed\":\"Grace#7\"}");
  }

  @Test
  void twoBodyParametersAreEmbeddedUnderTheirNames() throws Exception {
    assertJson(
        postJson(
            "pair", "{\"item\":{\"name\":\"w\",\"price\":1},\"paging\":{\"skip\":0,\"limit\":5}}"),
        200,
        "[{\"name\":\"w\",\"price\":1,\"note\":null},{\"skip\":0,\"limit\":5}]");
    assertJson(
        postJson("pair", "[]"),
        422,
        "{\"detail\":["
            + "{\"type\":\"missing\",\"loc\":[\"body\",\"item\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"body\",\"paging\"],\"msg\":\"Field required\",\"input\":null}"
            + "]}");
  }

  @Test
  void anHttpExceptionWithoutDetailSendsTheStatusPhrase() throws Exception {
    // Starlette's HTTPException: no detail means the status's phrase (issue 14)
    assertJson(get("null-detail", "/"), 409, "{\"detail\":\"Conflict\"}");
  }

  @Test
  void theConfiguredObjectMapperWritesResults() throws Exception {
    assertJson(get("greeting", "/"), 200, "{\"greetingText\":\"hi\"}");
    try (Emulator snake =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Api.class)
            .objectMapper(
                EmulatorBuilder.defaultObjectMapper()
                    .setPropertyNamingStrategy(
                        com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE))
            .start()) {
      assertJson(
          RawHttp.get(snake.port(), "local--fa-greeting.localhost", "/"),
          200,
          "{\"greeting_text\":\"hi\"}");
    }
  }

  /** A type factory of the user's own class, which counts the types it is asked for. */
  static final class CountingTypes extends com.fasterxml.jackson.databind.type.TypeFactory {
    private static final long serialVersionUID = 1L;
    static final java.util.concurrent.atomic.AtomicInteger ASKED =
        new java.util.concurrent.atomic.AtomicInteger();

    CountingTypes() {
      super(new com.fasterxml.jackson.databind.util.LRUMap<>(16, 200));
    }

    @Override
    public com.fasterxml.jackson.databind.JavaType constructType(java.lang.reflect.Type type) {
      ASKED.incrementAndGet();
      return super.constructType(type);
    }
  }

  @Test
  void aTypeFactoryOfTheUsersOwnClassServesEachContainer() throws Exception {
    try (Emulator own =
        Emulator.builder()
            .apps(Api.class)
            .objectMapper(EmulatorBuilder.defaultObjectMapper().setTypeFactory(new CountingTypes()))
            .start()) {
      CountingTypes.ASKED.set(0);
      assertJson(
          RawHttp.get(own.port(), "local--fa-greeting.localhost", "/"),
          200,
          "{\"greetingText\":\"hi\"}");
      // The container's copy of the mapper (a cache of its own for a plain factory) kept it.
      assertThat(CountingTypes.ASKED).hasPositiveValue();
    }
  }

  @Test
  void listsErrorsInFastapisOrderQueryBeforeHeaderWhateverTheDeclaration() throws Exception {
    assertJson(
        get("order", "/"),
        422,
        "{\"detail\":["
            + "{\"type\":\"missing\",\"loc\":[\"query\",\"n\"],\"msg\":\"Field required\",\"input\":null},"
            + "{\"type\":\"missing\",\"loc\":[\"header\",\"x-a\"],\"msg\":\"Field required\",\"input\":null}"
            + "]}");
  }

  @Test
  void aBadValueInASetIsA422() throws Exception {
    assertJson(get("ids", "/?ids=3&ids=1&ids=3"), 200, "[3,1]");
    assertJson(
        get("ids", "/?ids=1&ids=x"),
        422,
        "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"ids\",1],\"msg\":\"Input"
            + " should be a valid integer, unable to parse string as an integer\",\"input\":\"x\"}]}");
  }

  @Test
  void integersTakeSingleUnderscoresOnly() throws Exception {
    Response bad = get("params", "/?name=x&n=1__000&flag=1&ratio=1&color=red");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body()).contains("\"loc\":[\"query\",\"n\"]").contains("int_parsing");
  }

  @Test
  void aJsonNullBodyIsAMissingBody() throws Exception {
    assertJson(
        postJson("create", "null"),
        422,
        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}");
  }

  @Test
  void invalidJsonIsTheOnlyErrorReported() throws Exception {
    assertJson(
        call("POST", "with-query", "/", "Content-Type: application/json\r\n", "{bad"),
        422,
        "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",1],\"msg\":\"JSON decode"
            + " error\",\"input\":{},\"ctx\":{\"error\":\"Expecting property name enclosed in double"
            + " quotes\"}}]}");
  }

  @Test
  void jsonDecodeErrorsUsePythonsWordsAndOffsets() throws Exception {
    String[][] cases = {
      {"{\"name\":\"abc", "8", "Unterminated string starting at"},
      {"{} x", "3", "Extra data"},
      {"   ", "3", "Expecting value"},
      {"{\"name\":\"\\x\"}", "9", "Invalid \\\\escape"},
    };
    for (String[] c : cases) {
      assertJson(
          postJson("create", c[0]),
          422,
          "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\","
              + c[1]
              + "],\"msg\":\"JSON decode error\",\"input\":{},\"ctx\":{\"error\":\""
              + c[2]
              + "\"}}]}");
    }
  }

  @Test
  void aBodyThatIsNotUtf8Is400() throws Exception {
    Response response =
        RawHttp.exchange(
            emulator.port(),
            "POST / HTTP/1.1\r\nHost: local--fa-create.localhost\r\nContent-Type: application/json\r\n",
            new byte[] {'"', (byte) 0xff, '"'});
    assertJson(response, 400, "{\"detail\":\"There was an error parsing the body\"}");
  }

  @Test
  void jsonPropertyNamesWorkBothWays() throws Exception {
    assertJson(postJson("named", "{\"item_name\":\"x\"}"), 200, "{\"item_name\":\"x\"}");
  }

  @Test
  void a204HttpExceptionHasNoBody() throws Exception {
    Response response = get("no-content", "/");
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers()).doesNotContainKey("content-type");
  }

  @Test
  void aStreamThatFailsMidwayIsNotPassedOffAsComplete() throws Exception {
    java.net.http.HttpClient client = emulator.httpClientBuilder().build();
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(emulator.webUrl("results") + "/?mode=stream-broken"))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }
}
