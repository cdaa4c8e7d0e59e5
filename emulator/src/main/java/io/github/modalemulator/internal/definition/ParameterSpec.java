package io.github.modalemulator.internal.definition;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code @Parameter} field of a {@code @Cls} class.
 *
 * @param field the field, made accessible
 * @param type the cloud's type it stands for
 * @param defaultValue the parsed default, or null when the parameter is required
 */
public record ParameterSpec(Field field, Type type, Object defaultValue) {

  /**
   * The cloud's parameter types, in the order its message lists them (modal-client {@code
   * py/modal/_type_manager.py}: int, str, bytes, bool are registered, in that order).
   */
  public enum Type {
    INT("int"),
    STR("str"),
    BYTES("bytes"),
    BOOL("bool");

    final String cloudName;

    Type(String cloudName) {
      this.cloudName = cloudName;
    }

    /** The type a Java field stands for, or null when the cloud can't carry it. */
    static Type of(Class<?> javaType) {
      if (javaType == String.class) {
        return STR;
      }
      if (javaType == long.class || javaType == int.class) {
        return INT;
      }
      if (javaType == boolean.class) {
        return BOOL;
      }
      return javaType == byte[].class ? BYTES : null;
    }
  }

  private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "t", "y");
  private static final Set<String> FALSE = Set.of("false", "0", "no", "off", "f", "n");

  public String name() {
    return field.getName();
  }

  public boolean required() {
    return defaultValue == null;
  }

  /**
   * The value a query parameter's text stands for, of the field's Java type.
   *
   * @throws IllegalArgumentException saying what the text should be
   */
  public Object parse(String text) {
    switch (type) {
      case STR:
        return text;
      case BYTES:
        return text.getBytes(StandardCharsets.UTF_8);
      case BOOL:
        String lower = text.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower) || FALSE.contains(lower)) {
          return TRUE.contains(lower);
        }
        throw new IllegalArgumentException("a bool: true or false (also 1/0, yes/no, on/off)");
      case INT:
      default:
        try {
          long value = Long.parseLong(text);
          if (field.getType() == int.class) {
            return Math.toIntExact(value);
          }
          return value;
        } catch (NumberFormatException | ArithmeticException e) {
          throw new IllegalArgumentException(
              "an int" + (field.getType() == int.class ? " that fits a Java int" : ""));
        }
    }
  }

  /** The value as a query parameter's text: what a typed client sends. */
  public static String text(Object value) {
    return value instanceof byte[] bytes
        ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(value);
  }
}
