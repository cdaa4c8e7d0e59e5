package io.github.modalemulator.internal.dashboard;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.AttachmentKey;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The page's live feed: Server-Sent Events, one {@code state} event whenever what the page shows
 * has changed. A thread of its own looks every {@value #PERIOD_MILLIS} ms, and only while a page is
 * connected: an emulator no one watches pays nothing.
 *
 * <p>A stream holds at most one state not yet written: while its last one is unsent (a page that
 * reads slowly, or a client that never reads), newer states are not queued behind it; once it has
 * gone out, the stream gets the state of that moment. A stream whose state has not gone out within
 * {@value #STALL_LIMIT_MILLIS} ms is closed (a browser's {@code EventSource} connects again and
 * starts from a fresh state). Undertow's own queue has no bound: a stalled stream under steady
 * traffic ran a 128 MiB heap out in seconds.
 */
final class LiveUpdates implements AutoCloseable {
  static final long PERIOD_MILLIS = 200;
  static final long STALL_LIMIT_MILLIS = 30_000;

  private static final AttachmentKey<Stream> STREAM = AttachmentKey.create(Stream.class);

  private final Supplier<String> state;
  private final long stallLimitNanos;
  private final ServerSentEventHandler handler;
  private ScheduledExecutorService looker; // guarded by this
  private String last; // the looker's thread only
  private boolean closed; // guarded by this

  /** One stream's state in flight: set as a state is handed to Undertow, cleared once written. */
  private static final class Stream implements ServerSentEventConnection.EventCallback {
    private volatile boolean sending;
    private volatile long since; // when the state in flight was handed over
    private volatile boolean missed; // a newer state came while one was in flight

    @Override
    public void done(ServerSentEventConnection connection, String data, String event, String id) {
      sending = false;
    }

    @Override
    public void failed(
        ServerSentEventConnection connection, String data, String event, String id, IOException e) {
      sending = false;
    }
  }

  LiveUpdates(Supplier<String> state) {
    this(state, STALL_LIMIT_MILLIS);
  }

  LiveUpdates(Supplier<String> state, long stallLimitMillis) {
    this.state = state;
    this.stallLimitNanos = TimeUnit.MILLISECONDS.toNanos(stallLimitMillis);
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
    // In flight before the looker can see it: a round that read an older state marks it missed
    // instead of sending it after this one, which would leave the page on the older state.
    Stream stream = new Stream();
    String first = state.get();
    inFlight(stream);
    connection.putAttachment(STREAM, stream);
    connection.send(first, "state", null, stream);
  }

  private void look() {
    try {
      if (handler.getConnections().isEmpty()) {
        last = null;
        return;
      }
      String now = state.get();
      boolean changed = !now.equals(last);
      last = now;
      long time = System.nanoTime();
      for (ServerSentEventConnection connection : handler.getConnections()) {
        Stream stream = connection.getAttachment(STREAM);
        if (stream == null) {
          continue; // connected a moment ago: its first state is on the way
        }
        if (stream.sending) {
          stream.missed |= changed;
          if (time - stream.since > stallLimitNanos) {
            close(connection);
          }
        } else if (changed || stream.missed) {
          send(connection, stream, now);
        }
      }
    } catch (RuntimeException e) {
      // A page that went away mid-send; the next round tries again with who is left.
    }
  }

  private static void send(ServerSentEventConnection connection, Stream stream, String state) {
    inFlight(stream);
    connection.send(state, "state", null, stream);
  }

  private static void inFlight(Stream stream) {
    stream.missed = false;
    stream.since = System.nanoTime();
    stream.sending = true;
  }

  /** Closes a stream at once: a graceful shutdown would wait for the unsent state forever. */
  private static void close(ServerSentEventConnection connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // closed all the same
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
      Stream stream = connection.getAttachment(STREAM);
      if (stream != null && stream.sending) {
        close(connection); // its unsent state would hold the shutdown until the stop timeout
      } else {
        connection.shutdown();
      }
    }
  }
}
