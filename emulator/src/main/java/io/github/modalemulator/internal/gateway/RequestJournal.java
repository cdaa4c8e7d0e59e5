package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The requests answered, newest last, at most {@code capacity}: the oldest make room. A ring of
 * slots that a request writes once, without a lock or a queue node; entries are kept in the compact
 * form the request path records, and {@link #snapshot()} turns them into public records.
 */
public final class RequestJournal {
  private final int capacity;
  private final AtomicReferenceArray<JournalEntry> slots;
  private final AtomicLong next = new AtomicLong(); // the sequence number of the next entry
  private volatile long clearedBefore; // entries numbered below it were cleared
  // The wall clock at one instant of System.nanoTime(): an entry's arrival in wall-clock time is
  // reckoned from its nanoTime, so a request reads the clock once.
  private final long baseNanoTime;
  private final long baseEpochNanos;

  public RequestJournal(int capacity) {
    this.capacity = capacity;
    this.slots = new AtomicReferenceArray<>(Math.max(capacity, 1));
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
    long sequence = next.getAndIncrement();
    entry.sequence = sequence;
    slots.set((int) (sequence % capacity), entry);
  }

  /** The entries kept, oldest first; an entry still being written is left out. */
  public List<RecordedRequest> snapshot() {
    long end = next.get();
    long start = Math.max(Math.max(end - capacity, 0), clearedBefore);
    List<RecordedRequest> requests = new ArrayList<>((int) Math.max(end - start, 0));
    for (long sequence = start; sequence < end; sequence++) {
      JournalEntry entry = slots.get((int) (sequence % capacity));
      if (entry != null && entry.sequence == sequence) {
        requests.add(entry.toRecord());
      }
    }
    return List.copyOf(requests);
  }

  /** The number the next entry will get: every entry kept is numbered below it. */
  public long nextSequence() {
    return next.get();
  }

  /** An entry with its sequence number, which names it for as long as the journal keeps it. */
  public record Numbered(long sequence, RecordedRequest request) {}

  /** The entries kept numbered from {@code after + 1} on, oldest first. */
  public List<Numbered> numbered(long after) {
    long end = next.get();
    long start = Math.max(Math.max(Math.max(end - capacity, 0), clearedBefore), after + 1);
    List<Numbered> requests = new ArrayList<>((int) Math.max(end - start, 0));
    for (long sequence = start; sequence < end; sequence++) {
      JournalEntry entry = slots.get((int) (sequence % capacity));
      if (entry != null && entry.sequence == sequence) {
        requests.add(new Numbered(sequence, entry.toRecord()));
      }
    }
    return requests;
  }

  /** The entry of that number, while the journal keeps it. */
  public Optional<RecordedRequest> find(long sequence) {
    if (sequence < 0 || sequence < clearedBefore || capacity == 0) {
      return Optional.empty();
    }
    JournalEntry entry = slots.get((int) (sequence % capacity));
    return entry != null && entry.sequence == sequence
        ? Optional.of(entry.toRecord())
        : Optional.empty();
  }

  /**
   * The path of that entry as its client sent it, percent-encoded (a record's path is decoded),
   * while the journal keeps it: what repeats the request exactly.
   */
  public Optional<String> rawPath(long sequence) {
    if (sequence < 0 || sequence < clearedBefore || capacity == 0) {
      return Optional.empty();
    }
    JournalEntry entry = slots.get((int) (sequence % capacity));
    return entry != null && entry.sequence == sequence
        ? Optional.of(entry.rawPath())
        : Optional.empty();
  }

  public void clear() {
    clearedBefore = next.get();
    // Let the entries go too, not only hide them: a cleared journal holds no memory.
    for (int i = 0; i < slots.length(); i++) {
      JournalEntry entry = slots.get(i);
      if (entry != null && entry.sequence < clearedBefore) {
        slots.compareAndSet(i, entry, null);
      }
    }
  }
}
