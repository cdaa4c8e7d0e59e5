package io.github.modalemulator.fastapi.current;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.fastapi.current.CapturedExchanges.Exchange;
import io.github.modalemulator.testing.RawHttp;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every exchange captured from FastAPI 0.142.2 / Starlette 1.7.0 / python-multipart 0.0.32
 * answering forms, files and cookies ({@code fastapi-forms/fastapi-forms-captures.md}, written by
 * {@code capture.py} beside it) against the Java twins in {@link FormsApp}, over a raw socket, and
 * compares status, headers and body as {@link CapturedExchangesTest} does.
 */
class FormsCapturedExchangesTest {
  static final String RESOURCE = "/fastapi-forms/fastapi-forms-captures.md";

  /** Where the emulator differs: the capture's id, why, what it sends instead. */
  private static final Map<String, CapturedExchangesTest.KnownDifference> KNOWN_DIFFERENCES =
      Map.of();

  static Emulator emulator;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(FormsApp.class).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void theCapturesAreAllThere() throws Exception {
    var all = CapturedExchanges.read(RESOURCE).all();
    assertThat(all).hasSize(70);
    assertThat(all.stream().map(Exchange::id).distinct()).hasSize(70);
    assertThat(all.stream().map(Exchange::id)).containsAll(KNOWN_DIFFERENCES.keySet());
  }

  @TestFactory
  Stream<DynamicTest> everyCapturedExchangeIsAnsweredAsFastapiAnswered() throws Exception {
    return CapturedExchanges.read(RESOURCE).all().stream()
        .map(exchange -> DynamicTest.dynamicTest(exchange.id(), () -> replay(exchange)));
  }

  private static void replay(Exchange exchange) throws Exception {
    StringBuilder head = exchange.requestHead(emulator.port());
    if (exchange.requestBody().length == 0 && exchange.method().equals("POST")) {
      head.append("Content-Length: 0\r\n"); // as the capture sent it
    }
    RawHttp.Response response =
        RawHttp.exchange(emulator.port(), head.toString(), exchange.requestBody());
    CapturedExchangesTest.KnownDifference known = KNOWN_DIFFERENCES.get(exchange.id());
    String expected = CapturedExchangesTest.expected(exchange);
    UnaryOperator<String> answer = known == null ? UnaryOperator.identity() : known.answer();
    assertThat(CapturedExchangesTest.rendered(response, exchange))
        .as(
            known == null
                ? exchange.id()
                : exchange.id() + " (known difference: " + known.why() + ")")
        .isEqualTo(answer.apply(expected));
  }
}
