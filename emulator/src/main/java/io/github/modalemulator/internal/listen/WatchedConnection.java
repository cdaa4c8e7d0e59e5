package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.BodyTooLargeException;
import io.github.modalemulator.internal.http.MalformedBodyException;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1 connection as watched from below Undertow's parser, on the bytes as they are read: it
 * knows where the connection is (between requests, in a head, serving a request, or gone over to
 * another protocol) and hands each read to the part that needs it:
 *
 * <ul>
 *   <li>the {@link HeaderClock}: a request whose head has begun but not ended within the header
 *       timeout gets {@code 408 Request Timeout}, then the connection closes (Undertow's own
 *       timeout only closes it, so the client can't tell a slow upload from a crash). A connection
 *       with no request begun is closed silently after the idle timeout, by Undertow;
 *   <li>the {@link RequestLineRewrite}: each request line as it came (its version, and a {@code %}
 *       that starts no escape handed on to the parser as {@code %25});
 *   <li>the {@link ChunkedBody}: a chunked body's sizes checked against the body limit and the
 *       grammar;
 *   <li>the {@link Http2IdleClock}: HTTP/2 with prior knowledge, closed after the idle timeout
 *       (Undertow's own doesn't reach such a connection).
 * </ul>
 *
 * The request handler tells it where requests begin ({@link ProtocolGate}); it stands aside for
 * good once the connection speaks HTTP/2 or a WebSocket. Reads happen on the connection's I/O
 * thread; the XNIO side is {@link WatchedSource}.
 */
final class WatchedConnection {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedConnection.class);

  static final byte[] REQUEST_TIMEOUT = requestTimeout();

  private static byte[] requestTimeout() {
    String body = "modal-http: request headers were not received in time";
    return ("HTTP/1.1 408 Request Timeout\r\n"
            + "content-type: "
            + PlainText.CONTENT_TYPE
            + "\r\ncontent-length: "
            + body.length()
            + "\r\nconnection: close\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A read into one buffer, from the conduit below. */
  interface Source {
    int read(ByteBuffer dst) throws IOException;
  }

  /** A scattering read, from the conduit below. */
  interface ScatterSource {
    long read(ByteBuffer[] dsts, int offs, int len) throws IOException;
  }

  private enum Phase {
    /** Between requests, nothing of the next one read yet. */
    WAITING,
    /** The next request's head is arriving: the header clock runs. */
    HEADERS,
    /** A request is being served. */
    REQUEST,
    /** Not HTTP/1 any more (HTTP/2, WebSocket), or closed: nothing to watch. */
    OFF
  }

  private final Wire wire;
  private final HeaderClock headers;
  private final Http2IdleClock idle;
  private final RequestLineRewrite line = new RequestLineRewrite();
  private final ChunkedBody chunks = new ChunkedBody();
  private volatile Phase phase = Phase.WAITING;

  WatchedConnection(Wire wire, Ticker ticker, long headerMillis, long idleMillis) {
    this.wire = wire;
    this.headers =
        new HeaderClock(ticker, TimeUnit.MILLISECONDS.toNanos(headerMillis), this::headersTimedOut);
    this.idle = new Http2IdleClock(ticker, TimeUnit.MILLISECONDS.toNanos(idleMillis), wire);
  }

  /** The connection wrote, which keeps an HTTP/2 connection from being idle. */
  void wrote() {
    idle.touch();
  }

  /** Whether reads can go straight through: nothing to watch, nothing held back. */
  boolean standsAside() {
    return phase == Phase.OFF && !line.holding();
  }

  /** Whether the connection is still watched as HTTP/1. */
  boolean watching() {
    return phase != Phase.OFF;
  }

  /**
   * A request's head has been parsed: it is being served (on the connection's I/O thread).
   *
   * @return its request line as read, if it was read here (not with an earlier request)
   */
  RequestLine requestStarted(HttpServerExchange exchange) {
    if (phase == Phase.OFF) {
      return null;
    }
    phase = Phase.REQUEST;
    headers.stop();
    chunks.requestStarted();
    exchange.addExchangeCompleteListener(
        (ended, next) -> {
          try {
            HttpServerConnection http = (HttpServerConnection) ended.getConnection();
            requestEnded(ended.getStatusCode() == 101, http.getExtraBytes() != null);
          } finally {
            next.proceed();
          }
        });
    return line.take();
  }

  /**
   * The request being served has ended (on any thread).
   *
   * @param upgraded it switched protocols: the bytes are HTTP/2 frames or WebSocket messages now
   * @param pipelined the next request's first bytes are already in
   */
  void requestEnded(boolean upgraded, boolean pipelined) {
    if (upgraded) {
      phase = Phase.OFF;
    } else if (phase != Phase.OFF) {
      phase = Phase.WAITING;
      if (pipelined) {
        headersBegun();
      }
    }
  }

  /**
   * A chunked body is about to be read, whose first bytes Undertow may have read already with the
   * head ({@code alreadyRead}, or null): those are checked here, the rest as they are read.
   *
   * @throws BodyTooLargeException if a chunk size in what was read is over the limit
   * @throws MalformedBodyException if the framing in what was read is broken
   */
  void expectChunks(BodyLimit limit, ByteBuffer alreadyRead)
      throws BodyTooLargeException, MalformedBodyException {
    chunks.expect(limit, alreadyRead);
  }

  /** Reads into {@code dst} from {@code next}, as the conduit's {@code read} does. */
  int read(ByteBuffer dst, Source next) throws IOException {
    if (chunks.refused()) {
      return -1;
    }
    if (!line.roomFor(dst)) {
      return 0; // the held bytes go first, once the parser has made room
    }
    int start = dst.position();
    int carried = line.giveHeld(dst);
    int read = next.read(dst);
    if (read < 0) {
      return carried > 0 ? carried : read; // the end comes at the next read
    }
    if (read > 0) {
      idle.touch();
      if (phase != Phase.OFF && !seen(dst, start + carried, dst.position())) {
        dst.position(start);
        return 0; // nothing for the chunk reader: the counter above it throws the refusal
      }
    }
    return line.rewrite(dst, start, read + carried);
  }

  /** A scattering read from {@code next}, as the conduit's does. */
  long read(ByteBuffer[] dsts, int offs, int len, ScatterSource next) throws IOException {
    if (chunks.refused()) {
      return -1;
    }
    if (line.holding()) {
      // The held bytes go first, into the first buffer.
      return len == 0 ? 0 : read(dsts[offs], dst -> (int) next.read(new ByteBuffer[] {dst}, 0, 1));
    }
    if (phase == Phase.OFF) {
      return next.read(dsts, offs, len);
    }
    int[] starts = new int[len];
    for (int i = 0; i < len; i++) {
      starts[i] = dsts[offs + i].position();
    }
    long read = next.read(dsts, offs, len);
    if (read > 0) {
      idle.touch();
      for (int i = 0; i < len; i++) {
        ByteBuffer buffer = dsts[offs + i];
        if (buffer.position() > starts[i] && !seen(buffer, starts[i], buffer.position())) {
          for (int j = 0; j < len; j++) {
            dsts[offs + j].position(starts[j]);
          }
          return 0;
        }
      }
    }
    return read;
  }

  /**
   * Takes note of bytes just read.
   *
   * @return false if they are refused as part of a chunked body
   */
  private boolean seen(ByteBuffer bytes, int from, int to) {
    if (idle.startsHttp2(bytes, from, to)) {
      phase = Phase.OFF;
      headers.stop(); // its start ("PR") may have begun an HTTP/1 head
      return true;
    }
    if (!chunks.pass(bytes, from, to)) {
      return false;
    }
    if (phase == Phase.WAITING) {
      headersBegun();
      line.begin();
    }
    return true;
  }

  private void headersBegun() {
    phase = Phase.HEADERS;
    headers.start();
  }

  private void headersTimedOut() {
    phase = Phase.OFF;
    LOG.debug("A request's headers took longer than {} ms; answered 408", headers.timeoutMillis());
    wire.answerAndClose(REQUEST_TIMEOUT);
  }
}
