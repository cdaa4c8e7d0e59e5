package io.github.modalemulator.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Counts a body of unknown length against its {@link BodyLimit} as it is read, and throws a refusal
 * recorded below it. Undertow's own limit closes the connection mid-request, leaving the client no
 * answer; this one fails the read instead, so that an answer can still be sent.
 */
final class CountingConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
  private final BodyLimit limit;
  private boolean failed; // Undertow drains what is left when the exchange ends: nothing is

  CountingConduit(StreamSourceConduit next, BodyLimit limit) {
    super(next);
    this.limit = limit;
  }

  private long count(long read) throws IOException {
    IOException refusal = limit.refusal();
    if (refusal != null) {
      // Refused below the chunk reader, which then had nothing to give (a read of 0 bytes).
      failed = true;
      throw refusal;
    }
    if (read > 0) {
      try {
        limit.count(read);
      } catch (BodyTooLargeException tooLarge) {
        failed = true;
        throw tooLarge;
      }
    }
    return read;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return failed ? -1 : (int) count(next.read(dst));
  }

  @Override
  public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
    return failed ? -1 : count(next.read(dsts, offs, len));
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    return failed ? -1 : count(next.transferTo(position, count, target));
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
      throws IOException {
    return failed ? -1 : count(next.transferTo(count, throughBuffer, target));
  }
}
