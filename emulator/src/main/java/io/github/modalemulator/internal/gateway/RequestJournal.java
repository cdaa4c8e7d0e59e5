package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The requests answered, newest last, at most {@code capacity} and at most {@code maxBytes} of
 * heap: the oldest make room. A ring of slots that a request writes once, without a lock or a queue
 * node; entries are kept in the compact form the request path records, long texts cut short ({@link
 * RecordedText}), and {@link #snapshot()} turns them into public records.
 *
 * <p>Each entry counts the heap it takes (its strings and its share of the public record made of
 * it); the recording thread adds it to the total and, while the total is over the budget, lets the
 * oldest entries go. Whoever takes an entry out of its slot (a newer entry, the budget, a clear)
 * takes its bytes off the total, so the total is exact once the writers are done.
 */
public final class RequestJournal {
  /** The share of the JVM's maximum heap that the journal may take by default: a sixteenth. */
  public static final int HEAP_SHARE = 16;

  /** The smallest default budget, for very small heaps: 1 MiB. */
  public static final long MIN_BYTES = 1L << 20;

  private final int capacity;
  private final long maxBytes;
  private final AtomicReferenceArray<JournalEntry> slots;
  private final AtomicLong next = new AtomicLong(); // the sequence number of the next entry
  private final AtomicLong bytes = new AtomicLong(); // the heap the entries in the slots take
  private final AtomicLong oldest = new AtomicLong(); // entries numbered below it were let go
  private volatile long clearedBefore; // entries numbered below it were cleared
  // The wall clock at one instant of System.nanoTime(): an entry's arrival in wall-clock time is
  // reckoned from its nanoTime, so a request reads the clock once.
  private final long baseNanoTime;
  private final long baseEpochNanos;

  /** A journal of at most {@code capacity} entries, within {@link #defaultBytes()} of heap. */
  public RequestJournal(int capacity) {
    this(capacity, defaultBytes());
  }

  /**
   * A journal of at most {@code capacity} entries and {@code maxBytes} of heap as entries count it.
   * An entry larger than the whole budget is not kept.
   */
  public RequestJournal(int capacity, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a journal's byte budget can't be negative: " + maxBytes);
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.slots = new AtomicReferenceArray<>(Math.max(capacity, 1));
    Instant now = Instant.now();
    this.baseNanoTime = System.nanoTime();
    this.baseEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * The budget for this JVM: its maximum heap ({@code -Xmx}) over {@value #HEAP_SHARE}, at least
   * {@link #MIN_BYTES}: 8 MiB at {@code -Xmx128m}, 64 MiB at 1 GiB.
   */
  public static long defaultBytes() {
    return Math.max(Runtime.getRuntime().maxMemory() / HEAP_SHARE, MIN_BYTES);
  }

  /** The byte budget. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The heap the entries kept take now, as they count it. */
  public long bytes() {
    return bytes.get();
  }

  long epochNanosAt(long nanoTime) {
    return baseEpochNanos + (nanoTime - baseNanoTime);
  }

  void record(JournalEntry entry) {
    if (capacity == 0 || entry.bytes() > maxBytes) {
      return;
    }
    long sequence = next.getAndIncrement();
    entry.sequence = sequence;
    bytes.addAndGet(entry.bytes());
    JournalEntry replaced = slots.getAndSet((int) (sequence % capacity), entry);
    if (replaced != null) {
      bytes.addAndGet(-replaced.bytes());
    }
    while (bytes.get() > maxBytes && letOldestGo(sequence)) {
      // each round lets one entry go, or finds its slot already taken
    }
  }

  /**
   * Lets the oldest entry kept go, older than {@code newest}: false when there is none. Writers
   * racing here each take a different sequence number, so an entry is let go once.
   */
  private boolean letOldestGo(long newest) {
    long first = oldest.get();
    long inRing = newest - capacity + 1; // older ones were overwritten already
    if (first < inRing) {
      oldest.compareAndSet(first, inRing);
      return true;
    }
    if (first >= newest || !oldest.compareAndSet(first, first + 1)) {
      return first < newest;
    }
    int slot = (int) (first % capacity);
    JournalEntry entry = slots.get(slot);
    if (entry != null && entry.sequence == first && slots.compareAndSet(slot, entry, null)) {
      bytes.addAndGet(-entry.bytes());
    }
    return true;
  }

  /** The first sequence number that may still be kept. */
  private long start(long end) {
    return Math.max(Math.max(Math.max(end - capacity, 0), clearedBefore), oldest.get());
  }

  /** The entries kept, oldest first; an entry still being written is left out. */
  public List<RecordedRequest> snapshot() {
    long end = next.get();
    long start = start(end);
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
    long start = Math.max(start(end), after + 1);
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
    if (sequence < 0 || sequence < clearedBefore || sequence < oldest.get() || capacity == 0) {
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
      if (entry != null && entry.sequence < clearedBefore && slots.compareAndSet(i, entry, null)) {
        bytes.addAndGet(-entry.bytes());
      }
    }
  }
}
