package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.internal.runtime.fastapi.ValidationError.Problem;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Dates and times from text by pydantic 2's lax rules (its parser is speedate): {@code T}, {@code
 * t}, {@code _} or a space between date and time, seconds and fraction optional, {@code Z} or
 * {@code +HH:MM} / {@code +HHMM} offsets, unix timestamps (seconds, or milliseconds above 2e10), a
 * date alone for a datetime and a midnight datetime for a date; failures in speedate's words.
 */
final class PydanticTemporal {
  private PydanticTemporal() {}

  /** A parsed date and time; {@code offset} null when the text had none. */
  private record Moment(LocalDate date, LocalTime time, ZoneOffset offset) {}

  /** speedate refused the text; the message is its own. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  static Object date(String text) {
    try {
      return exactDate(text);
    } catch (Refused notADate) {
      Moment moment;
      try {
        moment = moment(text);
      } catch (Refused refused) {
        return problem(
            "date_from_datetime_parsing",
            "Input should be a valid date or datetime",
            refused.getMessage());
      }
      if (!moment.time().equals(LocalTime.MIDNIGHT)) {
        return new Problem(
            "date_from_datetime_inexact",
            "Datetimes provided to dates should have zero time - e.g. be exact dates");
      }
      return moment.date();
    }
  }

  /** A datetime without offset (pydantic's NaiveDatetime). */
  static Object naiveDateTime(String text) {
    Object parsed = dateTime(text);
    if (parsed instanceof Moment moment) {
      if (moment.offset() != null) {
        return new Problem("timezone_naive", "Input should not have timezone info");
      }
      return LocalDateTime.of(moment.date(), moment.time());
    }
    return parsed;
  }

  /** A datetime with offset (pydantic's AwareDatetime). */
  static Object awareDateTime(String text) {
    Object parsed = dateTime(text);
    if (parsed instanceof Moment moment) {
      if (moment.offset() == null) {
        return new Problem("timezone_aware", "Input should have timezone info");
      }
      return OffsetDateTime.of(moment.date(), moment.time(), moment.offset());
    }
    return parsed;
  }

  static Object instant(String text) {
    Object aware = awareDateTime(text);
    return aware instanceof OffsetDateTime t ? t.toInstant() : aware;
  }

  static Object time(String text) {
    try {
      int[] end = new int[1];
      LocalTime time = timeAt(text, 0, end);
      if (end[0] < text.length()) {
        offsetAt(text, end[0]); // checked, then dropped: a LocalTime has no offset
      }
      int at = offsetEnd(text, end[0]);
      if (at != text.length()) {
        throw new Refused("unexpected extra characters at the end of the input");
      }
      return time;
    } catch (Refused refused) {
      return problem(
          "time_parsing", "Input should be in a valid time format", refused.getMessage());
    }
  }

  private static Object dateTime(String text) {
    try {
      return moment(text);
    } catch (Refused refused) {
      return problem(
          "datetime_from_date_parsing",
          "Input should be a valid datetime or date",
          refused.getMessage());
    }
  }

  private static Problem problem(String type, String message, String error) {
    return new Problem(type, message + ", " + error, Map.of("error", error));
  }

  /** {@code YYYY-MM-DD} and nothing more, or a timestamp of a midnight. */
  private static LocalDate exactDate(String text) throws Refused {
    Moment timestamp = timestamp(text);
    if (timestamp != null) {
      if (!timestamp.time().equals(LocalTime.MIDNIGHT)) {
        throw new Refused("date is not exact");
      }
      return timestamp.date();
    }
    LocalDate date = dateAt(text);
    if (text.length() > 10) {
      throw new Refused("unexpected extra characters at the end of the input");
    }
    return date;
  }

  private static Moment moment(String text) throws Refused {
    Moment timestamp = timestamp(text);
    if (timestamp != null) {
      return timestamp;
    }
    LocalDate date = dateAt(text);
    if (text.length() == 10) {
      return new Moment(date, LocalTime.MIDNIGHT, null);
    }
    char separator = text.charAt(10);
    if (separator != 'T' && separator != 't' && separator != ' ' && separator != '_') {
      throw new Refused("invalid datetime separator, expected `T`, `t`, `_` or space");
    }
    int[] end = new int[1];
    LocalTime time = timeAt(text, 11, end);
    ZoneOffset offset = null;
    int at = end[0];
    if (at < text.length()) {
      offset = offsetAt(text, at);
      at = offsetEnd(text, at);
    }
    if (at != text.length()) {
      throw new Refused("unexpected extra characters at the end of the input");
    }
    return new Moment(date, time, offset);
  }

  private static LocalDate dateAt(String text) throws Refused {
    if (text.length() < 10) {
      throw new Refused("input is too short");
    }
    int year = digits(text, 0, 4, "invalid character in year");
    if (text.charAt(4) != '-') {
      throw new Refused("invalid date separator, expected `-`");
    }
    int month = digits(text, 5, 2, "invalid character in month");
    if (text.charAt(7) != '-') {
      throw new Refused("invalid date separator, expected `-`");
    }
    int day = digits(text, 8, 2, "invalid character in day");
    if (month < 1 || month > 12) {
      throw new Refused("month value is outside expected range of 1-12");
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new Refused("day value is outside expected range");
    }
  }

  /** {@code HH:MM[:SS[.ffffff]]} from {@code from}; {@code end[0]} is set to where it stopped. */
  private static LocalTime timeAt(String text, int from, int[] end) throws Refused {
    if (text.length() - from < 5) {
      throw new Refused("input is too short");
    }
    int hour = digits(text, from, 2, "invalid character in hour");
    if (text.charAt(from + 2) != ':') {
      throw new Refused("invalid time separator, expected `:`");
    }
    int minute = digits(text, from + 3, 2, "invalid character in minute");
    int at = from + 5;
    int second = 0;
    int nanos = 0;
    if (at < text.length() && text.charAt(at) == ':') {
      if (text.length() - at < 3) {
        throw new Refused("input is too short");
      }
      second = digits(text, at + 1, 2, "invalid character in second");
      at += 3;
      if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == ',')) {
        at++;
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at)) && text.charAt(at) < 128) {
          at++;
        }
        if (at == start) {
          throw new Refused("second fraction value is missing");
        }
        String fraction =
            (text.substring(start, Math.min(at, start + 6)) + "00000").substring(0, 6);
        nanos = Integer.parseInt(fraction) * 1000; // beyond microseconds: cut, as pydantic does
      }
    }
    if (hour > 23) {
      throw new Refused("hour value is outside expected range of 0-23");
    }
    if (minute > 59) {
      throw new Refused("minute value is outside expected range of 0-59");
    }
    if (second > 59) {
      throw new Refused("second value is outside expected range of 0-59");
    }
    end[0] = at;
    return LocalTime.of(hour, minute, second, nanos);
  }

  private static ZoneOffset offsetAt(String text, int at) throws Refused {
    char sign = text.charAt(at);
    if (sign == 'Z' || sign == 'z') {
      return ZoneOffset.UTC;
    }
    if (sign != '+' && sign != '-') {
      throw new Refused("invalid timezone sign");
    }
    if (text.length() - at < 3) {
      throw new Refused("input is too short");
    }
    int hours = digits(text, at + 1, 2, "invalid timezone hour");
    int minutesAt = at + 3;
    if (minutesAt < text.length() && text.charAt(minutesAt) == ':') {
      minutesAt++;
    }
    int minutes = 0;
    if (minutesAt < text.length()) {
      if (text.length() - minutesAt < 2) {
        throw new Refused("input is too short");
      }
      minutes = digits(text, minutesAt, 2, "invalid timezone minute");
    }
    int total = hours * 3600 + minutes * 60;
    if (total >= 24 * 3600 || minutes > 59) {
      throw new Refused("timezone offset must be less than 24 hours");
    }
    return ZoneOffset.ofTotalSeconds(sign == '-' ? -total : total);
  }

  /** Where an offset starting at {@code at} ends (nothing there: {@code at}). */
  private static int offsetEnd(String text, int at) {
    if (at >= text.length()) {
      return at;
    }
    char sign = text.charAt(at);
    if (sign == 'Z' || sign == 'z') {
      return at + 1;
    }
    if (sign != '+' && sign != '-') {
      return at;
    }
    int end = at + 3;
    if (end < text.length() && text.charAt(end) == ':') {
      end++;
    }
    return Math.min(text.length(), end + 2);
  }

  private static int digits(String text, int from, int count, String error) throws Refused {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new Refused(error);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** A number of seconds (milliseconds above 2e10) since 1970, UTC; null for other text. */
  private static Moment timestamp(String text) {
    if (text.isEmpty() || !text.matches("-?\\d+(\\.\\d*)?")) {
      return null;
    }
    BigDecimal seconds = new BigDecimal(text.endsWith(".") ? text + "0" : text);
    if (seconds.abs().compareTo(BigDecimal.valueOf(20_000_000_000L)) > 0) {
      seconds = seconds.movePointLeft(3);
    }
    long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    long micros =
        seconds
            .subtract(BigDecimal.valueOf(whole))
            .movePointRight(6)
            .setScale(0, java.math.RoundingMode.FLOOR)
            .longValue();
    OffsetDateTime t = Instant.ofEpochSecond(whole, micros * 1000).atOffset(ZoneOffset.UTC);
    return new Moment(t.toLocalDate(), t.toLocalTime(), ZoneOffset.UTC);
  }
}
