package io.github.modalemulator;

import io.github.modalemulator.internal.calls.CallBackend;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code @Cls} class of a deployed app by its names, the Java face of {@code modal.Cls}: its
 * {@code @Method} methods are called through {@link #method(String)}, in the containers of the
 * parameter set given with {@link #withParameters(Map)}.
 *
 * <pre>{@code
 * RemoteFunction<Object> predict =
 *     RemoteCls.fromName("example-cls", "Model").withParameters(Map.of("size", 3)).method("predict");
 * }</pre>
 *
 * (For a class of your own code, {@code RemoteFunction.of(Model::predict)} is typed.)
 */
public final class RemoteCls {
  private final CallBackend backend;
  private final String app;
  private final String name;
  private final Map<String, ?> parameters;

  private RemoteCls(CallBackend backend, String app, String name, Map<String, ?> parameters) {
    this.backend = backend;
    this.app = Objects.requireNonNull(app, "app");
    this.name = Objects.requireNonNull(name, "name");
    this.parameters = Map.copyOf(parameters);
  }

  /** The class {@code name} ({@code Model}) of the app {@code app}, as {@code Cls.from_name}. */
  public static RemoteCls fromName(String app, String name) {
    return new RemoteCls(null, app, name, Map.of());
  }

  /** For the emulator: bound to one emulator. */
  static RemoteCls bound(CallBackend backend, String app, String name) {
    return new RemoteCls(backend, app, name, Map.of());
  }

  /**
   * The same class with these {@code @Parameter} values (the others their defaults): {@code
   * Model(size=3)}.
   */
  public RemoteCls withParameters(Map<String, ?> values) {
    return new RemoteCls(backend, app, name, values);
  }

  /** One of its {@code @Method} methods, results read as plain JSON values. */
  public RemoteFunction<Object> method(String method) {
    return method(method, Object.class);
  }

  /** One of its {@code @Method} methods, results read as {@code type}. */
  public <R> RemoteFunction<R> method(String method, Class<R> type) {
    return RemoteFunction.byName(backend, app, name + "." + method, parameters, type);
  }
}
