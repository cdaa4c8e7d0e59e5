package io.github.modalemulator.internal.listen;

import java.nio.ByteBuffer;

/**
 * A request line as it is read, before Undertow's parser sees it, for the two things that parser
 * gets wrong for the cloud: it serves any {@code HTTP/x.y} as HTTP/1.1 (the cloud answers 505), and
 * it refuses a {@code %} that starts no escape with an empty 400 (the cloud's Starlette passes it
 * on as text). Such a {@code %} is handed to the parser as {@code %25}, and the request's raw
 * target is put back as it came once the parser is done ({@link ProtocolGate}), so the function
 * sees the text the client sent, decoded as Python decodes it.
 */
final class RequestLine {
  private static final int MAX_TARGET = 64 * 1024; // longer ones are left to Undertow's limits
  private static final int LEADING = 0;
  private static final int METHOD = 1;
  private static final int TARGET = 2;
  private static final int VERSION = 3;
  private static final int DONE = 4;

  private int state = LEADING;
  private final StringBuilder target = new StringBuilder();
  private final StringBuilder version = new StringBuilder();
  private boolean rewritten;
  private int heldFrom = -1;
  private boolean abandoned;

  /** Whether the line's end has gone by. */
  boolean done() {
    return state == DONE;
  }

  /**
   * Whether the version is an HTTP version other than 1.x. A higher minor version is served as 1.1
   * (RFC 9110, 2.5), as Undertow's parser does.
   */
  boolean unsupportedVersion() {
    String v = version.toString().trim();
    return v.startsWith("HTTP/") && !v.matches("HTTP/1\\.[0-9]");
  }

  /** The target as the client sent it, if any {@code %} in it was escaped for the parser. */
  String originalTarget() {
    return rewritten && !abandoned ? target.toString() : null;
  }

  /**
   * Follows the bytes of {@code buffer} from {@code from} to {@code to}, escaping each {@code %} of
   * the target that starts no escape, where the buffer has room for it.
   *
   * @return the buffer's new end (past {@code to} by two bytes for each {@code %} escaped)
   */
  int scan(ByteBuffer buffer, int from, int to) {
    int end = to;
    heldFrom = -1;
    for (int i = from; i < end && state != DONE; i++) {
      byte b = buffer.get(i);
      switch (state) {
        case LEADING -> {
          if (b != '\r' && b != '\n') {
            state = METHOD;
          }
        }
        case METHOD -> {
          if (b == ' ') {
            state = TARGET;
          } else if (b == '\n') {
            state = DONE;
          }
        }
        case TARGET -> {
          if (b == ' ' || b == '\r' || b == '\n') {
            state = b == ' ' ? VERSION : DONE;
          } else {
            if (b == '%' && !abandoned && undecided(buffer, i + 1, end)) {
              heldFrom = i; // the bytes that tell come in a later read: wait for them
              return end;
            }
            if (target.length() < MAX_TARGET) {
              target.append((char) (b & 0xff));
            } else {
              abandoned = true;
            }
            if (b == '%' && !abandoned && startsNoEscape(buffer, i + 1, end)) {
              int moved = escape(buffer, i, end);
              if (moved > end) {
                end = moved;
                i += 2; // past the "25" put in
              }
            }
          }
        }
        case VERSION -> {
          if (b == '\n') {
            state = DONE;
          } else if (version.length() < 32) {
            version.append((char) (b & 0xff));
          }
        }
        default -> throw new IllegalStateException("request line in state " + state);
      }
    }
    return end;
  }

  /**
   * Where the last {@link #scan} stopped before a {@code %} whose next bytes it hasn't seen, so
   * that the caller holds that tail back for the next read; -1 if it didn't.
   */
  int heldFrom() {
    return heldFrom;
  }

  /** Whether what follows a {@code %} can't be told yet: the read ends within its two bytes. */
  private static boolean undecided(ByteBuffer buffer, int next, int end) {
    return next >= end || (next + 1 >= end && isHex(buffer.get(next)));
  }

  /**
   * Whether the two bytes after a {@code %} are not both hex digits (known only if both are in).
   */
  private static boolean startsNoEscape(ByteBuffer buffer, int next, int end) {
    for (int i = next; i < next + 2; i++) {
      if (i >= end) {
        return false; // not reached: undecided() holds such a tail back first
      }
      if (!isHex(buffer.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /** Makes the {@code %} at {@code at} a {@code %25}, moving what follows it; false if no room. */
  private int escape(ByteBuffer buffer, int at, int end) {
    if (buffer.limit() - end < 2) {
      abandoned = true; // the parser will refuse it, as before
      return end;
    }
    for (int i = end - 1; i > at; i--) {
      buffer.put(i + 2, buffer.get(i));
    }
    buffer.put(at + 1, (byte) '2');
    buffer.put(at + 2, (byte) '5');
    rewritten = true;
    return end + 2;
  }
}
