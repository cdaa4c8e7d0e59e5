package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.RecordedHeaders;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.internal.runtime.InputState;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request's journal entry: recorded once, as the response headers go out (so a client that has
 * its answer finds its request in the journal), or as the exchange ends without a response. What it
 * records is copied then, long texts cut short ({@link RecordedText}), and its heap counted for the
 * journal's byte budget; the public record is made only when someone asks.
 */
final class JournalEntry implements ResponseCommitListener, ExchangeCompletionListener {
  private static final HttpString MODAL_KEY = ProxyAuthHandler.MODAL_KEY;
  private static final HttpString MODAL_SECRET = ProxyAuthHandler.MODAL_SECRET;
  private static final VarHandle RECORDED;

  // The heap an entry takes besides its own strings, rounded up: this object and its array, and
  // the public record made of it when someone asks (a map entry, a list and a lower-case name per
  // header), which it keeps.
  private static final int ENTRY_BYTES = 320;
  private static final int HEADER_BYTES = 112;

  static {
    try {
      RECORDED =
          MethodHandles.lookup().findVarHandle(JournalEntry.class, "recorded", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RequestJournal journal;
  private final String app;
  private final String function;
  private String host; // as received until recorded
  private final long began;

  @SuppressWarnings("unused") // set through RECORDED
  private volatile boolean recorded;

  // Set once, when recorded, before the entry is published to the journal.
  private String method;
  private String path;
  private String rawPath; // as the client sent it, percent-encoded; path itself when the same
  private String query;
  private int status;
  private long duration;
  private String containerId;
  private boolean coldStart;
  private String[] headers; // name, value, name, value...
  private long bytes; // the heap it takes
  private RecordedRequest asRecord; // made once, when first asked for
  volatile long sequence = -1; // its place in the journal, set as it is stored

  JournalEntry(RequestJournal journal, String app, String function, String host, long began) {
    this.journal = journal;
    this.app = app;
    this.function = function;
    this.host = host;
    this.began = began;
  }

  @Override
  public void beforeCommit(HttpServerExchange exchange) {
    record(exchange);
  }

  @Override
  public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
    try {
      record(exchange);
    } finally {
      next.proceed();
    }
  }

  private void record(HttpServerExchange exchange) {
    if (!RECORDED.compareAndSet(this, false, true)) {
      return;
    }
    duration = System.nanoTime() - began;
    RecordedText text = new RecordedText();
    host = text.keep(host);
    method = text.keepShared(exchange.getRequestMethod().toString());
    String decoded = exchange.getRequestPath();
    path = text.keep(decoded);
    String raw = exchange.getRequestURI();
    rawPath = raw.equals(decoded) || !raw.startsWith("/") ? path : text.keep(raw);
    query = text.keep(exchange.getQueryString());
    status = InputState.statusSent(exchange);
    containerId = InputState.containerId(exchange);
    coldStart = InputState.coldStart(exchange);
    headers = copy(exchange.getRequestHeaders(), text);
    bytes = ENTRY_BYTES + (long) headers.length * HEADER_BYTES / 2 + text.bytes();
    journal.record(this);
  }

  /** The heap this entry takes, once recorded. */
  long bytes() {
    return bytes;
  }

  /**
   * The headers as the function received them, without proxy auth credentials; long names and
   * values cut short.
   */
  private static String[] copy(HeaderMap map, RecordedText text) {
    int count = 0;
    for (long cookie = map.fastIterateNonEmpty();
        cookie != -1L;
        cookie = map.fiNextNonEmpty(cookie)) {
      count += map.fiCurrent(cookie).size();
    }
    String[] copy = new String[count * 2];
    int at = 0;
    for (long cookie = map.fastIterateNonEmpty();
        cookie != -1L;
        cookie = map.fiNextNonEmpty(cookie)) {
      HeaderValues values = map.fiCurrent(cookie);
      HttpString name = values.getHeaderName();
      if (name.equals(MODAL_KEY) || name.equals(MODAL_SECRET)) {
        continue;
      }
      String kept = text.keepName(name.toString());
      for (String value : values) {
        copy[at++] = kept;
        copy[at++] = text.keep(value);
      }
    }
    return at == copy.length ? copy : Arrays.copyOf(copy, at);
  }

  /** The path as the client sent it, escapes and all; the record's path is decoded. */
  String rawPath() {
    return rawPath;
  }

  RecordedRequest toRecord() {
    RecordedRequest made = asRecord;
    if (made == null) {
      made = makeRecord();
      asRecord = made; // immutable, so a race makes two equal records at worst
    }
    return made;
  }

  private RecordedRequest makeRecord() {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      byName
          .computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), n -> new ArrayList<>(1))
          .add(headers[i + 1]);
    }
    return new RecordedRequest(
        app,
        function,
        host,
        method,
        path,
        query,
        status,
        Instant.ofEpochSecond(0, journal.epochNanosAt(began)),
        Duration.ofNanos(duration),
        containerId,
        coldStart,
        RecordedHeaders.of(byName));
  }
}
