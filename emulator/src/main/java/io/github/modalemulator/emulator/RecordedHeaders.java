package io.github.modalemulator.emulator;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
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
 * recorded. Read when asked: the journal keeps the request's header map, not a copy of it.
 */
public final class RecordedHeaders {
  private static final HttpString MODAL_KEY = new HttpString("Modal-Key");
  private static final HttpString MODAL_SECRET = new HttpString("Modal-Secret");

  static final RecordedHeaders NONE = new RecordedHeaders(null);

  private final HeaderMap headers; // not changed once its exchange has ended
  private volatile Map<String, List<String>> map;

  private RecordedHeaders(HeaderMap headers) {
    this.headers = headers;
  }

  /** The headers of an exchange that has ended. */
  public static RecordedHeaders of(HeaderMap headers) {
    return headers == null ? NONE : new RecordedHeaders(headers);
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
    Map<String, List<String>> result = map;
    if (result == null) {
      Map<String, List<String>> built = new LinkedHashMap<>();
      if (headers != null) {
        for (HeaderValues values : headers) {
          HttpString name = values.getHeaderName();
          if (name.equals(MODAL_KEY) || name.equals(MODAL_SECRET)) {
            continue;
          }
          built
              .computeIfAbsent(name.toString().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .addAll(values);
        }
      }
      built.replaceAll((k, v) -> List.copyOf(v));
      result = Collections.unmodifiableMap(built);
      map = result;
    }
    return result;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
