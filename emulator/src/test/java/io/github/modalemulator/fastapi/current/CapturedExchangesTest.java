package io.github.modalemulator.fastapi.current;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.fastapi.current.CapturedExchanges.Exchange;
import io.github.modalemulator.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every exchange captured from FastAPI 0.142.2 / Starlette 1.7.0 / pydantic 2.13.5 (the
 * cloud's wrapper around the endpoints of {@code fastapi-current-app.py}) against the Java twins in
 * {@link DiffApp}, over a raw socket, and compares status, headers and body.
 *
 * <p>The captures list the headers the client chose; Host, Content-Length and {@code Connection:
 * close} it always sent, and the responses show it: every one has {@code connection: close}, as
 * uvicorn answers a request that asks to close. So each replayed request carries {@code Connection:
 * close} too, and the response's {@code connection} header is compared like any other. Only {@code
 * date}, {@code server} and {@code content-length} are left out, as in the captures.
 *
 * <p>Two exchanges can't be answered as captured, for reasons outside the FastAPI model; each is
 * replayed all the same, against the answer the emulator gives instead, so that the difference is
 * pinned and named (and listed in the README).
 */
class CapturedExchangesTest {
  private static final Set<String> UNCOMPARED = Set.of("date", "server", "content-length");

  /**
   * Where the emulator differs on purpose or by necessity: the capture's id, why, what it sends.
   */
  private static final Map<String, KnownDifference> KNOWN_DIFFERENCES =
      Map.of(
          "do-docs",
          new KnownDifference(
              "/docs works offline: Swagger UI's style sheet and script come from the emulator,"
                  + " not jsdelivr, and the favicon link to fastapi.tiangolo.com is left out",
              expected ->
                  expected
                      .replace(
                          "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css",
                          "/docs/assets/swagger-ui.css")
                      .replace(
                          "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js",
                          "/docs/assets/swagger-ui-bundle.js")
                      .replace(
                          "    <link rel=\"shortcut icon\""
                              + " href=\"https://fastapi.tiangolo.com/img/favicon.png\">\n",
                          "")),
          "nu-i64-over",
          new KnownDifference(
              "Python's int has no limit, Java's Long does: 2^63 can't reach a Long parameter"
                  + " (declare BigInteger for Python's int)",
              expected ->
                  "< 422\n< connection: close\n< content-type: application/json\n< vary: Origin\n"
                      + "< body: {\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"i64\"],"
                      + "\"msg\":\"Input should be a valid integer, unable to parse string as an"
                      + " integer\",\"input\":\"9223372036854775808\"}]}"));

  /** An answer the emulator gives instead of the captured one. */
  record KnownDifference(String why, UnaryOperator<String> answer) {}

  static Emulator emulator;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(DiffApp.class).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void theCapturesAreAllThereAndEveryKnownDifferenceIsOneOfThem() throws Exception {
    List<Exchange> all = CapturedExchanges.read().all();
    assertThat(all).hasSize(130);
    assertThat(all.stream().map(Exchange::id).distinct()).hasSize(130);
    assertThat(all.stream().map(Exchange::id)).containsAll(KNOWN_DIFFERENCES.keySet());
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedExchangeIsAnsweredAsTheCurrentStackAnswered() throws Exception {
    return CapturedExchanges.read().all().stream()
        .map(exchange -> DynamicTest.dynamicTest(exchange.id(), () -> replay(exchange)));
  }

  private static void replay(Exchange exchange) throws Exception {
    StringBuilder head = exchange.requestHead(emulator.port());
    RawHttp.Response response =
        RawHttp.exchange(emulator.port(), head.toString(), exchange.requestBody());
    KnownDifference known = KNOWN_DIFFERENCES.get(exchange.id());
    String expected = expected(exchange);
    assertThat(rendered(response, exchange))
        .as(
            known == null
                ? exchange.id()
                : exchange.id() + " (known difference: " + known.why() + ")")
        .isEqualTo(known == null ? expected : known.answer().apply(expected));
  }

  /** The capture's answer in the capture's own notation. */
  static String expected(Exchange exchange) {
    return render(
        exchange.status(),
        exchange.responseHeaders(),
        exchange.responseBody()
            + (exchange.truncated() ? "... (" + exchange.bodyBytes() + " bytes)" : ""));
  }

  /** The emulator's answer in the same notation, cut where the capture was cut. */
  static String rendered(RawHttp.Response response, Exchange exchange) {
    List<String> headers = new ArrayList<>();
    response
        .headers()
        .forEach(
            (name, values) -> {
              if (!UNCOMPARED.contains(name)) {
                values.forEach(value -> headers.add(name.toLowerCase(Locale.ROOT) + ": " + value));
              }
            });
    String body = response.body();
    if (exchange.truncated() && body.length() > exchange.truncatedAt()) {
      body =
          body.substring(0, exchange.truncatedAt())
              + "... ("
              + body.getBytes(StandardCharsets.UTF_8).length
              + " bytes)";
    }
    return render(response.status(), headers, body);
  }

  private static String render(int status, List<String> headers, String body) {
    StringBuilder text = new StringBuilder("< ").append(status).append('\n');
    headers.stream().sorted().forEach(header -> text.append("< ").append(header).append('\n'));
    return text.append("< body: ").append(body).toString();
  }
}
