package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.lang.reflect.InvocationTargetException;

/** Calls a user's static function, unwrapping what it threw. */
final class Factories {
  private Factories() {}

  static Object call(FunctionDefinition function) throws Exception {
    try {
      return function.method().invoke(null);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The factory's product, refusing null with a message that says what to return. */
  static Object product(FunctionDefinition function, String what) throws Exception {
    Object product = call(function);
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
