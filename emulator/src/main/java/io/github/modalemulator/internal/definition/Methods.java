package io.github.modalemulator.internal.definition;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How messages name methods and classes. */
final class Methods {
  private Methods() {}

  /** {@code [ShopApp.create(Config)]}; a constructor is {@code [Paging.Paging(int)]}. */
  static String describe(Executable method) {
    String parameters =
        Arrays.stream(method.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", "));
    return "["
        + method.getDeclaringClass().getSimpleName()
        + "."
        + (method instanceof Method ? method.getName() : method.getDeclaringClass().getSimpleName())
        + "("
        + parameters
        + ")]";
  }

  static String describe(Class<?> type) {
    return "[" + type.getName() + "]";
  }

  /** {@code [MyApp.MyAPI]}: a class nested in an app class, as a user reads it in the source. */
  static String describeNested(Class<?> type) {
    Class<?> outer = type.getEnclosingClass();
    return "[" + (outer == null ? "" : outer.getSimpleName() + ".") + type.getSimpleName() + "]";
  }
}
