package io.github.modalemulator.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modalemulator.SerializationError;
import io.github.modalemulator.internal.calls.CallBackend;
import io.github.modalemulator.internal.calls.CallJson;
import io.github.modalemulator.internal.calls.CallLedger;
import io.github.modalemulator.internal.calls.CallRecord;
import io.github.modalemulator.internal.calls.Invocation;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs one function that code calls (a {@code @Function} without a web annotation, or a
 * {@code @Method} of a class): each call is an input of the function's pool, as a request is of a
 * web function's, that queues, starts containers, respects concurrency and times out.
 */
public final class CallRuntime {
  private final FunctionDefinition function;
  private final ContainerPool pool;
  private final Executor inputs;
  private final Ticker ticker;
  private final long timeoutNanos;
  private final CallBackend backend;
  private final CallLedger ledger;

  /**
   * @param inputs runs each input's code on a thread of its own
   * @param backend what calls made by the function's code go to
   * @param ledger where each call is kept, for its id and the dashboard
   */
  public CallRuntime(
      FunctionDefinition function,
      ContainerPool pool,
      RuntimeSettings settings,
      Executor inputs,
      CallBackend backend,
      CallLedger ledger) {
    this.function = function;
    this.pool = pool;
    this.inputs = inputs;
    this.ticker = settings.ticker();
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(function.scaling().timeout());
    this.backend = backend;
    this.ledger = ledger;
  }

  public FunctionDefinition definition() {
    return function;
  }

  public ContainerPool pool() {
    return pool;
  }

  Executor inputs() {
    return inputs;
  }

  Ticker ticker() {
    return ticker;
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  ClassLoader appLoader() {
    return pool.spec().appLoader();
  }

  CallBackend backend() {
    return backend;
  }

  /**
   * One input: the arguments cross the boundary here, in the caller's thread, so that one that
   * can't fails the call before it is queued.
   *
   * @throws SerializationError naming the argument, its parameter and type
   * @throws IllegalArgumentException when the count of arguments is not the method's
   */
  public Invocation start(List<?> arguments, String verb) {
    Method method = function.method();
    Parameter[] parameters = method.getParameters();
    if (arguments.size() != parameters.length) {
      throw new IllegalArgumentException(
          function.name()
              + " takes "
              + parameters.length
              + (parameters.length == 1 ? " argument (" : " arguments (")
              + signature(method)
              + "), "
              + arguments.size()
              + (arguments.size() == 1 ? " was" : " were")
              + " given");
    }
    Type[] types = method.getGenericParameterTypes();
    List<JsonNode> trees = new ArrayList<>(parameters.length);
    for (int i = 0; i < parameters.length; i++) {
      Object value = arguments.get(i);
      String what = describeArgument(function.name(), parameters[i], types[i]);
      JsonNode tree;
      try {
        tree = CallJson.write(value, value == null ? null : value.getClass());
      } catch (IllegalArgumentException e) {
        throw new SerializationError(
            what
                + ": the "
                + value.getClass().getName()
                + " given can't be sent to the function's container as JSON (the cloud pickles"
                + " it; the emulator writes it with Jackson): "
                + e.getMessage());
      }
      try {
        CallJson.read(tree, types[i], method.getDeclaringClass());
      } catch (IllegalArgumentException e) {
        throw new SerializationError(
            what
                + ": the "
                + (value == null ? "null" : value.getClass().getName())
                + " given, sent as "
                + abbreviated(CallJson.text(tree))
                + ", can't be read as "
                + types[i].getTypeName()
                + ": "
                + e.getMessage());
      }
      trees.add(tree);
    }
    CallRecord record =
        new CallRecord(CallLedger.newId(), function.appName(), function.name(), verb, trees);
    CallInput input = new CallInput(this, record, trees, ticker.nanoTime());
    ledger.add(record, input);
    Container now = pool.tryLeaseNow(input);
    if (now != null) {
      input.leased(now, false);
    } else {
      pool.lease(input);
    }
    return input;
  }

  /** {@code argument 'text' (String text) of process}: how errors name an argument. */
  static String describeArgument(String function, Parameter parameter, Type type) {
    return "argument '"
        + parameter.getName()
        + "' ("
        + simpleName(type)
        + " "
        + parameter.getName()
        + ") of "
        + function;
  }

  private static String signature(Method method) {
    List<String> parts = new ArrayList<>();
    Type[] types = method.getGenericParameterTypes();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      parts.add(simpleName(types[i]) + " " + parameters[i].getName());
    }
    return String.join(", ", parts);
  }

  private static String simpleName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
  }

  private static String abbreviated(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
