package io.github.modalemulator.internal.runtime.fastapi;

/**
 * Where and why Python's {@code json.loads} (CPython 3.11, as the reference images run it) refuses
 * a text, so that a 422's {@code json_invalid} names the same position and message. Jackson finds
 * the same bad texts but words and places them differently; this scanner only judges, Jackson still
 * builds the value.
 */
final class PythonJsonSyntax {
  /**
   * Python's decoder recurses once per nested array or object and gives up near its recursion limit
   * (1000 frames, a few of them taken by the server); deeper input is a parse failure, not a 422.
   */
  static final int MAX_DEPTH = 990;

  /** Why a text is not JSON to Python: a decode error at a position, or too deep to decode. */
  record Refusal(String message, int position, boolean tooDeep) {}

  private final String text;
  private final int length;
  private int depth;

  private PythonJsonSyntax(String text) {
    this.text = text;
    this.length = text.length();
  }

  /** Null when Python reads {@code text}; else why it doesn't. */
  static Refusal check(String text) {
    PythonJsonSyntax scanner = new PythonJsonSyntax(text);
    try {
      int end = scanner.value(scanner.skipWhitespace(0));
      end = scanner.skipWhitespace(end);
      return end == text.length() ? null : new Refusal("Extra data", end, false);
    } catch (Refused refused) {
      return refused.refusal;
    }
  }

  /** The index after the value starting at {@code at}. */
  private int value(int at) {
    if (at >= length) {
      throw refused("Expecting value", at);
    }
    char c = text.charAt(at);
    switch (c) {
      case '"':
        return string(at + 1);
      case '{':
        return nested(() -> object(at + 1));
      case '[':
        return nested(() -> array(at + 1));
      case 'n':
        return literal(at, "null");
      case 't':
        return literal(at, "true");
      case 'f':
        return literal(at, "false");
      case 'N':
        return literal(at, "NaN");
      case 'I':
        return literal(at, "Infinity");
      case '-':
        if (text.startsWith("-Infinity", at)) {
          return at + "-Infinity".length();
        }
        return number(at);
      default:
        return number(at);
    }
  }

  private interface Scan {
    int run();
  }

  private int nested(Scan scan) {
    if (++depth > MAX_DEPTH) {
      throw new Refused(new Refusal("maximum recursion depth exceeded", 0, true));
    }
    int end = scan.run();
    depth--;
    return end;
  }

  private int literal(int at, String word) {
    if (text.startsWith(word, at)) {
      return at + word.length();
    }
    throw refused("Expecting value", at);
  }

  private int number(int start) {
    int at = start;
    if (at < length && text.charAt(at) == '-') {
      at++;
      if (at >= length) {
        throw refused("Expecting value", start);
      }
    }
    char first = text.charAt(at);
    if (first >= '1' && first <= '9') {
      at = digits(at + 1);
    } else if (first == '0') {
      at++;
    } else {
      throw refused("Expecting value", start);
    }
    if (at + 1 < length && text.charAt(at) == '.' && isDigit(text.charAt(at + 1))) {
      at = digits(at + 2);
    }
    if (at + 1 < length && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      int exponent = at + 1;
      if (exponent < length - 1 && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
        exponent++;
      }
      int end = digits(exponent);
      if (end > exponent) {
        at = end; // else the 'e' is not part of the number: Python backs off
      }
    }
    return at;
  }

  private int digits(int at) {
    while (at < length && isDigit(text.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@code at} is just after the opening quote; returns the index after the closing one. */
  private int string(int at) {
    int begin = at - 1;
    int next = at;
    while (true) {
      char c = 0;
      for (; next < length; next++) {
        c = text.charAt(next);
        if (c == '"' || c == '\\') {
          break;
        }
        if (c <= 0x1f) {
          throw refused("Invalid control character at", next);
        }
      }
      if (next >= length) {
        throw refused("Unterminated string starting at", begin);
      }
      if (c == '"') {
        return next + 1;
      }
      next++; // past the backslash
      if (next == length) {
        throw refused("Unterminated string starting at", begin);
      }
      char escape = text.charAt(next);
      if (escape != 'u') {
        if ("\"\\/bfnrt".indexOf(escape) < 0) {
          throw refused("Invalid \\escape", next - 1);
        }
        next++;
        continue;
      }
      next++;
      int end = next + 4;
      if (end >= length) {
        throw refused("Invalid \\uXXXX escape", next - 1);
      }
      for (int i = next; i < end; i++) {
        if (Character.digit(text.charAt(i), 16) < 0 || text.charAt(i) > 'f') {
          throw refused("Invalid \\uXXXX escape", end - 5);
        }
      }
      next = end;
    }
  }

  /** {@code at} is just after the brace. */
  private int object(int at) {
    at = skipWhitespace(at);
    if (at < length && text.charAt(at) == '}') {
      return at + 1;
    }
    while (true) {
      if (at >= length || text.charAt(at) != '"') {
        throw refused("Expecting property name enclosed in double quotes", at);
      }
      at = skipWhitespace(string(at + 1));
      if (at >= length || text.charAt(at) != ':') {
        throw refused("Expecting ':' delimiter", at);
      }
      at = skipWhitespace(value(skipWhitespace(at + 1)));
      if (at < length && text.charAt(at) == '}') {
        return at + 1;
      }
      if (at >= length || text.charAt(at) != ',') {
        throw refused("Expecting ',' delimiter", at);
      }
      at = skipWhitespace(at + 1);
    }
  }

  /** {@code at} is just after the bracket. */
  private int array(int at) {
    at = skipWhitespace(at);
    if (at < length && text.charAt(at) == ']') {
      return at + 1;
    }
    while (true) {
      at = skipWhitespace(value(at));
      if (at < length && text.charAt(at) == ']') {
        return at + 1;
      }
      if (at >= length || text.charAt(at) != ',') {
        throw refused("Expecting ',' delimiter", at);
      }
      at = skipWhitespace(at + 1);
    }
  }

  private int skipWhitespace(int at) {
    while (at < length) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      at++;
    }
    return at;
  }

  private static Refused refused(String message, int position) {
    return new Refused(new Refusal(message, position, false));
  }

  /** Unwinds the scan at the first refusal, as Python's decoder raises. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.message(), null, false, false);
      this.refusal = refusal;
    }
  }
}
