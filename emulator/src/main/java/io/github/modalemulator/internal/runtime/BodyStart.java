package io.github.modalemulator.internal.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Tells an input when the app first reads bytes of its request's body: the cloud's client library
 * answers 408 to a request whose body doesn't start in time ({@link Deadlines#firstMessageDue}),
 * and tells the app its client disconnected; here the app's next read fails.
 */
final class BodyStart extends AbstractStreamSourceConduit<StreamSourceConduit> {
  private final InputState state;
  private boolean started;

  BodyStart(StreamSourceConduit next, InputState state) {
    super(next);
    this.state = state;
  }

  private long noted(long read) {
    if (read != 0 && !started) {
      started = true; // bytes, or the body's end
      state.bodyStarted();
    }
    return read;
  }

  private void checkClient() throws IOException {
    if (state.bodyMissed()) {
      throw new IOException(
          "the client disconnected: its request body did not start in time, and it got the 408 of"
              + " the cloud's client library");
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    checkClient();
    return (int) noted(next.read(dst));
  }

  @Override
  public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
    checkClient();
    return noted(next.read(dsts, offs, len));
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    checkClient();
    return noted(next.transferTo(position, count, target));
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
      throws IOException {
    checkClient();
    long read = next.transferTo(count, throughBuffer, target);
    // Bytes read but left in the buffer for the target count as started too.
    noted(read == 0 && throughBuffer.hasRemaining() ? 1 : read);
    return read;
  }
}
