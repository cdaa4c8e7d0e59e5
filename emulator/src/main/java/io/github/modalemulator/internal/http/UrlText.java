package io.github.modalemulator.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding as Python's {@code urllib.parse.unquote} does it, which is what the cloud's
 * Starlette and uvicorn apply: {@code %XX} escapes become bytes read as UTF-8 (U+FFFD where they
 * aren't), and a {@code %} that starts no escape stays as it is.
 */
public final class UrlText {
  private UrlText() {}

  /** {@code unquote(text)}. */
  public static String unquote(String text) {
    return decode(text, false, false);
  }

  /**
   * Decodes {@code text}.
   *
   * @param plusIsSpace whether {@code +} is a space (form encoding, as in query strings)
   * @param keepEncodedSlash whether {@code %2F} stays as it is (so a decoded path keeps its
   *     segments)
   */
  public static String decode(String text, boolean plusIsSpace, boolean keepEncodedSlash) {
    int first = firstSpecial(text, plusIsSpace);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, first);
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    int i = first;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        int value = Integer.parseInt(text.substring(i + 1, i + 3), 16);
        if (!(keepEncodedSlash && value == '/')) {
          pending.write(value);
          i += 3;
          continue;
        }
      }
      if (pending.size() > 0) {
        out.append(new String(pending.toByteArray(), StandardCharsets.UTF_8));
        pending.reset();
      }
      out.append(plusIsSpace && c == '+' ? ' ' : c);
      i++;
    }
    if (pending.size() > 0) {
      out.append(new String(pending.toByteArray(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** Whether {@link #decode} would change {@code text}: it holds a {@code %} (or a {@code +}). */
  public static boolean encoded(String text, boolean plusIsSpace) {
    return firstSpecial(text, plusIsSpace) >= 0;
  }

  private static int firstSpecial(String text, boolean plusIsSpace) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || (plusIsSpace && c == '+')) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isHex(String text, int at) {
    return at < text.length() && text.charAt(at) < 128 && Character.digit(text.charAt(at), 16) >= 0;
  }
}
