package io.github.modalemulator.internal.listen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises a connection that starts as HTTP/2 with prior knowledge (its preface, {@code PRI *
 * HTTP/2.0}), and closes such a connection once a whole idle timeout went by without a byte read or
 * written, as Undertow closes an idle HTTP/1 or h2c connection: Undertow's own idle timeout doesn't
 * reach a connection that starts as HTTP/2.
 */
final class Http2IdleClock {
  private static final Logger LOG = LoggerFactory.getLogger(Http2IdleClock.class);
  private static final byte[] PREFACE = "PRI ".getBytes(StandardCharsets.ISO_8859_1);

  private final Ticker ticker;
  private final long idleNanos;
  private final Wire wire;
  private int prefaceMatched; // bytes of the preface seen at the start; -1: not HTTP/2
  private boolean active; // read or wrote since the clock's last look

  Http2IdleClock(Ticker ticker, long idleNanos, Wire wire) {
    this.ticker = ticker;
    this.idleNanos = idleNanos;
    this.wire = wire;
  }

  /** The connection read or wrote. */
  void touch() {
    active = true;
  }

  /**
   * Matches bytes read at the start of the connection against the preface; once they match, the
   * clock runs.
   *
   * @return true once the connection is known to be HTTP/2
   */
  boolean startsHttp2(ByteBuffer bytes, int from, int to) {
    if (prefaceMatched < 0) {
      return false;
    }
    for (int i = from; i < to && prefaceMatched < PREFACE.length; i++) {
      if (bytes.get(i) != PREFACE[prefaceMatched]) {
        prefaceMatched = -1;
        return false;
      }
      prefaceMatched++;
    }
    if (prefaceMatched < PREFACE.length) {
      return false;
    }
    prefaceMatched = -1; // known: nothing more to match
    ticker.after(idleNanos, this, Http2IdleClock::tick);
    return true;
  }

  private void tick() {
    if (!wire.isOpen()) {
      return;
    }
    if (active) {
      active = false;
      ticker.after(idleNanos, this, Http2IdleClock::tick);
      return;
    }
    LOG.debug("An HTTP/2 connection was idle for {} ms; closed", idleNanos / 1_000_000);
    wire.close();
  }
}
