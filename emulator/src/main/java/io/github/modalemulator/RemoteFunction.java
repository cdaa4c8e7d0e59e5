package io.github.modalemulator;

import io.github.modalemulator.internal.calls.Backends;
import io.github.modalemulator.internal.calls.CallBackend;
import io.github.modalemulator.internal.calls.CallJson;
import io.github.modalemulator.internal.calls.CallTarget;
import io.github.modalemulator.internal.calls.Handles;
import io.github.modalemulator.internal.calls.Invocation;
import io.github.modalemulator.internal.calls.LocalCall;
import io.github.modalemulator.internal.calls.MapRun;
import io.github.modalemulator.internal.calls.MethodReferences;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A function that code calls, the Java face of {@code modal.Function}: each call is an input of the
 * function's containers (it queues, scales, times out as a request does), and its arguments and
 * result cross a serialisation boundary (JSON through Jackson, where the cloud pickles).
 *
 * <pre>{@code
 * // typed, from a method reference: a rename is a compile error
 * RemoteFunction<String> process = RemoteFunction.of(JobQueueApp::process);
 * String now = process.remote("text");
 * FunctionCall<String> later = process.spawn("text");
 * List<String> all = process.map(List.of("a", "b")).toList();
 *
 * // by name, as modal.Function.from_name: a function of another app, maybe another team's
 * RemoteFunction<Object> embed = RemoteFunction.fromName("ml-team", "embed");
 * }</pre>
 *
 * <p>Inside a function, calls go to the emulator (or the cloud) that runs it; in a test, take
 * handles from the emulator ({@code emulator.function(...)}), or these if it is the only one
 * running.
 *
 * @param <R> the type its result is read as
 */
// of(): a method reference picks one overload: a method that returns a value, the one that reads
// it (the most specific, JLS 15.12.2.5); a void method, the void one. Lambdas are refused anyway.
@SuppressWarnings("overloads")
public final class RemoteFunction<R> {
  /** A static function without parameters, by reference. */
  @FunctionalInterface
  public interface Ref0<R> extends Serializable {
    R call() throws Exception;
  }

  /** A static function of one parameter, or a {@code @Method} without any (the instance first). */
  @FunctionalInterface
  public interface Ref1<A, R> extends Serializable {
    R call(A a) throws Exception;
  }

  /** Two parameters (for a {@code @Method}, the instance and one). */
  @FunctionalInterface
  public interface Ref2<A, B, R> extends Serializable {
    R call(A a, B b) throws Exception;
  }

  /** Three parameters (for a {@code @Method}, the instance and two). */
  @FunctionalInterface
  public interface Ref3<A, B, C, R> extends Serializable {
    R call(A a, B b, C c) throws Exception;
  }

  /** Four parameters (for a {@code @Method}, the instance and three). */
  @FunctionalInterface
  public interface Ref4<A, B, C, D, R> extends Serializable {
    R call(A a, B b, C c, D d) throws Exception;
  }

  /** A function that returns nothing, without parameters. */
  @FunctionalInterface
  public interface VoidRef0 extends Serializable {
    void call() throws Exception;
  }

  /** A function that returns nothing, of one parameter (or a {@code @Method} without any). */
  @FunctionalInterface
  public interface VoidRef1<A> extends Serializable {
    void call(A a) throws Exception;
  }

  /** A function that returns nothing, of two parameters. */
  @FunctionalInterface
  public interface VoidRef2<A, B> extends Serializable {
    void call(A a, B b) throws Exception;
  }

  static {
    Handles.register(
        new Handles.Binder() {
          @Override
          public Object bind(Object handle, CallBackend backend) {
            RemoteFunction<?> h = (RemoteFunction<?>) handle;
            return new RemoteFunction<>(
                backend, h.app, h.name, h.method, h.parameters, h.resultType, h.anchor);
          }

          @Override
          public Object byName(CallBackend backend, String app, String name) {
            return RemoteFunction.byName(backend, app, name, Map.of(), Object.class);
          }

          @Override
          public Object cls(CallBackend backend, String app, String name) {
            return RemoteCls.bound(backend, app, name);
          }

          @Override
          public Object call(CallBackend backend, String id) {
            return FunctionCall.bound(backend, id);
          }
        });
  }

  private final CallBackend backend; // null: found at each use (Backends.current())
  private final String app; // with name: a handle by name
  private final String name;
  private final Method method; // else: a handle by reference
  private final Map<String, ?> parameters;
  private final Type resultType;
  private final Class<?> anchor;

  private RemoteFunction(
      CallBackend backend,
      String app,
      String name,
      Method method,
      Map<String, ?> parameters,
      Type resultType,
      Class<?> anchor) {
    this.backend = backend;
    this.app = app;
    this.name = name;
    this.method = method;
    this.parameters = Map.copyOf(parameters);
    this.resultType = resultType;
    this.anchor = anchor;
  }

  /**
   * A function of a deployed app by its names, as {@code modal.Function.from_name}: results read as
   * plain JSON values (maps, lists, strings, numbers, booleans, null). A class's method is {@code
   * RemoteCls.fromName(app, "Model").method("predict")}.
   */
  public static RemoteFunction<Object> fromName(String app, String name) {
    return fromName(app, name, Object.class);
  }

  /** As {@link #fromName(String, String)}, with results read as {@code type}. */
  public static <R> RemoteFunction<R> fromName(String app, String name, Class<R> type) {
    if (name.contains(".")) {
      // modal-client py/modal/_functions.py, Function.from_name
      throw new InvalidError(
          "Invalid Function name: '"
              + name
              + "'. If you are trying to look up a class method, use `modal.Cls.from_name`"
              + " instead.");
    }
    return byName(null, app, name, Map.of(), type);
  }

  /**
   * For the emulator and {@link RemoteCls}: a handle by name bound to one emulator ({@code null}:
   * the one that runs the calling code).
   */
  static <R> RemoteFunction<R> byName(
      CallBackend backend, String app, String name, Map<String, ?> parameters, Class<R> type) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(name, "name");
    return new RemoteFunction<>(backend, app, name, null, parameters, type, type);
  }

  /** The function {@code reference} names, such as {@code JobQueueApp::status}. */
  public static <R> RemoteFunction<R> of(Ref0<R> reference) {
    return byReference(null, reference);
  }

  /** The function (or {@code @Method} without parameters) that {@code reference} names. */
  public static <A, R> RemoteFunction<R> of(Ref1<A, R> reference) {
    return byReference(null, reference);
  }

  /** The function that {@code reference} names. */
  public static <A, B, R> RemoteFunction<R> of(Ref2<A, B, R> reference) {
    return byReference(null, reference);
  }

  /** The function that {@code reference} names. */
  public static <A, B, C, R> RemoteFunction<R> of(Ref3<A, B, C, R> reference) {
    return byReference(null, reference);
  }

  /** The function that {@code reference} names. */
  public static <A, B, C, D, R> RemoteFunction<R> of(Ref4<A, B, C, D, R> reference) {
    return byReference(null, reference);
  }

  /** The function that {@code reference} names; it returns nothing ({@code null}). */
  public static RemoteFunction<Void> of(VoidRef0 reference) {
    return byReference(null, reference);
  }

  /** The function that {@code reference} names; it returns nothing ({@code null}). */
  public static <A> RemoteFunction<Void> of(VoidRef1<A> reference) {
    return byReference(null, reference);
  }

  /** The function that {@code reference} names; it returns nothing ({@code null}). */
  public static <A, B> RemoteFunction<Void> of(VoidRef2<A, B> reference) {
    return byReference(null, reference);
  }

  /** For the emulator: a handle by reference bound to one emulator ({@code null}: found). */
  static <R> RemoteFunction<R> byReference(CallBackend backend, Serializable reference) {
    Method method = MethodReferences.method(reference);
    Type returned = method.getGenericReturnType();
    return new RemoteFunction<>(
        backend, null, null, method, Map.of(), returned, method.getDeclaringClass());
  }

  /**
   * This handle for the containers of one parameter set of its class (its {@code @Parameter}
   * fields' values, by name; the others keep their defaults): the Java face of {@code
   * Model(size=3).predict}.
   */
  public RemoteFunction<R> withParameters(Map<String, ?> values) {
    return new RemoteFunction<>(backend, app, name, method, values, resultType, anchor);
  }

  private CallBackend backend() {
    return backend != null ? backend : Backends.current();
  }

  private CallTarget target() {
    CallBackend found = backend();
    return method != null
        ? found.function(method, parameters)
        : found.function(app, name, parameters);
  }

  /** Its name as calls give it: {@code process}, {@code Model.predict}. */
  public String name() {
    return name != null ? name : target().name();
  }

  /**
   * Calls it and waits for its result.
   *
   * @throws RemoteFunctionException when the function threw
   * @throws FunctionTimeoutError when the call ran past the function's timeout
   * @throws SerializationError when an argument or the result can't cross the boundary
   * @throws InvalidError when it is a web function or a generator
   */
  public R remote(Object... arguments) {
    CallTarget target = target();
    if (Boolean.TRUE.equals(target.generator())) {
      throw new InvalidError(
          "A generator function cannot be called with `.remote(...)`. Use `.remote_gen(...)`"
              + " instead.");
    }
    return read(await(target.start(Arrays.asList(arguments), "remote")));
  }

  /**
   * Calls it without waiting: the call runs in the function's containers, and its result is read
   * later, here or elsewhere by its id ({@link FunctionCall#fromId}).
   */
  public FunctionCall<R> spawn(Object... arguments) {
    CallTarget target = target();
    if (Boolean.TRUE.equals(target.generator())) {
      throw new InvalidError("Cannot `spawn` a generator function.");
    }
    Invocation invocation = target.start(Arrays.asList(arguments), "spawn");
    return new FunctionCall<>(backend(), invocation, resultType, anchor);
  }

  /**
   * Calls it once for each input (its only argument), in parallel across its containers, and gives
   * the results in the order of the inputs; the first failure is thrown when it is reached.
   */
  @SuppressWarnings("unchecked") // with exceptions thrown, every element is a result
  public Stream<R> map(Iterable<?> inputs) {
    return (Stream<R>) map(inputs, MapOptions.DEFAULTS);
  }

  /**
   * As {@link #map(Iterable)}, as {@code options} say: results as they finish, or a failed input's
   * exception in its place.
   */
  public Stream<Object> map(Iterable<?> inputs, MapOptions options) {
    List<List<?>> each = new ArrayList<>();
    inputs.forEach(input -> each.add(java.util.Collections.singletonList(input)));
    return run(each, options, "map");
  }

  /** As {@link #map(Iterable)}, with several arguments per input: the client's {@code starmap}. */
  @SuppressWarnings("unchecked") // with exceptions thrown, every element is a result
  public Stream<R> starmap(Iterable<? extends List<?>> inputs) {
    List<List<?>> each = new ArrayList<>();
    inputs.forEach(each::add);
    return (Stream<R>) (Stream<?>) run(each, MapOptions.DEFAULTS, "starmap");
  }

  /** Calls it once for each input and waits for every call; the first failure is thrown. */
  public void forEach(Iterable<?> inputs) {
    map(inputs).forEach(result -> {});
  }

  private Stream<Object> run(List<List<?>> inputs, MapOptions options, String verb) {
    CallTarget target = target();
    if (Boolean.TRUE.equals(target.generator())) {
      throw new InvalidError("A generator function cannot be called with `.map(...)`.");
    }
    Iterator<Object> results = target.map(inputs, options, verb, this::read);
    if (results == null) {
      results =
          new MapRun(target, inputs, options, verb.equals("starmap") ? "map" : verb, this::read);
    }
    return StreamSupport.stream(
        Spliterators.spliterator(results, inputs.size(), Spliterator.ORDERED), false);
  }

  /**
   * Calls a generator (a function that returns a {@code Stream} or an {@code Iterator}) and gives
   * its items as they come, the Java face of {@code remote_gen}: read as the item type the method
   * declares ({@code Stream<Integer>}: integers), or as plain JSON values for a handle by name.
   *
   * @param <T> the type of the items
   */
  public <T> Stream<T> remoteGen(Object... arguments) {
    CallTarget target = target();
    if (Boolean.FALSE.equals(target.generator())) {
      throw new InvalidError(
          "A non-generator function cannot be called with `.remote_gen(...)`. Use `.remote(...)`"
              + " instead.");
    }
    Iterator<com.fasterxml.jackson.databind.JsonNode> items =
        target.start(Arrays.asList(arguments), "remote_gen").items();
    Type itemType = itemType(resultType);
    @SuppressWarnings("unchecked") // read as the generator's item type, which T is
    Iterator<T> read =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return items.hasNext();
          }

          @Override
          public T next() {
            return (T) CallJson.read(items.next(), itemType, anchor);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(read, Spliterator.ORDERED), false);
  }

  /**
   * Runs it in the caller's thread, as the client's {@code .local()}: a static function is called
   * as it is; a {@code @Method} on a new instance of its class, with its parameters set and its
   * {@code @Enter} methods run. Only a handle made from a method reference has the definition.
   *
   * @throws ExecutionError for a handle by name
   */
  @SuppressWarnings("unchecked") // the method's own result
  public R local(Object... arguments) throws Exception {
    if (method == null) {
      throw new ExecutionError(
          "The definition for this Function is missing, so it is not possible to invoke it"
              + " locally. If this function was retrieved via `Function.from_name`, you need to use"
              + " one of the remote invocation methods instead.");
    }
    return (R) LocalCall.run(method, parameters, arguments);
  }

  /** Its URL when it is a web function, as {@code get_web_url()}; empty otherwise. */
  public Optional<String> getWebUrl() {
    return target().webUrl();
  }

  private static Object await(Invocation invocation) {
    try {
      return invocation.await(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      invocation.cancel(false);
      throw new ExecutionError("interrupted while waiting for " + invocation.function());
    }
  }

  @SuppressWarnings("unchecked") // read as resultType, which is R
  private R read(Object tree) {
    try {
      return (R)
          CallJson.read(
              (com.fasterxml.jackson.databind.JsonNode) tree,
              resultType == null || resultType == void.class ? Object.class : resultType,
              anchor);
    } catch (IllegalArgumentException e) {
      throw new SerializationError(
          "the result can't be read as " + resultType.getTypeName() + ": " + e.getMessage());
    }
  }

  private static Type itemType(Type generator) {
    if (generator instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
      return p.getActualTypeArguments()[0];
    }
    return generator instanceof Class<?> c
            && (java.util.stream.BaseStream.class.isAssignableFrom(c)
                || Iterator.class.isAssignableFrom(c))
        ? Object.class
        : generator;
  }

  @Override
  public String toString() {
    if (method != null) {
      return "RemoteFunction("
          + method.getDeclaringClass().getSimpleName()
          + "::"
          + method.getName()
          + (Modifier.isStatic(method.getModifiers()) ? "" : " @Method")
          + ")";
    }
    return "RemoteFunction.fromName(\"" + app + "\", \"" + name + "\")";
  }
}
