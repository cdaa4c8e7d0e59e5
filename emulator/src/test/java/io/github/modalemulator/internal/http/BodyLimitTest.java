package io.github.modalemulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import org.junit.jupiter.api.Test;

/**
 * The body limit as it lives on one exchange: set by the edge, lowered on the way in, counted,
 * refused. Its answers over real sockets are in {@code BadInputTest}, {@code ProtocolTest} and
 * {@code BodyReceivingTest}.
 */
class BodyLimitTest {
  private final HttpServerExchange exchange = new HttpServerExchange(null);

  @Test
  void aLimitIsSetOnceAndOnlyEverLowered() {
    BodyLimit edge = BodyLimit.on(exchange, 100);
    assertThat(BodyLimit.on(exchange, 50)).isSameAs(edge);
    assertThat(BodyLimit.on(exchange, 80).bytes()).isEqualTo(50);
    assertThat(BodyLimit.of(exchange)).isSameAs(edge);
    assertThat(edge.allows(50)).isTrue();
    assertThat(edge.allows(51)).isFalse();
    assertThat(edge.allows(-1)).isTrue(); // a length not declared
  }

  @Test
  void theReadPastTheLimitThrowsItsOneSignalAndTheBodyIsRefused() throws Exception {
    BodyLimit limit = BodyLimit.on(exchange, 100);
    limit.count(60);
    limit.count(40); // at the limit
    assertThat(BodyLimit.exceeded(exchange)).isFalse();
    assertThatThrownBy(() -> limit.count(1))
        .isInstanceOf(RequestTooBigException.class)
        .hasMessage("modal-http: request body is larger than the limit of 100 bytes");
    assertThat(BodyLimit.exceeded(exchange)).isTrue();
    assertThat(exchange.isPersistent()).isFalse();
  }

  @Test
  void aRefusalFromBelowIsKeptForTheReaderAndTheFirstOneStands() {
    BodyLimit limit = BodyLimit.on(exchange, 100);
    MalformedBodyException broken = new MalformedBodyException("modal-http: broken");
    limit.refuse(broken);
    limit.refuse(limit.tooLarge());
    assertThat(limit.refusal()).isSameAs(broken);
    assertThat(BodyLimit.exceeded(exchange)).isFalse();
    assertThat(exchange.isPersistent()).isFalse();
  }

  @Test
  void the413NamesTheLimitTheBodyWentPast() {
    BodyLimit limit = BodyLimit.on(exchange, 4096);
    assertThat(limit.tooLargeText())
        .isEqualTo("modal-http: request body is larger than the limit of 4096 bytes");
    limit.refuse(new BodyTooLargeException(4096)); // a chunk size, refused by the connection
    BodyLimit.on(exchange, 1024); // then a FastAPI endpoint's lower limit
    assertThat(limit.tooLargeText())
        .isEqualTo("modal-http: request body is larger than the limit of 4096 bytes");
  }

  @Test
  void noAnswerIsMadeForAnExchangeWithoutALimit() {
    assertThatThrownBy(() -> BodyLimit.answer(exchange))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "a 413 was asked for on an exchange without a body limit: the edge sets one on every"
                + " request it routes to a function, before anything reads the body");
  }
}
