package io.github.modalemulator.internal.runtime.fastapi;

import java.util.List;

/**
 * Constraint checks on a bound body (Jakarta Bean Validation's, when the user has a provider),
 * reported as 422 entries like pydantic's constraint errors.
 */
public interface BodyConstraints {
  BodyConstraints NONE = (value, loc, errors) -> {};

  void check(Object value, List<Object> loc, List<ValidationError> errors);

  /** Bean Validation when both its API and a provider can be found; else no checks. */
  static BodyConstraints detect(ClassLoader appLoader) {
    try {
      Class.forName("jakarta.validation.Validation", false, BodyConstraints.class.getClassLoader());
    } catch (ClassNotFoundException absent) {
      return NONE;
    }
    return BeanValidationConstraints.create(appLoader);
  }
}
