package io.github.modalemulator.internal.listen;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.internal.http.BodyLimit;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One connection's watch, fed bytes as reads hand them over, with a clock the test moves on: the
 * header clock, HTTP/2's idle clock, the request line rewritten, chunk sizes refused. The same
 * behaviours over real sockets are in {@code ProtocolTest} and {@code BadInputTest}.
 */
class WatchedConnectionTest {
  private static final Duration HEADER_TIMEOUT = Duration.ofMillis(600);
  private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1_500);
  private static final String REQUEST_TIMEOUT =
      "HTTP/1.1 408 Request Timeout\r\n"
          + "content-type: text/plain; charset=utf-8\r\n"
          + "content-length: 53\r\n"
          + "connection: close\r\n\r\n"
          + "modal-http: request headers were not received in time";

  /** The connection's socket as the watch acts on it: what it wrote and whether it is open. */
  private static final class RecordingWire implements Wire {
    final List<String> answers = new ArrayList<>();
    boolean open = true;

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }

    @Override
    public void answerAndClose(byte[] answer) {
      answers.add(new String(answer, ISO_8859_1));
      open = false;
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final RecordingWire wire = new RecordingWire();
  private final WatchedConnection watched =
      new WatchedConnection(wire, ticker, HEADER_TIMEOUT.toMillis(), IDLE_TIMEOUT.toMillis());

  /** One read that brings {@code bytes}: what the parser above is handed, or null at the end. */
  private String read(String bytes) throws IOException {
    return read(bytes, 4096);
  }

  private String read(String bytes, int room) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(room);
    int handed =
        watched.read(
            buffer,
            dst -> {
              dst.put(bytes.getBytes(ISO_8859_1));
              return bytes.length();
            });
    if (handed < 0) {
      return null;
    }
    assertThat(buffer.position()).isEqualTo(handed);
    return new String(buffer.array(), 0, handed, ISO_8859_1);
  }

  /** The request's head has been parsed and its handler runs. */
  private RequestLine served() {
    return watched.requestStarted(new HttpServerExchange(null));
  }

  @Test
  void aHeadThatDoesntEndInTimeGets408AndTheConnectionCloses() throws Exception {
    read("GET / HTTP/1.1\r\nHost: a\r\n");
    ticker.advance(HEADER_TIMEOUT.minusMillis(1));
    assertThat(wire.answers).isEmpty();
    ticker.advance(Duration.ofMillis(1));
    assertThat(wire.answers).containsExactly(REQUEST_TIMEOUT);
    assertThat(wire.open).isFalse();
  }

  @Test
  void aHeadThatEndsInTimeIsServedAndTheClockStops() throws Exception {
    read("GET / HTTP/1.1\r\nHost: a\r\n");
    ticker.advance(HEADER_TIMEOUT.minusMillis(100));
    served();
    ticker.advance(Duration.ofSeconds(10)); // a slow function: no 408 for that
    assertThat(wire.answers).isEmpty();
    assertThat(wire.open).isTrue();
  }

  @Test
  void aKeptAliveConnectionGets408OnlyForItsSlowSecondRequest() throws Exception {
    read("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    served();
    watched.requestEnded(false, false);
    ticker.advance(Duration.ofMillis(1_000)); // idle between requests: Undertow's to close
    assertThat(wire.answers).isEmpty();
    read("GET / HT");
    ticker.advance(HEADER_TIMEOUT);
    assertThat(wire.answers).containsExactly(REQUEST_TIMEOUT);
  }

  @Test
  void eachHeadHasTheWholeTimeoutOnTheConnectionsOneTimer() throws Exception {
    read("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    ticker.advance(Duration.ofMillis(500));
    served();
    watched.requestEnded(false, false);
    read("GET /second HTTP/1.1\r\n"); // its head begins at 500 ms
    ticker.advance(Duration.ofMillis(599)); // the first timer, due at 600 ms, moved on
    assertThat(wire.answers).isEmpty();
    assertThat(ticker.timers()).isEqualTo(1);
    ticker.advance(Duration.ofMillis(1));
    assertThat(wire.answers).containsExactly(REQUEST_TIMEOUT);
  }

  @Test
  void aPipelinedRequestsHeadIsTimedFromTheEndOfTheOneBefore() throws Exception {
    read("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\n");
    served();
    ticker.advance(Duration.ofSeconds(5)); // the first request is served slowly
    watched.requestEnded(false, true); // the next request's bytes are in already
    ticker.advance(HEADER_TIMEOUT.minusMillis(1));
    assertThat(wire.answers).isEmpty();
    ticker.advance(Duration.ofMillis(1));
    assertThat(wire.answers).containsExactly(REQUEST_TIMEOUT);
  }

  @Test
  void http2WithPriorKnowledgeGetsNo408AndClosesOnceIdle() throws Exception {
    assertThat(read("PR")).isEqualTo("PR"); // the preface over two reads
    assertThat(read("I * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo("I * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    ticker.advance(IDLE_TIMEOUT); // the first look: the preface was read since
    assertThat(wire.open).isTrue();
    ticker.advance(Duration.ofMillis(500));
    watched.wrote(); // frames go out
    ticker.advance(Duration.ofMillis(1_000)); // the second look, at 3 s, sees them
    assertThat(wire.open).isTrue();
    ticker.advance(IDLE_TIMEOUT.minusMillis(1));
    assertThat(wire.open).isTrue();
    ticker.advance(Duration.ofMillis(1)); // the third, at 4.5 s, sees nothing: closed
    assertThat(wire.open).isFalse();
    assertThat(wire.answers).isEmpty();
  }

  @Test
  void anHttp1ConnectionHasNoIdleClockOfItsOwn() throws Exception {
    read("PUT / HTTP/1.1\r\n\r\n");
    served();
    watched.requestEnded(false, false);
    ticker.advance(Duration.ofSeconds(60));
    assertThat(wire.open).isTrue(); // Undertow's idle timeout closes it, not the watch
  }

  @Test
  void anUpgradedConnectionIsNoLongerWatched() throws Exception {
    read("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
    served();
    watched.requestEnded(true, false);
    assertThat(read("\u0081\u0085GET / HT")).isEqualTo("\u0081\u0085GET / HT");
    ticker.advance(Duration.ofSeconds(60));
    assertThat(wire.answers).isEmpty();
    assertThat(watched.standsAside()).isTrue();
  }

  @Test
  void aPercentAtTheEndOfAReadIsHeldUntilItsEscapeIsKnown() throws Exception {
    assertThat(read("GET /?s=100%")).isEqualTo("GET /?s=100");
    assertThat(read("&t=1 HTTP/1.1\r\n\r\n")).isEqualTo("%25&t=1 HTTP/1.1\r\n\r\n");
    RequestLine line = served();
    assertThat(line.originalTarget()).isEqualTo("/?s=100%&t=1");
    assertThat(line.unsupportedVersion()).isFalse();
  }

  @Test
  void heldBytesWaitForRoomBeforeAnythingElseIsRead() throws Exception {
    assertThat(read("GET /a%4")).isEqualTo("GET /a");
    assertThat(read("never read", 1)).isEmpty(); // no room for "%4": the parser makes room first
    assertThat(read("1 HTTP/1.1\r\n\r\n")).isEqualTo("%41 HTTP/1.1\r\n\r\n");
    assertThat(served().originalTarget()).isNull(); // a valid escape: nothing rewritten
  }

  @Test
  void aVersionOtherThanHttp1IsKnownFromTheLineAsItCame() throws Exception {
    read("GET / HTTP/2.1\r\n\r\n");
    assertThat(served().unsupportedVersion()).isTrue();
  }

  @Test
  void aChunkSizeOverTheLimitIsRefusedBeforeTheChunkReaderSeesIt() throws Exception {
    HttpServerExchange exchange = new HttpServerExchange(null);
    read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    served();
    watched.expectChunks(
        BodyLimit.on(exchange, 1024), ByteBuffer.wrap("4\r\nab".getBytes(ISO_8859_1)));
    assertThat(read("cd\r\n400\r\n")).isEqualTo("cd\r\n400\r\n"); // 1024: at the limit
    assertThat(read("x".repeat(1024) + "\r\n401\r\n")).isEmpty();
    assertThat(BodyLimit.exceeded(exchange)).isTrue();
    assertThat(BodyLimit.of(exchange).refusal())
        .hasMessage("modal-http: request body is larger than the limit of 1024 bytes");
    assertThat(exchange.isPersistent()).isFalse();
    assertThat(read("0\r\n\r\n")).isNull(); // the connection reads no more
  }

  @Test
  void aChunkSizeThatIsNoNumberIsRefusedWithItsReason() throws Exception {
    HttpServerExchange exchange = new HttpServerExchange(null);
    read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    served();
    watched.expectChunks(BodyLimit.on(exchange, 1024), null);
    assertThat(read("zz\r\n")).isEmpty();
    assertThat(BodyLimit.exceeded(exchange)).isFalse();
    assertThat(BodyLimit.of(exchange).refusal())
        .hasMessage("modal-http: a chunk size of the request body is no hex number");
    assertThat(read("0\r\n\r\n")).isNull();
  }

  @Test
  void aScatteringReadIsRefusedWhole() throws Exception {
    HttpServerExchange exchange = new HttpServerExchange(null);
    read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    served();
    watched.expectChunks(BodyLimit.on(exchange, 1024), null);
    ByteBuffer[] buffers = {ByteBuffer.allocate(4), ByteBuffer.allocate(64)};
    long handed =
        watched.read(
            buffers,
            0,
            2,
            (dsts, offs, len) -> {
              dsts[0].put("3\r\na".getBytes(ISO_8859_1));
              dsts[1].put("bc\r\nfffff\r\n".getBytes(ISO_8859_1));
              return 15;
            });
    assertThat(handed).isZero();
    assertThat(buffers[0].position()).isZero();
    assertThat(buffers[1].position()).isZero();
    assertThat(BodyLimit.exceeded(exchange)).isTrue();
  }

  @Test
  void theNextRequestEndsTheChunkWatchOfABodyReadToItsEnd() throws Exception {
    HttpServerExchange exchange = new HttpServerExchange(null);
    read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    served();
    watched.expectChunks(BodyLimit.on(exchange, 1024), null);
    read("3\r\nabc\r\n0\r\n\r\n");
    watched.requestEnded(false, false);
    assertThat(read("GET /fffff HTTP/1.1\r\n\r\n")).isEqualTo("GET /fffff HTTP/1.1\r\n\r\n");
    assertThat(BodyLimit.of(exchange).refusal()).isNull();
  }
}
