package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.BodyTooLargeException;
import io.github.modalemulator.internal.http.MalformedBodyException;
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
 *
 * <p>The trailer section is read as RFC 9112 (7.1.2, 5) writes field lines: a token, a colon at
 * once, a value without NUL or a CR that ends no line, at most {@value #TRAILER_LIMIT} bytes in
 * all. Undertow's reader fails on a line without a colon only once a {@code @WebServer}'s backend
 * has the request's head (and closed the connection with no answer), takes any bytes before a colon
 * for a name, and keeps a trailer line in memory however long it grows.
 */
final class ChunkScanner {
  private static final int SIZE = 0;
  private static final int SIZE_LINE = 1;
  private static final int DATA = 2;
  private static final int DATA_LINE = 3;
  private static final int TRAILER_START = 4;
  private static final int TRAILER_NAME = 5;
  private static final int TRAILER_VALUE = 6;
  private static final int LINE_FEED = 7; // after a CR in the trailers: the line ends here
  private static final int DONE = 8;

  /** The trailer section's most bytes, its last line included. */
  static final int TRAILER_LIMIT = 16 * 1024;

  private final long limit;
  private int state = SIZE;
  private long size;
  private boolean digits; // the current size line has begun with a hex digit
  private long remaining;
  private int trailerBytes;
  private boolean lastLine; // the CR before LINE_FEED began an empty line

  ChunkScanner(long limit) {
    this.limit = limit;
  }

  /** Whether the body's last chunk and trailers have gone by. */
  boolean done() {
    return state == DONE;
  }

  /**
   * Follows {@code bytes} from {@code from} to {@code to}, changing no position.
   *
   * @throws BodyTooLargeException at a chunk size over the limit
   * @throws MalformedBodyException at a size that is no hex number, or trailers that are no fields
   */
  void scan(ByteBuffer bytes, int from, int to)
      throws BodyTooLargeException, MalformedBodyException {
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
              throw new BodyTooLargeException(limit);
            }
          } else if (!digits) {
            throw malformed(
                "a chunk size of the request body is no hex number"); // RFC 9112, 7.1: a size is
            // one hex digit at least
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
          byte b = trailerByte(bytes.get(i++));
          if (b == '\n') {
            state = DONE;
          } else if (b == '\r') {
            lastLine = true;
            state = LINE_FEED;
          } else if (token(b)) {
            state = TRAILER_NAME;
          } else {
            throw trailers("has a line that is no field");
          }
        }
        case TRAILER_NAME -> {
          byte b = trailerByte(bytes.get(i++));
          if (b == ':') {
            state = TRAILER_VALUE;
          } else if (!token(b)) {
            throw trailers("has a line that is no field");
          }
        }
        case TRAILER_VALUE -> {
          byte b = trailerByte(bytes.get(i++));
          if (b == '\n') {
            state = TRAILER_START;
          } else if (b == '\r') {
            lastLine = false;
            state = LINE_FEED;
          } else if (b == 0) {
            throw trailers("has a NUL in a field value");
          }
        }
        case LINE_FEED -> {
          if (trailerByte(bytes.get(i++)) != '\n') {
            throw trailers("has a CR that ends no line");
          }
          state = lastLine ? DONE : TRAILER_START;
        }
        default -> throw new IllegalStateException("chunk scanner in state " + state);
      }
    }
  }

  private byte trailerByte(byte b) throws MalformedBodyException {
    if (++trailerBytes > TRAILER_LIMIT) {
      throw trailers("is longer than " + TRAILER_LIMIT + " bytes");
    }
    return b;
  }

  private static MalformedBodyException malformed(String why) {
    return new MalformedBodyException("modal-http: " + why);
  }

  private static MalformedBodyException trailers(String why) {
    return malformed("the request body's trailer section " + why);
  }

  /** RFC 9110's tchar, of which a field name is made. */
  private static boolean token(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
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
