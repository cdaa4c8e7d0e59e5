package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.lang.reflect.InvocationTargetException;

/** Calls a user's function (on the container's instance, for a method of a class), unwrapping. */
final class Factories {
  private Factories() {}

  static Object call(FunctionDefinition function, Object instance) throws Exception {
    try {
      return function.method().invoke(instance);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The factory's product, refusing null with a message that says what to return. */
  static Object product(FunctionDefinition function, Object instance, String what)
      throws Exception {
    Object product = call(function, instance);
    if (product == null) {
      throw new IllegalStateException(
          function.web().kind().javaName()
              + " method "
              + function.where()
              + " returned null; return "
              + what);
    }
    return product;
  }
}
