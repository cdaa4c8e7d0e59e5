package io.github.modalemulator.internal.dashboard;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The page's live feed: Server-Sent Events, one {@code state} event whenever what the page shows
 * has changed. A thread of its own looks every {@value #PERIOD_MILLIS} ms, and only while a page is
 * connected: an emulator no one watches pays nothing.
 */
final class LiveUpdates implements AutoCloseable {
  static final long PERIOD_MILLIS = 200;

  private final Supplier<String> state;
  private final ServerSentEventHandler handler;
  private ScheduledExecutorService looker; // guarded by this
  private String last; // the looker's thread only
  private boolean closed; // guarded by this

  LiveUpdates(Supplier<String> state) {
    this.state = state;
    this.handler = new ServerSentEventHandler(this::connected);
  }

  HttpHandler handler() {
    return handler;
  }

  private void connected(ServerSentEventConnection connection, String lastEventId) {
    connection.setKeepAliveTime(15_000); // a comment line, so proxies keep the stream open
    synchronized (this) {
      if (closed) {
        connection.shutdown();
        return;
      }
      if (looker == null) {
        looker =
            Executors.newSingleThreadScheduledExecutor(
                task -> {
                  Thread thread = new Thread(task, "modal-dashboard-live");
                  thread.setDaemon(true);
                  return thread;
                });
        looker.scheduleWithFixedDelay(this::look, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
    connection.send(state.get(), "state", null, null);
  }

  private void look() {
    try {
      if (handler.getConnections().isEmpty()) {
        last = null;
        return;
      }
      String now = state.get();
      if (now.equals(last)) {
        return;
      }
      last = now;
      for (ServerSentEventConnection connection : handler.getConnections()) {
        connection.send(now, "state", null, null);
      }
    } catch (RuntimeException e) {
      // A page that went away mid-send; the next round tries again with who is left.
    }
  }

  /** Ends every stream, so the server's graceful stop doesn't wait for open pages. */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      closed = true;
      stopping = looker;
    }
    if (stopping != null) {
      stopping.shutdownNow();
    }
    for (ServerSentEventConnection connection : handler.getConnections()) {
      connection.shutdown();
    }
  }
}
