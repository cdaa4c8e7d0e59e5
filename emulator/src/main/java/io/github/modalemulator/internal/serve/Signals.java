package io.github.modalemulator.internal.serve;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGINT and SIGTERM as requests to stop: with handlers of our own the JVM doesn't halt with status
 * 130 or 143, and the command can stop the emulator gracefully and exit with 0, as the contract
 * says. {@code sun.misc.Signal} (module jdk.unsupported) is reached reflectively because javac has
 * no way to silence its warning, and the build fails on warnings.
 */
final class Signals {
  private Signals() {}

  /**
   * @return false when signals can't be handled here (the JVM's default handling stays)
   */
  static boolean onTermination(Runnable action) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Constructor<?> newSignal = signalType.getConstructor(String.class);
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> "termination handler";
                };
              });
      for (String name : new String[] {"INT", "TERM"}) {
        handle.invoke(null, newSignal.newInstance(name), handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException unsupported) {
      return false;
    }
  }
}
