package io.github.modalemulator.internal.definition;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How messages name methods and classes. */
final class Methods {
  private Methods() {}

  /** {@code [ShopApp.create(Config)]}. */
  static String describe(Method method) {
    String parameters =
        Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
    return "["
        + method.getDeclaringClass().getSimpleName()
        + "."
        + method.getName()
        + "("
        + parameters
        + ")]";
  }

  static String describe(Class<?> type) {
    return "[" + type.getName() + "]";
  }
}
