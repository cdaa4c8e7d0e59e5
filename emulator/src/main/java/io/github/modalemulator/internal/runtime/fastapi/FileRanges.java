package io.github.modalemulator.internal.runtime.fastapi;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A {@code Range} header read as Starlette's {@code FileResponse} reads it: byte ranges only, parts
 * that aren't numbers skipped, more than 100 parts ignored (the whole file), ranges merged where
 * they overlap.
 */
final class FileRanges {
  private static final int MAX_RANGES = 100;

  /** Python's {@code int()} of a stripped ASCII string: a sign, digits, single underscores. */
  private static final Pattern PYTHON_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private FileRanges() {}

  /** One range: {@code start} inclusive, {@code end} exclusive. */
  record Range(long start, long end) {}

  /** A header Starlette answers with 400 and this text. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** A range that starts outside the file: Starlette's 416. */
  static final class NotSatisfiable extends Exception {
    private static final long serialVersionUID = 1L;

    NotSatisfiable() {
      super(null, null, false, false);
    }
  }

  /** The ranges to send; empty for the whole file. */
  static List<Range> parse(String header, long size) throws Malformed, NotSatisfiable {
    int equals = header.indexOf('=');
    if (equals < 0) {
      throw new Malformed("Malformed range header.");
    }
    if (!header.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
      throw new Malformed("Only support bytes range");
    }
    String spec = header.substring(equals + 1);
    if (spec.chars().filter(c -> c == ',').count() + 1 > MAX_RANGES) {
      return List.of();
    }
    List<Range> ranges = new ArrayList<>();
    for (String raw : spec.split(",", -1)) {
      String part = raw.strip();
      int dash = part.indexOf('-');
      if (part.isEmpty() || part.equals("-") || dash < 0) {
        continue;
      }
      String startText = part.substring(0, dash).strip();
      String endText = part.substring(dash + 1).strip();
      Long start;
      long end = size;
      if (!startText.isEmpty()) {
        start = integer(startText);
        if (start == null) {
          continue;
        }
        if (!endText.isEmpty()) {
          Long last = integer(endText);
          if (last == null) {
            continue;
          }
          end = last < size ? last + 1 : size;
        }
      } else {
        Long suffix = integer(endText);
        if (suffix == null) {
          continue;
        }
        start = Math.max(size - suffix, 0);
      }
      ranges.add(new Range(start, end));
    }
    if (ranges.isEmpty()) {
      throw new Malformed("Range header: range must be requested");
    }
    if (ranges.stream().anyMatch(r -> r.start() < 0 || r.start() >= size)) {
      throw new NotSatisfiable();
    }
    if (ranges.stream().anyMatch(r -> r.start() >= r.end())) {
      throw new Malformed("Range header: start must be less than end");
    }
    if (ranges.size() == 1) {
      return ranges;
    }
    ranges.sort(Comparator.comparingLong(Range::start).thenComparingLong(Range::end));
    List<Range> merged = new ArrayList<>();
    merged.add(ranges.get(0));
    for (Range range : ranges.subList(1, ranges.size())) {
      Range last = merged.get(merged.size() - 1);
      if (range.start() <= last.end()) {
        merged.set(merged.size() - 1, new Range(last.start(), Math.max(last.end(), range.end())));
      } else {
        merged.add(range);
      }
    }
    return merged;
  }

  /** The value, clamped to a long's range; null when Python's {@code int()} would refuse it. */
  private static Long integer(String text) {
    if (!PYTHON_INT.matcher(text).matches()) {
      return null;
    }
    BigInteger value = new BigInteger(text.replace("_", ""));
    return value.max(LONG_MAX.negate()).min(LONG_MAX).longValue();
  }
}
