package io.github.modalemulator.internal.gateway;

/**
 * What one journal entry keeps of a request's text, and the heap that costs. A request may carry
 * about a megabyte of headers, or a path as long: kept whole, a few hundred of them would fill a
 * small heap. So a value (the host, the path, the query, a header's value) keeps at most {@value
 * #VALUE_CHARS} characters, an entry's values at most {@value #ENTRY_CHARS} in all, a header's name
 * at most {@value #NAME_CHARS}; a text cut short ends with {@code ...[truncated from N chars]}, N
 * its length as received.
 *
 * <p>One per entry, used by the thread that records it.
 */
final class RecordedText {
  static final int VALUE_CHARS = 8 * 1024;
  static final int ENTRY_CHARS = 64 * 1024;
  // A name is kept apart from the entry's share, so that every header keeps at least its name.
  static final int NAME_CHARS = 256;

  // A String and its array: object headers, fields and the array's header, rounded up.
  private static final int STRING_BYTES = 48;

  private int charsLeft = ENTRY_CHARS;
  private long bytes;

  /** The text as the entry keeps it: whole, or its start with the mark. Counts what it keeps. */
  String keep(String text) {
    if (text == null) {
      return null;
    }
    int room = Math.min(VALUE_CHARS, charsLeft);
    String kept = text.length() <= room ? text : cut(text, room);
    charsLeft -= Math.min(text.length(), room);
    bytes += bytes(kept);
    return kept;
  }

  /**
   * A header's name as the entry keeps it, counted twice: the public record keeps it in lower case.
   */
  String keepName(String name) {
    String kept = name.length() <= NAME_CHARS ? name : cut(name, NAME_CHARS);
    bytes += 2 * bytes(kept);
    return kept;
  }

  /**
   * As {@link #keep(String)}, for a text that others share (a constant, the method's name): it
   * costs the entry nothing more.
   */
  String keepShared(String text) {
    if (text == null || text.length() <= Math.min(VALUE_CHARS, charsLeft)) {
      return text;
    }
    return keep(text);
  }

  /** The heap that the kept strings take. */
  long bytes() {
    return bytes;
  }

  static String cut(String text, int keep) {
    return text.substring(0, keep) + "...[truncated from " + text.length() + " chars]";
  }

  /** A String's heap: one byte a character when all are Latin-1 (compact strings), else two. */
  static long bytes(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xFF) {
        return STRING_BYTES + 2L * text.length();
      }
    }
    return STRING_BYTES + text.length();
  }
}
