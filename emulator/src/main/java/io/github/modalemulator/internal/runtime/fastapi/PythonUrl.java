package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.internal.http.UrlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query strings decoded as Starlette decodes them (Python's {@code urllib.parse}): a {@code %} that
 * starts no escape stays as it is, bytes that are not UTF-8 read as U+FFFD; blank values and the
 * order of keys are Starlette's.
 */
final class PythonUrl {
  private PythonUrl() {}

  /**
   * {@code parse_qsl(query, keep_blank_values=True)}: pairs split at {@code &}, a name without
   * {@code =} has an empty value, {@code +} is a space, empty pairs are skipped; keys in the order
   * they first appear, values in order.
   */
  static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      params
          .computeIfAbsent(UrlText.unquote(name.replace('+', ' ')), k -> new ArrayList<>())
          .add(UrlText.unquote(value.replace('+', ' ')));
    }
    return params;
  }
}
