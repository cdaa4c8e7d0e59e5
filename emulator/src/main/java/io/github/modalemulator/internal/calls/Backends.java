package io.github.modalemulator.internal.calls;

import io.github.modalemulator.ExecutionError;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which emulator a handle made by name ({@code RemoteFunction.fromName}) belongs to, as the cloud
 * client finds its app from the container it runs in: the one whose function is running on this
 * thread; else the one whose container loaded the calling code (a thread that code started); else
 * the only one running in this JVM.
 */
public final class Backends {
  private static final ThreadLocal<CallBackend> CURRENT = new ThreadLocal<>();
  private static final List<CallBackend> RUNNING = new CopyOnWriteArrayList<>();
  private static final Map<ClassLoader, CallBackend> BY_LOADER = new WeakHashMap<>();

  private Backends() {}

  public static void register(CallBackend backend) {
    RUNNING.add(backend);
  }

  public static void unregister(CallBackend backend) {
    RUNNING.remove(backend);
    synchronized (BY_LOADER) {
      BY_LOADER.values().removeIf(b -> b == backend);
    }
  }

  /**
   * Code loaded by {@code loader} (a container's own copy of the app) belongs to {@code backend}.
   */
  public static void bind(ClassLoader loader, CallBackend backend) {
    synchronized (BY_LOADER) {
      BY_LOADER.put(loader, backend);
    }
  }

  /** Marks this thread as running code of {@code backend}; returns what to restore. */
  public static CallBackend enter(CallBackend backend) {
    CallBackend previous = CURRENT.get();
    if (previous != backend) {
      CURRENT.set(backend);
    }
    return previous;
  }

  public static void leave(CallBackend previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /**
   * The emulator that calls made here go to.
   *
   * @throws ExecutionError when none runs, or several do and nothing says which
   */
  public static CallBackend current() {
    CallBackend backend = CURRENT.get();
    if (backend != null) {
      return backend;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    synchronized (BY_LOADER) {
      for (ClassLoader l = context; l != null; l = l.getParent()) {
        backend = BY_LOADER.get(l);
        if (backend != null) {
          return backend;
        }
      }
    }
    List<CallBackend> running = List.copyOf(RUNNING);
    if (running.size() == 1) {
      return running.get(0);
    }
    throw new ExecutionError(
        running.isEmpty()
            ? "no emulator is running in this JVM to call functions in; start one"
                + " (Emulator.builder()...start(), @ModalEmulator, or java -jar emulator.jar serve)"
                + " before calling a function by name"
            : running.size()
                + " emulators run in this JVM and this code runs in none of their functions; call"
                + " through the one you mean: emulator.function(\"app\", \"name\")");
  }
}
