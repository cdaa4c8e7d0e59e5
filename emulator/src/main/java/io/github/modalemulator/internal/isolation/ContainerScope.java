package io.github.modalemulator.internal.isolation;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;

/**
 * What code in a container of the emulator's JVM sees as its environment and volumes, which the
 * JVM's own environment can't hold per container: found from the thread's context class loader,
 * which is the container's own under {@code Isolation.CONTAINER} (and inherited by the threads its
 * code starts). A child container JVM ({@code Isolation.PROCESS}) has a real environment instead.
 */
public final class ContainerScope {
  /**
   * @param environment the function's secrets' keys and {@code env}
   * @param volumes each mount path and its local folder
   */
  public record Values(Map<String, String> environment, Map<String, Path> volumes) {
    public Values {
      environment = Map.copyOf(environment);
      volumes = Map.copyOf(volumes);
    }
  }

  private static final Map<ClassLoader, Values> BY_LOADER =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ContainerScope() {}

  /** Code that {@code loader} loaded (a container's own copy of the app) sees {@code values}. */
  public static void bind(ClassLoader loader, Values values) {
    BY_LOADER.put(loader, values);
  }

  public static void unbind(ClassLoader loader) {
    BY_LOADER.remove(loader);
  }

  /** The values of the container whose code runs on this thread, or null outside any. */
  public static Values current() {
    if (BY_LOADER.isEmpty()) {
      return null;
    }
    for (ClassLoader l = Thread.currentThread().getContextClassLoader();
        l != null;
        l = l.getParent()) {
      Values values = BY_LOADER.get(l);
      if (values != null) {
        return values;
      }
    }
    return null;
  }

  // A replica's port, from its start: the thread that runs its enter hooks and those they start.
  private static final InheritableThreadLocal<Integer> SERVER_PORT = new InheritableThreadLocal<>();

  /** The port of the server replica being started on this thread, or null. */
  public static Integer serverPort() {
    return SERVER_PORT.get();
  }

  /** Runs a server replica's start with its port, which {@link #serverPort()} answers meanwhile. */
  public static <T> T withServerPort(int port, Callable<T> start) throws Exception {
    Integer previous = SERVER_PORT.get();
    SERVER_PORT.set(port);
    try {
      return start.call();
    } finally {
      if (previous == null) {
        SERVER_PORT.remove();
      } else {
        SERVER_PORT.set(previous);
      }
    }
  }
}
