package io.github.modalemulator.internal.calls;

import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.RemoteCls;
import io.github.modalemulator.RemoteFunction;
import java.util.Objects;

/**
 * How the emulator makes public handles bound to itself: the public classes register what does it
 * (their constructors stay out of the public API).
 */
public final class Handles {
  /** What the public package provides. */
  public interface Binder {
    <R> RemoteFunction<R> bind(RemoteFunction<R> handle, CallBackend backend);

    RemoteFunction<Object> byName(CallBackend backend, String app, String name);

    RemoteCls cls(CallBackend backend, String app, String name);

    FunctionCall<Object> call(CallBackend backend, String id);
  }

  private static volatile Binder binder;

  private Handles() {}

  public static void register(Binder given) {
    binder = given;
  }

  /** The binder, once the public package has registered it. */
  public static Binder binder() {
    if (binder == null) {
      try {
        Class.forName(RemoteFunction.class.getName(), true, RemoteFunction.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return Objects.requireNonNull(binder, "RemoteFunction registers the binder");
  }
}
