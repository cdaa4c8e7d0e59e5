package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.RecordedRequest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** The requests answered, newest last, at most {@code capacity}: the oldest make room. */
public final class RequestJournal {
  private final int capacity;
  private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  public RequestJournal(int capacity) {
    this.capacity = capacity;
  }

  void record(RecordedRequest request) {
    if (capacity == 0) {
      return;
    }
    entries.add(request);
    if (size.incrementAndGet() > capacity && entries.poll() != null) {
      size.decrementAndGet();
    }
  }

  public List<RecordedRequest> snapshot() {
    return List.copyOf(entries);
  }

  public void clear() {
    while (entries.poll() != null) {
      size.decrementAndGet();
    }
  }
}
