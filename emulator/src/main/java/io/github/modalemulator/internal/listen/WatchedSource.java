package io.github.modalemulator.internal.listen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The conduit that puts a {@link WatchedConnection} under Undertow's parser: every read of the
 * connection goes through the watch, and tells the {@link ConnectionLookup} that this connection
 * was read on this thread.
 */
final class WatchedSource extends AbstractStreamSourceConduit<StreamSourceConduit> {
  private final WatchedConnection watched;
  private final ConnectionLookup lookup;
  // Made once: a method reference written at each read would be a new object per read.
  private final WatchedConnection.Source reads;
  private final WatchedConnection.ScatterSource scatteredReads;

  private WatchedSource(
      StreamSourceConduit next, WatchedConnection watched, ConnectionLookup lookup) {
    super(next);
    this.watched = watched;
    this.lookup = lookup;
    this.reads = next::read;
    this.scatteredReads = next::read;
  }

  /** Puts a watch under a connection just accepted, before Undertow wraps it. */
  static void install(StreamConnection connection, long headerMillis, long idleMillis) {
    WatchedConnection watched =
        new WatchedConnection(
            Wire.of(connection, connection.getSinkChannel().getConduit()),
            Ticker.of(connection.getIoThread()),
            headerMillis,
            idleMillis);
    ConnectionLookup lookup = new ConnectionLookup(connection, watched);
    connection
        .getSourceChannel()
        .setConduit(new WatchedSource(connection.getSourceChannel().getConduit(), watched, lookup));
    connection
        .getSinkChannel()
        .setConduit(new ActivitySink(connection.getSinkChannel().getConduit(), watched));
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int read = watched.read(dst, reads);
    noted(read);
    return read;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
    long read = watched.read(dsts, offs, len, scatteredReads);
    noted(read);
    return read;
  }

  private void noted(long read) {
    if (read > 0 && watched.watching()) {
      lookup.read();
    }
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    if (watched.standsAside()) {
      return next.transferTo(position, count, target);
    }
    return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
      throws IOException {
    if (watched.standsAside()) {
      return next.transferTo(count, throughBuffer, target);
    }
    return Conduits.transfer(this, count, throughBuffer, target);
  }
}
