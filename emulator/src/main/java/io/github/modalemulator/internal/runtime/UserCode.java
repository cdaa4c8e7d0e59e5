package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * How the emulator runs the user's code: with the app's class loader as the thread's context class
 * loader (as in a JVM of its own), and with what the code throws unwrapped from reflection.
 */
public final class UserCode {
  private UserCode() {}

  /**
   * Makes {@code appLoader} the context class loader and returns the one it replaces, for {@link
   * #leave(ClassLoader)} in a {@code finally}: the request path's form, which allocates nothing.
   */
  public static ClassLoader enter(ClassLoader appLoader) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous != appLoader) {
      thread.setContextClassLoader(appLoader);
    }
    return previous;
  }

  /** Puts back the context class loader that {@link #enter(ClassLoader)} returned. */
  public static void leave(ClassLoader previous) {
    Thread thread = Thread.currentThread();
    if (thread.getContextClassLoader() != previous) {
      thread.setContextClassLoader(previous);
    }
  }

  /** Calls a method of the user's; what it throws is thrown as it was, not wrapped. */
  public static Object invoke(Method method, Object target, Object... arguments) throws Exception {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw unwrapped(e);
    }
  }

  /** Makes an instance with a constructor of the user's, unwrapping as {@link #invoke} does. */
  public static Object construct(Constructor<?> constructor, Object... arguments) throws Exception {
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw unwrapped(e);
    }
  }

  /** What an app factory returned, refusing null with a message that says what to return. */
  static Object product(FunctionDefinition function, Object instance, String what)
      throws Exception {
    Object product = invoke(function.method(), instance);
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

  private static Exception unwrapped(InvocationTargetException e) {
    Throwable cause = e.getCause();
    if (cause instanceof Error error) {
      throw error;
    }
    return cause instanceof Exception exception ? exception : e;
  }
}
