package io.github.modalemulator.internal.runtime.fastapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query strings decoded as Starlette decodes them (Python's {@code urllib.parse}): a {@code %} that
 * starts no escape stays as it is, bytes that are not UTF-8 read as U+FFFD. (Undertow's parser
 * refuses such a {@code %} with a 400 before any handler runs, so only valid escapes get here; the
 * rest, blank values and the order of keys, are Starlette's.)
 */
final class PythonUrl {
  private PythonUrl() {}

  /** {@code urllib.parse.unquote}: {@code %XX} escapes to UTF-8 text, anything else kept. */
  static String unquote(String text) {
    int percent = text.indexOf('%');
    if (percent < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, percent);
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    int i = percent;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        pending.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      if (pending.size() > 0) {
        out.append(new String(pending.toByteArray(), StandardCharsets.UTF_8));
        pending.reset();
      }
      out.append(c);
      i++;
    }
    if (pending.size() > 0) {
      out.append(new String(pending.toByteArray(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static boolean isHex(String text, int at) {
    return at < text.length() && Character.digit(text.charAt(at), 16) >= 0 && text.charAt(at) < 128;
  }

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
          .computeIfAbsent(unquote(name.replace('+', ' ')), k -> new ArrayList<>())
          .add(unquote(value.replace('+', ' ')));
    }
    return params;
  }
}
