package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.internal.runtime.UserCode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.NoProviderFoundException;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Jakarta Bean Validation on bodies. Each violation becomes the entry pydantic gives the matching
 * Field constraint ({@code @Min} as {@code ge}, {@code @Size} on a string as {@code min_length},
 * ...); other constraints become a {@code value_error} with the constraint's message.
 */
final class BeanValidationConstraints implements BodyConstraints {
  private final ValidatorFactory factory;
  private final Validator validator;

  private BeanValidationConstraints(ValidatorFactory factory) {
    this.factory = factory;
    this.validator = factory.getValidator();
  }

  static BodyConstraints create(ClassLoader appLoader) {
    // Providers are found through the app's class path.
    ClassLoader previous = UserCode.enter(appLoader);
    try {
      // A container's own is closed as the container stops (ContainerConstraints); one that the
      // containers of a generation share lives as long as their options.
      return new BeanValidationConstraints(Validation.buildDefaultValidatorFactory());
    } catch (NoProviderFoundException noProvider) {
      return NONE;
    } catch (ValidationException misconfigured) {
      // A provider that can't start (Hibernate Validator without an Expression Language
      // implementation, say): serve without checks rather than fail every request.
      LoggerFactory.getLogger(BeanValidationConstraints.class)
          .warn(
              "Bean Validation is on the class path but can't start, so bodies are not checked"
                  + " against constraints: {}",
              misconfigured.toString());
      return NONE;
    } finally {
      UserCode.leave(previous);
    }
  }

  /** Ends the provider's factory, and its caches of the classes it checked. */
  void close() {
    factory.close();
  }

  @Override
  public void check(Object value, List<Object> loc, List<ValidationError> errors) {
    if (value == null || value instanceof Map || value instanceof Collection) {
      return;
    }
    validator.validate(value).stream()
        .sorted(
            Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString()))
        .forEach(violation -> errors.add(entry(violation, loc)));
  }

  private static ValidationError entry(ConstraintViolation<Object> violation, List<Object> base) {
    List<Object> loc = new ArrayList<>(base);
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getIndex() != null) {
        loc.add(node.getIndex());
      }
      if (node.getName() != null) {
        loc.add(node.getName());
      }
    }
    Object input = violation.getInvalidValue();
    Annotation constraint = violation.getConstraintDescriptor().getAnnotation();
    Map<String, Object> attributes = violation.getConstraintDescriptor().getAttributes();
    String kind = constraint.annotationType().getSimpleName();
    List<Object> at = List.copyOf(loc);
    switch (kind) {
      case "Min":
      case "DecimalMin":
        return bound(
            at,
            input,
            "greater_than_equal",
            "greater than or equal to",
            "ge",
            attributes.get("value"));
      case "Max":
      case "DecimalMax":
        return bound(
            at, input, "less_than_equal", "less than or equal to", "le", attributes.get("value"));
      case "Positive":
        return bound(at, input, "greater_than", "greater than", "gt", 0);
      case "PositiveOrZero":
        return bound(at, input, "greater_than_equal", "greater than or equal to", "ge", 0);
      case "Negative":
        return bound(at, input, "less_than", "less than", "lt", 0);
      case "NegativeOrZero":
        return bound(at, input, "less_than_equal", "less than or equal to", "le", 0);
      case "Size":
        return size(at, input, (Integer) attributes.get("min"), (Integer) attributes.get("max"));
      case "Pattern":
        String pattern = String.valueOf(attributes.get("regexp"));
        return new ValidationError(
            "string_pattern_mismatch",
            at,
            "String should match pattern '" + pattern + "'",
            input,
            Map.of("pattern", pattern));
      default:
        return new ValidationError(
            "value_error",
            at,
            "Value error, " + violation.getMessage(),
            input,
            Map.of("error", Map.of()));
    }
  }

  private static ValidationError bound(
      List<Object> loc, Object input, String type, String words, String key, Object limit) {
    Object number = limit instanceof String text ? parseNumber(text) : limit;
    return new ValidationError(
        type, loc, "Input should be " + words + " " + number, input, Map.of(key, number));
  }

  private static Object parseNumber(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notWhole) {
      return Double.parseDouble(text);
    }
  }

  private static ValidationError size(List<Object> loc, Object input, int min, int max) {
    int length =
        input instanceof CharSequence text
            ? text.length()
            : input instanceof Collection<?> items
                ? items.size()
                : input instanceof Map<?, ?> map ? map.size() : 0;
    boolean text = input instanceof CharSequence;
    boolean tooShort = length < min;
    if (text) {
      return tooShort
          ? new ValidationError(
              "string_too_short",
              loc,
              "String should have at least " + min + " character" + (min == 1 ? "" : "s"),
              input,
              Map.of("min_length", min))
          : new ValidationError(
              "string_too_long",
              loc,
              "String should have at most " + max + " character" + (max == 1 ? "" : "s"),
              input,
              Map.of("max_length", max));
    }
    String fieldType = input instanceof Map ? "Dictionary" : "List";
    return tooShort
        ? new ValidationError(
            "too_short",
            loc,
            fieldType
                + " should have at least "
                + min
                + " item"
                + (min == 1 ? "" : "s")
                + " after validation, not "
                + length,
            input,
            ordered("field_type", fieldType, "min_length", min, "actual_length", length))
        : new ValidationError(
            "too_long",
            loc,
            fieldType
                + " should have at most "
                + max
                + " item"
                + (max == 1 ? "" : "s")
                + " after validation, not "
                + length,
            input,
            ordered("field_type", fieldType, "max_length", max, "actual_length", length));
  }

  /** pydantic's ctx keys, in pydantic's order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
