package io.github.modalemulator.internal.listen;

import java.nio.ByteBuffer;

/**
 * Follows the chunk framing of one request body as its bytes go by, to refuse a chunk size over the
 * body limit before Undertow's chunk reader takes it: that reader adds hex digits without a bound,
 * so a size such as {@code 7fffffffffffffff} runs into its state bits and ends the body after two
 * bytes, and the request is served as if it were whole. The framing followed is the reader's own:
 * the size ends at the first byte that is not a hex digit, the rest of that line is skipped, the
 * line after each chunk's data is skipped, trailers end at an empty line. A size line that doesn't
 * begin with a hex digit ({@code zz}, {@code -2}) is refused too: that reader takes it for the last
 * chunk.
 */
final class ChunkScanner {
  private static final int SIZE = 0;
  private static final int SIZE_LINE = 1;
  private static final int DATA = 2;
  private static final int DATA_LINE = 3;
  private static final int TRAILER_START = 4;
  private static final int TRAILER_LINE = 5;
  private static final int DONE = 6;

  private final long limit;
  private int state = SIZE;
  private long size;
  private boolean digits; // the current size line has begun with a hex digit
  private long remaining;

  ChunkScanner(long limit) {
    this.limit = limit;
  }

  /** A chunk size the body may not have: over the limit (413), or no hex number (400). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final long limit;

    private Refused(String message, long limit) {
      super(message, null, false, false);
      this.limit = limit;
    }

    static Refused tooLarge(long limit) {
      return new Refused("request body is larger than the limit of " + limit + " bytes", limit);
    }

    static Refused malformed() {
      return new Refused("modal-http: a chunk size of the request body is no hex number", -1);
    }

    /** Whether the size is over the limit, rather than malformed. */
    boolean tooLarge() {
      return limit >= 0;
    }

    long limit() {
      return limit;
    }
  }

  /** Whether the body's last chunk and trailers have gone by. */
  boolean done() {
    return state == DONE;
  }

  /**
   * Follows {@code bytes} from {@code from} to {@code to}, changing no position.
   *
   * @throws Refused at a chunk size over the limit
   */
  void scan(ByteBuffer bytes, int from, int to) throws Refused {
    int i = from;
    while (i < to && state != DONE) {
      switch (state) {
        case SIZE -> {
          byte b = bytes.get(i++);
          int digit = Character.digit(b, 16);
          if (digit >= 0) {
            digits = true;
            size = size * 16 + digit;
            if (size > limit) {
              throw Refused.tooLarge(limit);
            }
          } else if (!digits) {
            throw Refused.malformed(); // RFC 9112, 7.1: a size is one hex digit at least
          } else if (b == '\n') {
            endOfSize();
          } else {
            state = SIZE_LINE;
          }
        }
        case SIZE_LINE -> {
          if (bytes.get(i++) == '\n') {
            endOfSize();
          }
        }
        case DATA -> {
          long step = Math.min(remaining, to - i);
          i += (int) step;
          remaining -= step;
          if (remaining == 0) {
            state = DATA_LINE;
          }
        }
        case DATA_LINE -> {
          if (bytes.get(i++) == '\n') {
            state = SIZE;
            size = 0;
            digits = false;
          }
        }
        case TRAILER_START -> {
          byte b = bytes.get(i++);
          if (b == '\n') {
            state = DONE;
          } else if (b != '\r') {
            state = TRAILER_LINE;
          }
        }
        case TRAILER_LINE -> {
          if (bytes.get(i++) == '\n') {
            state = TRAILER_START;
          }
        }
        default -> throw new IllegalStateException("chunk scanner in state " + state);
      }
    }
  }

  private void endOfSize() {
    if (size == 0) {
      state = TRAILER_START;
    } else {
      remaining = size;
      state = DATA;
    }
  }
}
