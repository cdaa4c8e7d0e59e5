package io.github.modalemulator.internal.calls;

import java.util.Objects;

/**
 * How the emulator makes public handles bound to itself: the public classes register what does it,
 * so their constructors stay out of the public API. Typed as {@code Object} here, as this package
 * sits below the public classes and names none of them; the emulator casts.
 */
public final class Handles {
  /** What the public package provides. */
  public interface Binder {
    /** A copy of a {@code RemoteFunction} that calls through {@code backend}. */
    Object bind(Object handle, CallBackend backend);

    /** A {@code RemoteFunction<Object>} by name, bound to {@code backend}. */
    Object byName(CallBackend backend, String app, String name);

    /** A {@code RemoteCls} bound to {@code backend}. */
    Object cls(CallBackend backend, String app, String name);

    /** A {@code FunctionCall<Object>} by id, bound to {@code backend}. */
    Object call(CallBackend backend, String id);
  }

  /** The class whose initialisation registers the binder. */
  private static final String REGISTRAR = "io.github.modalemulator.RemoteFunction";

  private static volatile Binder binder;

  private Handles() {}

  public static void register(Binder given) {
    binder = given;
  }

  /** The binder, once the public package has registered it. */
  public static Binder binder() {
    if (binder == null) {
      try {
        Class.forName(REGISTRAR, true, Handles.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return Objects.requireNonNull(binder, REGISTRAR + " registers the binder");
  }
}
