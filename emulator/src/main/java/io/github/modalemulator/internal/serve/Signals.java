package io.github.modalemulator.internal.serve;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SIGINT and SIGTERM as requests to stop: with handlers of our own the JVM doesn't halt with status
 * 130 or 143, and the command can stop the emulator gracefully and exit with 0, as the contract
 * says. {@code sun.misc.Signal} (module jdk.unsupported) is reached reflectively because javac has
 * no way to silence its warning, and the build fails on warnings.
 */
final class Signals {
  private static final String[] NAMES = {"INT", "TERM"};

  private Signals() {}

  /**
   * Handles SIGINT and SIGTERM with {@code action} until the returned handlers are closed, which
   * puts back the ones they replaced: a JVM that goes on after serve (Maven's, which runs the
   * plugin's serve goal and then the rest of the build) must stop at Ctrl-C again.
   *
   * @return empty when signals can't be handled here (the JVM's default handling stays)
   */
  static Optional<Installed> onTermination(Runnable action) {
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
      Map<Object, Object> replaced = new LinkedHashMap<>();
      for (String name : NAMES) {
        Object signal = newSignal.newInstance(name);
        replaced.put(signal, handle.invoke(null, signal, handler));
      }
      return Optional.of(new Installed(handle, replaced));
    } catch (ReflectiveOperationException | RuntimeException unsupported) {
      return Optional.empty();
    }
  }

  /** Handlers in place of others, which {@link #close()} puts back. */
  static final class Installed implements AutoCloseable {
    private final Method handle;
    private final Map<Object, Object> replaced;

    private Installed(Method handle, Map<Object, Object> replaced) {
      this.handle = handle;
      this.replaced = replaced;
    }

    @Override
    public void close() {
      replaced.forEach(
          (signal, previous) -> {
            try {
              handle.invoke(null, signal, previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
              // Can't happen for a handler the JVM itself gave us; ours would stay, as before.
            }
          });
    }
  }
}
