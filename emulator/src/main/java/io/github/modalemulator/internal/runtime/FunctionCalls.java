package io.github.modalemulator.internal.runtime;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** The emulator's diverted calls by id, the newest {@value #CAPACITY} kept. */
public final class FunctionCalls {
  /** How many calls are kept. */
  public static final int CAPACITY = 1000;

  /** The query parameter of a 303's result URL. */
  public static final String ID_PARAMETER = "__modal_function_call_id";

  /**
   * Made with the first id: seeding a {@code SecureRandom} loads the security providers, start-up
   * time that a server whose code makes no calls need not pay.
   */
  private static final class Random {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final Map<String, FunctionCall> calls =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FunctionCall> eldest) {
          return size() > CAPACITY;
        }
      };

  /** A new call of {@code function}, not yet findable: see {@link #register(FunctionCall)}. */
  FunctionCall create(String function) {
    StringBuilder id = new StringBuilder("fc-");
    for (int i = 0; i < 26; i++) {
      id.append(ALPHABET[Random.RANDOM.nextInt(ALPHABET.length)]);
    }
    return new FunctionCall(id.toString(), function);
  }

  synchronized void register(FunctionCall call) {
    calls.put(call.id(), call);
  }

  public synchronized FunctionCall find(String id) {
    return calls.get(id);
  }
}
