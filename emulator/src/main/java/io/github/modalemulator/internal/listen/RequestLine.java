package io.github.modalemulator.internal.listen;

import java.nio.ByteBuffer;

/**
 * A request line as it is read, before Undertow's parser sees it, for the two things that parser
 * gets wrong for the cloud: it serves any {@code HTTP/x.y} as HTTP/1.1 (the cloud answers 505), and
 * it refuses a {@code %} that starts no escape with an empty 400 (the cloud's Starlette passes it
 * on as text). Such a {@code %} is handed to the parser as {@code %25}, and the request's raw
 * target is put back as it came once the parser is done ({@link ProtocolGate}), so the function
 * sees the text the client sent, decoded as Python decodes it.
 *
 * <p>One a connection, {@link #reset() reset} for each request; on the request path, so it copies
 * nothing of a line it doesn't change.
 */
final class RequestLine {
  private static final int MAX_TARGET = 64 * 1024; // longer ones are left to Undertow's limits
  private static final int LEADING = 0;
  private static final int METHOD = 1;
  private static final int TARGET = 2;
  private static final int VERSION = 3;
  private static final int DONE = 4;
  private static final byte[] HTTP_1 = {'H', 'T', 'T', 'P', '/', '1', '.'};

  private int state;
  private StringBuilder target; // the target as sent, kept only once a % in it is escaped
  private int targetLength;
  private final byte[] version = new byte[16];
  private int versionLength;
  private boolean rewritten;
  private int heldFrom;
  private boolean abandoned;

  RequestLine() {
    reset();
  }

  /** Ready for the next request's line. */
  void reset() {
    state = LEADING;
    target = null;
    targetLength = 0;
    versionLength = 0;
    rewritten = false;
    heldFrom = -1;
    abandoned = false;
  }

  /** Whether the line's end has gone by. */
  boolean done() {
    return state == DONE;
  }

  /**
   * Whether the version is an HTTP version other than 1.x. A higher minor version is served as 1.1
   * (RFC 9110, 2.5), as Undertow's parser does.
   */
  boolean unsupportedVersion() {
    int length = versionLength;
    while (length > 0 && (version[length - 1] == '\r' || version[length - 1] == ' ')) {
      length--;
    }
    if (length < 5 || !startsWith(HTTP_1, 5)) {
      return false; // no HTTP version at all: Undertow's parser has its say
    }
    boolean http1 =
        length == 8 && startsWith(HTTP_1, HTTP_1.length) && version[7] >= '0' && version[7] <= '9';
    return !http1;
  }

  private boolean startsWith(byte[] prefix, int count) {
    for (int i = 0; i < count; i++) {
      if (version[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The target as the client sent it, if any {@code %} in it was escaped for the parser. */
  String originalTarget() {
    return rewritten && !abandoned ? target.toString() : null;
  }

  /**
   * Where the last {@link #scan} stopped before a {@code %} whose next bytes it hasn't seen, so
   * that the caller holds that tail back for the next read; -1 if it didn't.
   */
  int heldFrom() {
    return heldFrom;
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
    int kept = from; // in the target: the first byte not yet copied into target, once it is kept
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
            kept = i + 1;
          } else if (b == '\n') {
            state = DONE;
          }
        }
        case TARGET -> {
          if (b == ' ' || b == '\r' || b == '\n') {
            if (target != null) {
              keep(buffer, kept, i);
            }
            state = b == ' ' ? VERSION : DONE;
          } else if (++targetLength > MAX_TARGET) {
            abandoned = true;
          } else if (b == '%' && !abandoned) {
            if (undecided(buffer, i + 1, end)) {
              keep(buffer, kept, i);
              heldFrom = i; // the bytes that tell come in a later read: wait for them
              targetLength--; // counted again then
              return end;
            }
            if (startsNoEscape(buffer, i + 1)) {
              if (buffer.limit() - end < 2) {
                abandoned = true; // no room: the parser will refuse it, as before
              } else {
                keep(buffer, kept, i + 1);
                escape(buffer, i, end);
                end += 2;
                i += 2; // past the "25" put in
                kept = i + 1;
              }
            }
          }
        }
        case VERSION -> {
          if (b == '\n') {
            state = DONE;
          } else if (versionLength < version.length) {
            version[versionLength++] = b;
          }
        }
        default -> throw new IllegalStateException("request line in state " + state);
      }
    }
    if (state == TARGET) {
      keep(buffer, kept, end); // the target goes on in the next read, where a % may be escaped
    }
    return end;
  }

  /**
   * Copies bytes of the target as sent. Only a target that is escaped, or that goes on in a later
   * read (where it may be), is copied at all.
   */
  private void keep(ByteBuffer buffer, int from, int to) {
    if (target == null) {
      target = new StringBuilder();
    }
    for (int i = from; i < to; i++) {
      target.append((char) (buffer.get(i) & 0xff));
    }
  }

  /** Whether what follows a {@code %} can't be told yet: the read ends within its two bytes. */
  private static boolean undecided(ByteBuffer buffer, int next, int end) {
    return next >= end || (next + 1 >= end && isHex(buffer.get(next)));
  }

  /** Whether the two bytes after a {@code %} (both read) are not both hex digits. */
  private static boolean startsNoEscape(ByteBuffer buffer, int next) {
    return !isHex(buffer.get(next)) || !isHex(buffer.get(next + 1));
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /** Makes the {@code %} at {@code at} a {@code %25}, moving what follows it by two bytes. */
  private void escape(ByteBuffer buffer, int at, int end) {
    for (int i = end - 1; i > at; i--) {
      buffer.put(i + 2, buffer.get(i));
    }
    buffer.put(at + 1, (byte) '2');
    buffer.put(at + 2, (byte) '5');
    rewritten = true;
  }
}
