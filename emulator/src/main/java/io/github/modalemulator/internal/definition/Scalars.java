package io.github.modalemulator.internal.definition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The types FastAPI reads from a query string or header: a string, number, boolean, enum, date or
 * UUID.
 */
public final class Scalars {
  private static final Set<Class<?>> TYPES =
      Set.of(
          String.class,
          int.class,
          Integer.class,
          long.class,
          Long.class,
          short.class,
          Short.class,
          double.class,
          Double.class,
          float.class,
          Float.class,
          boolean.class,
          Boolean.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          LocalDate.class,
          LocalDateTime.class,
          LocalTime.class,
          OffsetDateTime.class,
          Instant.class);

  private Scalars() {}

  public static boolean isScalar(Class<?> type) {
    return TYPES.contains(type) || type.isEnum();
  }
}
