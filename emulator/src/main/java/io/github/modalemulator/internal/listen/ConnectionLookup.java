package io.github.modalemulator.internal.listen;

import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import org.xnio.StreamConnection;

/**
 * How the first handler of a request finds the {@link WatchedConnection} of the connection it came
 * on. The watch is put under the connection before Undertow makes its own connection object, so it
 * can't be attached there up front. A connection's first request, though, is parsed from bytes read
 * just before the handler runs, on the same I/O thread: the lookup of the connection last read on
 * this thread is the one it needs, and from then on the watch is attached to Undertow's connection.
 */
final class ConnectionLookup {
  private static final AttachmentKey<WatchedConnection> KEY =
      AttachmentKey.create(WatchedConnection.class);
  private static final ThreadLocal<ConnectionLookup> LAST_READ = new ThreadLocal<>();

  private final StreamConnection connection;
  private final WatchedConnection watched;
  private boolean found; // attached to Undertow's connection: LAST_READ is no longer needed

  ConnectionLookup(StreamConnection connection, WatchedConnection watched) {
    this.connection = connection;
    this.watched = watched;
  }

  /** Bytes of this connection were just read, on this thread. */
  void read() {
    if (!found) {
      LAST_READ.set(this);
    }
  }

  /** The watch of the connection a request came on; null if it has none. */
  static WatchedConnection of(HttpServerConnection connection) {
    WatchedConnection watched = connection.getAttachment(KEY);
    if (watched == null) {
      ConnectionLookup last = LAST_READ.get();
      if (last != null && last.connection == connection.getChannel()) {
        connection.putAttachment(KEY, last.watched);
        last.found = true;
        watched = last.watched;
      }
    }
    return watched;
  }
}
