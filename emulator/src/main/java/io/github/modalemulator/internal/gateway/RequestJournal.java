package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests answered, newest last, at most {@code capacity}: the oldest make room. Entries are
 * kept in the compact form the request path records; {@link #snapshot()} turns them into the public
 * records, so a request pays for a copy of its headers but not for maps of them.
 */
public final class RequestJournal {
  private final int capacity;
  private final ConcurrentLinkedQueue<JournalEntry> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  // The wall clock at one instant of System.nanoTime(): an entry's arrival in wall-clock time is
  // reckoned from its nanoTime, so a request reads the clock once.
  private final long baseNanoTime;
  private final long baseEpochNanos;

  public RequestJournal(int capacity) {
    this.capacity = capacity;
    Instant now = Instant.now();
    this.baseNanoTime = System.nanoTime();
    this.baseEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  long epochNanosAt(long nanoTime) {
    return baseEpochNanos + (nanoTime - baseNanoTime);
  }

  void record(JournalEntry entry) {
    if (capacity == 0) {
      return;
    }
    entries.add(entry);
    if (size.incrementAndGet() > capacity && entries.poll() != null) {
      size.decrementAndGet();
    }
  }

  public List<RecordedRequest> snapshot() {
    List<RecordedRequest> requests = new ArrayList<>(size.get());
    for (JournalEntry entry : entries) {
      requests.add(entry.toRecord());
    }
    return List.copyOf(requests);
  }

  public void clear() {
    while (entries.poll() != null) {
      size.decrementAndGet();
    }
  }
}
