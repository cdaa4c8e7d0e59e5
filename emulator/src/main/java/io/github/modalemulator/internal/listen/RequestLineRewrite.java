package io.github.modalemulator.internal.listen;

import java.nio.ByteBuffer;

/**
 * The request line of the request whose head is being read, read and rewritten in the bytes as they
 * are read ({@link RequestLine}). A {@code %} at the end of a read can't be decided until the next
 * bytes come: it is held back, with what followed it, and handed on first at the next read.
 */
final class RequestLineRewrite {
  private final RequestLine reusable =
      new RequestLine(); // the one line object, a request at a time
  private RequestLine line; // the line being read, or null between requests
  private byte[] held;

  /** A request's head begins with the next byte. */
  void begin() {
    reusable.reset();
    line = reusable;
  }

  /** Whether bytes are held back for the next read. */
  boolean holding() {
    return held != null;
  }

  /** Whether {@code dst} has room for the held bytes, which go before anything else. */
  boolean roomFor(ByteBuffer dst) {
    return held == null || dst.remaining() >= held.length;
  }

  /**
   * Puts the held bytes into {@code dst}.
   *
   * @return how many
   */
  int giveHeld(ByteBuffer dst) {
    if (held == null) {
      return 0;
    }
    dst.put(held);
    int given = held.length;
    held = null;
    return given;
  }

  /**
   * Reads the line in the {@code count} bytes of {@code dst} from {@code start} to its position,
   * escaping there what needs it and holding back an undecided tail.
   *
   * @return how many bytes {@code dst} now hands on from {@code start}
   */
  int rewrite(ByteBuffer dst, int start, int count) {
    if (count <= 0 || line == null || line.done()) {
      return count;
    }
    int end = line.scan(dst, start, dst.position());
    count += end - dst.position();
    dst.position(end);
    if (line.heldFrom() >= 0) {
      held = new byte[end - line.heldFrom()];
      dst.get(line.heldFrom(), held);
      dst.position(line.heldFrom());
      count -= held.length;
    }
    return count;
  }

  /**
   * The head has been parsed.
   *
   * @return its line as read, if it was read whole here (not with an earlier request)
   */
  RequestLine take() {
    RequestLine read = line;
    line = null;
    return read != null && read.done() ? read : null;
  }
}
