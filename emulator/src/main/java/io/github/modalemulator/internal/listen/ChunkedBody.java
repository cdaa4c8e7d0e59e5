package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.BodyTooLargeException;
import io.github.modalemulator.internal.http.MalformedBodyException;
import java.nio.ByteBuffer;

/**
 * The chunked body being read on a connection, followed by a {@link ChunkScanner} below Undertow's
 * chunk reader. A size over the limit, or a broken framing, is refused before that reader takes it:
 * the refusal goes to the body's {@link BodyLimit}, and the connection reads no more.
 */
final class ChunkedBody {
  private ChunkScanner scanner; // while a chunked body is read (or drained)
  private BodyLimit limit;
  private boolean refused;

  /**
   * A chunked body is about to be read; Undertow may hold its first bytes already, read with the
   * head, which are checked here.
   *
   * @throws BodyTooLargeException if a chunk size in {@code alreadyRead} is over the limit
   * @throws MalformedBodyException if the framing in {@code alreadyRead} is broken
   */
  void expect(BodyLimit limit, ByteBuffer alreadyRead)
      throws BodyTooLargeException, MalformedBodyException {
    ChunkScanner scanning = new ChunkScanner(limit.bytes());
    if (alreadyRead != null) {
      scanning.scan(alreadyRead, alreadyRead.position(), alreadyRead.limit());
    }
    if (!scanning.done()) {
      scanner = scanning;
      this.limit = limit;
    }
  }

  /**
   * A new request's head was parsed: the previous body was read to its end, or the connection would
   * be closed. (A scanner stays on until then: Undertow drains a body its handler left unread, and
   * a size its reader misread there would make the body's tail a request of its own.)
   */
  void requestStarted() {
    scanner = null;
    limit = null;
  }

  /** Whether a body was refused: the connection reads no more. */
  boolean refused() {
    return refused;
  }

  /**
   * Follows bytes just read.
   *
   * @return false if they are refused: none of the body's bytes from here on may reach Undertow's
   *     chunk reader, which would misread them
   */
  boolean pass(ByteBuffer bytes, int from, int to) {
    if (scanner == null) {
      return true;
    }
    try {
      scanner.scan(bytes, from, to);
    } catch (BodyTooLargeException | MalformedBodyException refusal) {
      limit.refuse(refusal);
      scanner = null;
      limit = null;
      refused = true;
      return false;
    }
    if (scanner.done()) {
      scanner = null;
      limit = null;
    }
    return true;
  }
}
