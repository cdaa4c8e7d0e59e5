package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.internal.runtime.fastapi.ValidationError.Problem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Text to a scalar by pydantic v2's lax rules, as FastAPI reads query parameters and headers; a
 * failure is the {@link Problem} pydantic would report.
 */
final class ScalarParser {
  static final Problem INT_PARSING =
      new Problem(
          "int_parsing", "Input should be a valid integer, unable to parse string as an integer");
  static final Problem INT_FROM_FLOAT =
      new Problem(
          "int_from_float", "Input should be a valid integer, got a number with a fractional part");
  static final Problem FLOAT_PARSING =
      new Problem(
          "float_parsing", "Input should be a valid number, unable to parse string as a number");
  static final Problem BOOL_PARSING =
      new Problem("bool_parsing", "Input should be a valid boolean, unable to interpret input");
  static final Problem FINITE_NUMBER =
      new Problem("finite_number", "Input should be a finite number");
  static final Problem DECIMAL_PARSING =
      new Problem("decimal_parsing", "Input should be a valid decimal");

  /** Python's float() syntax; Java's also takes hex and d/f suffixes, which Python refuses. */
  private static final Pattern DECIMAL_NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(e[+-]?\\d+)?");

  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?(\\d+(_\\d+)*|\\d+\\.0+)");

  private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
  private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

  private ScalarParser() {}

  /** The parsed value, or a {@link Problem}. */
  static Object parse(String text, Class<?> type) {
    try {
      if (type == String.class) {
        return text;
      }
      if (type == int.class || type == Integer.class) {
        Object n = parseInteger(text);
        return n instanceof BigInteger big
            ? narrow(big, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue()
            : n;
      }
      if (type == long.class || type == Long.class) {
        Object n = parseInteger(text);
        return n instanceof BigInteger big
            ? narrow(big, Long.MIN_VALUE, Long.MAX_VALUE).longValue()
            : n;
      }
      if (type == short.class || type == Short.class) {
        Object n = parseInteger(text);
        return n instanceof BigInteger big
            ? narrow(big, Short.MIN_VALUE, Short.MAX_VALUE).shortValue()
            : n;
      }
      if (type == BigInteger.class) {
        return parseInteger(text);
      }
      if (type == double.class || type == Double.class) {
        return parseDouble(text);
      }
      if (type == float.class || type == Float.class) {
        Object d = parseDouble(text);
        return d instanceof Double value ? value.floatValue() : d;
      }
      if (type == boolean.class || type == Boolean.class) {
        String key = text.toLowerCase(Locale.ROOT);
        return TRUE.contains(key)
            ? Boolean.TRUE
            : FALSE.contains(key) ? Boolean.FALSE : BOOL_PARSING;
      }
      if (type == BigDecimal.class) {
        return parseDecimal(text);
      }
      if (type.isEnum()) {
        return parseEnum(text, type);
      }
      if (type == UUID.class) {
        return parseUuid(text);
      }
      if (type == LocalDate.class) {
        return PydanticTemporal.date(text);
      }
      if (type == LocalDateTime.class) {
        return PydanticTemporal.naiveDateTime(text);
      }
      if (type == OffsetDateTime.class) {
        return PydanticTemporal.awareDateTime(text);
      }
      if (type == Instant.class) {
        return PydanticTemporal.instant(text);
      }
      if (type == LocalTime.class) {
        return PydanticTemporal.time(text);
      }
    } catch (NumberFormatException e) {
      return type == BigDecimal.class ? DECIMAL_PARSING : INT_PARSING;
    }
    throw new IllegalArgumentException("not a scalar type: " + type);
  }

  /**
   * A BigInteger, or a Problem. Text as pydantic takes it: surrounding blanks, a sign, single
   * underscores between digits ({@code " +1_000 "}) or a zero fraction ({@code "5.0"}); no
   * exponent, no other fraction.
   */
  private static Object parseInteger(String text) {
    String trimmed = text.strip();
    if (!INTEGER_TEXT.matcher(trimmed).matches()) {
      return INT_PARSING;
    }
    int dot = trimmed.indexOf('.');
    return new BigInteger((dot < 0 ? trimmed : trimmed.substring(0, dot)).replace("_", ""));
  }

  /** Java's integer types are narrower than Python's: out of range reads as unparseable. */
  private static BigInteger narrow(BigInteger value, long min, long max) {
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new NumberFormatException("out of range");
    }
    return value;
  }

  private static Object parseDouble(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    switch (trimmed) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan":
        return Double.NaN;
      default:
        break;
    }
    String digits = trimmed.replace("_", "");
    if (!DECIMAL_NUMBER.matcher(digits).matches()) {
      return FLOAT_PARSING;
    }
    return Double.parseDouble(digits);
  }

  /** Python's Decimal syntax; NaN and infinities parse but pydantic refuses them by default. */
  private static Object parseDecimal(String text) {
    String trimmed = text.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
    if (lower.equals("nan")
        || lower.equals("snan")
        || lower.equals("inf")
        || lower.equals("infinity")) {
      return FINITE_NUMBER;
    }
    if (!DECIMAL_NUMBER.matcher(trimmed.toLowerCase(Locale.ROOT).replace("_", "")).matches()) {
      return DECIMAL_PARSING;
    }
    return new BigDecimal(trimmed.replace("_", ""));
  }

  private static Object parseEnum(String text, Class<?> type) {
    Object[] constants = type.getEnumConstants();
    for (Object constant : constants) {
      if (((Enum<?>) constant).name().equals(text)) {
        return constant;
      }
    }
    String expected = expectedList(constants);
    return new Problem("enum", "Input should be " + expected, Map.of("expected", expected));
  }

  /** pydantic's way: {@code 'a', 'b' or 'c'}. */
  private static String expectedList(Object[] constants) {
    String[] quoted =
        Arrays.stream(constants).map(c -> "'" + ((Enum<?>) c).name() + "'").toArray(String[]::new);
    if (quoted.length == 1) {
      return quoted[0];
    }
    return Arrays.stream(quoted, 0, quoted.length - 1).collect(Collectors.joining(", "))
        + " or "
        + quoted[quoted.length - 1];
  }

  private static Object parseUuid(String text) {
    String hex = text.trim();
    if (hex.length() == 38 && hex.startsWith("{") && hex.endsWith("}")) {
      hex = hex.substring(1, 37); // the braced form, as Rust's uuid crate reads it
    }
    if (hex.startsWith("urn:uuid:")) {
      hex = hex.substring("urn:uuid:".length());
    }
    String digits = hex.replace("-", "");
    if (digits.length() == 32 && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return new UUID(
          Long.parseUnsignedLong(digits.substring(0, 16), 16),
          Long.parseUnsignedLong(digits.substring(16), 16));
    }
    String error = "invalid length: expected length 32 for simple format, found " + digits.length();
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (c != '-' && Character.digit(c, 16) < 0) {
        error = "invalid character: found `" + c + "` at " + (i + 1);
        break;
      }
    }
    return new Problem(
        "uuid_parsing", "Input should be a valid UUID, " + error, Map.of("error", error));
  }
}
