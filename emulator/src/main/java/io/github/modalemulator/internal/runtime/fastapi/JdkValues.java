package io.github.modalemulator.internal.runtime.fastapi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;

/**
 * Whether a result is made only of the JDK's own values: maps and collections of the JDK's classes,
 * strings, numbers, booleans and nulls, looked at up to {@link #LIMIT} values deep and wide. A
 * mapper that writes only such values caches serializers of the JDK's classes alone, so every
 * container may share it without keeping a stopped container's classes alive.
 */
final class JdkValues {
  /** Values looked at before giving up: a large result goes the container's way. */
  static final int LIMIT = 64;

  private JdkValues() {}

  static boolean only(Object value) {
    if (leaf(value)) {
      return true;
    }
    ArrayDeque<Object> left = new ArrayDeque<>();
    left.add(value);
    int seen = 0;
    while (!left.isEmpty()) {
      Object next = left.poll();
      if (++seen > LIMIT) {
        return false;
      }
      if (leaf(next)) {
        continue;
      }
      if (next.getClass().getClassLoader() != null) {
        return false; // a class of the app's, or of a library's (a subclass of HashMap among them)
      }
      if (next instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getKey() != null) {
            left.add(entry.getKey());
          }
          if (entry.getValue() != null) {
            left.add(entry.getValue());
          }
          if (left.size() > LIMIT) {
            return false;
          }
        }
      } else if (next instanceof Collection<?> collection) {
        for (Object element : collection) {
          if (element != null) {
            left.add(element);
          }
          if (left.size() > LIMIT) {
            return false;
          }
        }
      } else {
        return false; // an array, a date, an Optional...: the container's writer decides
      }
    }
    return true;
  }

  private static boolean leaf(Object value) {
    if (value == null) {
      return true;
    }
    // The classes themselves: BigInteger and BigDecimal may be subclassed by an app.
    Class<?> type = value.getClass();
    return type == String.class
        || type == Boolean.class
        || type == Integer.class
        || type == Long.class
        || type == Double.class
        || type == Float.class
        || type == Short.class
        || type == Byte.class
        || type == BigInteger.class
        || type == BigDecimal.class;
  }
}
