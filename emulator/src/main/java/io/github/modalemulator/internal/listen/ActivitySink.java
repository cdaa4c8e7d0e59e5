package io.github.modalemulator.internal.listen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/** Tells a {@link WatchedConnection} that its connection wrote: HTTP/2's idle clock counts it. */
final class ActivitySink extends AbstractStreamSinkConduit<StreamSinkConduit> {
  private final WatchedConnection watched;

  ActivitySink(StreamSinkConduit next, WatchedConnection watched) {
    super(next);
    this.watched = watched;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    watched.wrote();
    return next.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    watched.wrote();
    return next.write(srcs, offs, len);
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    watched.wrote();
    return next.writeFinal(src);
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
    watched.wrote();
    return next.writeFinal(srcs, offs, len);
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    watched.wrote();
    return next.transferFrom(src, position, count);
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
      throws IOException {
    watched.wrote();
    return next.transferFrom(source, count, throughBuffer);
  }
}
