package io.github.modalemulator.internal.calls;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The calls one emulator made, by id: the newest {@value #CAPACITY} kept with their results, for
 * {@code FunctionCall.from_id}, assertions and the dashboard. An older call's id is then unknown,
 * as an expired one is in the cloud.
 */
public final class CallLedger {
  /** How many calls are kept. */
  public static final int CAPACITY = 10_000;

  /** How many of a generator's items its record keeps. */
  static final int ITEMS_KEPT = 1000;

  /**
   * Made with the first id: seeding a {@code SecureRandom} loads the security providers, start-up
   * time that a server whose code makes no calls need not pay.
   */
  private static final class Random {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  /** A call and what reads its result. */
  public record Entry(CallRecord record, Invocation invocation, long number) {}

  private long added;

  private final Map<String, Entry> calls =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > CAPACITY;
        }
      };

  /** A new call id, as the cloud's: {@code fc-} and 26 characters. */
  public static String newId() {
    StringBuilder id = new StringBuilder("fc-");
    for (int i = 0; i < 26; i++) {
      id.append(ALPHABET[Random.RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  public synchronized void add(CallRecord record, Invocation invocation) {
    calls.put(record.id(), new Entry(record, invocation, ++added));
  }

  /** How many calls were made so far: a mark for {@link #recordsAfter}. */
  public synchronized long mark() {
    return added;
  }

  public synchronized Entry find(String id) {
    return calls.get(id);
  }

  /**
   * The newest records first, at most {@code limit}, that {@code filter} accepts. The ledger is
   * locked only to copy its entries: callers adding calls never wait on the filter.
   */
  public List<CallRecord> newest(Predicate<CallRecord> filter, int limit) {
    Entry[] all;
    synchronized (this) {
      all = calls.values().toArray(new Entry[0]);
    }
    List<CallRecord> found = new ArrayList<>();
    for (int i = all.length - 1; i >= 0 && found.size() < limit; i--) {
      if (filter.test(all[i].record())) {
        found.add(all[i].record());
      }
    }
    return found;
  }

  /** The records that {@code filter} accepts, oldest first. */
  public synchronized List<CallRecord> records(Predicate<CallRecord> filter) {
    return recordsAfter(0, filter);
  }

  /**
   * The records that {@code filter} accepts of the calls made after {@code mark} (a {@link #mark()}
   * taken earlier), oldest first; the calls before it are still found by id.
   */
  public synchronized List<CallRecord> recordsAfter(long mark, Predicate<CallRecord> filter) {
    List<CallRecord> found = new ArrayList<>();
    for (Entry entry : calls.values()) {
      if (entry.number() > mark && filter.test(entry.record())) {
        found.add(entry.record());
      }
    }
    return found;
  }
}
