package io.github.modalemulator.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The headers of a {@link RecordedRequest}, as the function received them, names matched without
 * regard to case. Proxy auth credentials ({@code Modal-Key}, {@code Modal-Secret}) are never
 * recorded. A copy, made when the request is recorded: what the app does to the request later does
 * not change it.
 */
public final class RecordedHeaders {
  private final Map<String, List<String>> map;

  private RecordedHeaders(Map<String, List<String>> map) {
    this.map = map;
  }

  /**
   * Headers from names (matched without regard to case) to their values, in order; the journal
   * makes them from what a request carried.
   */
  public static RecordedHeaders of(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          List<String> all = copy.get(name.toLowerCase(Locale.ROOT));
          if (all == null) {
            copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
          } else {
            List<String> more = new ArrayList<>(all);
            more.addAll(values);
            copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(more));
          }
        });
    return new RecordedHeaders(Collections.unmodifiableMap(copy));
  }

  /** The first value of a header, if the request had it. */
  public Optional<String> first(String name) {
    List<String> values = asMap().get(name.toLowerCase(Locale.ROOT));
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a header, in order; empty if the request had none. */
  public List<String> all(String name) {
    return asMap().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Names in lower case, with their values, in the order they came. */
  public Map<String, List<String>> asMap() {
    return map;
  }

  @Override
  public String toString() {
    return map.toString();
  }
}
