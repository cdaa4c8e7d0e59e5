package io.github.modalemulator.internal.assembly;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.NotFoundError;
import io.github.modalemulator.emulator.FunctionStub;
import io.github.modalemulator.internal.calls.Bridge;
import io.github.modalemulator.internal.calls.CallBackend;
import io.github.modalemulator.internal.calls.CallLedger;
import io.github.modalemulator.internal.calls.CallTarget;
import io.github.modalemulator.internal.calls.Invocation;
import io.github.modalemulator.internal.calls.StubTarget;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.runtime.CallRuntime;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The calls of one emulator: its functions by name (in the generation served now), its stubs, and
 * every call made, by id.
 */
public final class Calls implements CallBackend {
  private final CallLedger ledger = new CallLedger();
  private final Map<String, FunctionStub> stubs = new ConcurrentHashMap<>();
  private final Executor inputs;
  private volatile Supplier<Generation> generation = () -> null;
  private volatile Function<FunctionDefinition, String> webUrls = f -> null;
  private volatile Bridge bridge; // an exported container's: every call goes through it

  Calls(Executor inputs) {
    this.inputs = inputs;
  }

  /** Where calls find functions: the generation served now, and the URL of a web function. */
  void serve(Supplier<Generation> current, Function<FunctionDefinition, String> urls) {
    this.generation = current;
    this.webUrls = urls;
  }

  /**
   * Sends every call made here to an exported container's bridge, which makes it with the cloud
   * client: functions are found by name there, not among those served here.
   */
  void goThrough(Bridge bridge) {
    this.bridge = bridge;
  }

  public CallLedger ledger() {
    return ledger;
  }

  public void stub(String app, String name, FunctionStub stub) {
    stubs.put(key(app, name), stub);
  }

  public void clearStubs() {
    stubs.clear();
  }

  private static String key(String app, String name) {
    return app + "\u0000" + name;
  }

  @Override
  public CallTarget function(String app, String name, Map<String, ?> parameters) {
    Bridge through = bridge;
    if (through != null) {
      return through.function(app, name, parameters);
    }
    FunctionStub stub = stubs.get(key(app, name));
    if (stub != null) {
      return new StubTarget(app, name, stub, inputs, ledger);
    }
    Generation served = generation.get();
    if (served != null) {
      CallRuntime runtime = served.callRuntime(app, name, parameters);
      if (runtime != null) {
        return new Deployed(runtime);
      }
      for (Generation.Endpoint endpoint : served.endpoints()) {
        FunctionDefinition function = endpoint.function();
        if (function.appName().equals(app) && function.name().equals(name)) {
          return new Web(function, webUrls.apply(function));
        }
      }
    }
    throw new NotFoundError(
        "Function '"
            + name
            + "' of app '"
            + app
            + "' not found here; the functions served are: "
            + (served == null ? List.of() : served.functionNames())
            + (stubs.isEmpty() ? "" : ", and stubs of " + stubNames()));
  }

  private List<String> stubNames() {
    List<String> names = new ArrayList<>();
    stubs.keySet().forEach(k -> names.add(k.replace('\u0000', '/')));
    names.sort(null);
    return names;
  }

  @Override
  public CallTarget function(Method method, Map<String, ?> parameters) {
    Generation served = generation.get();
    if (served != null) {
      for (FunctionDefinition function : served.allFunctions()) {
        if (sameMethod(function.method(), method)) {
          return function(function.appName(), function.name(), parameters);
        }
      }
    }
    throw new NotFoundError(
        method.getDeclaringClass().getName()
            + "."
            + method.getName()
            + " is no function of the apps served here; annotate it with @Function (or @Method"
            + " in a @Cls class) and serve its @App");
  }

  private static boolean sameMethod(Method a, Method b) {
    return a.getName().equals(b.getName())
        && a.getDeclaringClass().getName().equals(b.getDeclaringClass().getName())
        && Arrays.equals(names(a.getParameterTypes()), names(b.getParameterTypes()));
  }

  private static String[] names(Class<?>[] types) {
    return Arrays.stream(types).map(Class::getName).toArray(String[]::new);
  }

  @Override
  public Invocation call(String id) {
    Bridge through = bridge;
    if (through != null) {
      return through.call(id);
    }
    CallLedger.Entry entry = ledger.find(id);
    if (entry == null) {
      throw new NotFoundError(
          "Function call "
              + id
              + " not found: no call made here has this id (the emulator keeps the newest "
              + CallLedger.CAPACITY
              + " calls)");
    }
    return entry.invocation();
  }

  /** A function of a deployed app. */
  private record Deployed(CallRuntime runtime) implements CallTarget {
    @Override
    public String app() {
      return runtime.definition().appName();
    }

    @Override
    public String name() {
      return runtime.definition().name();
    }

    @Override
    public Boolean generator() {
      return runtime.definition().generator();
    }

    @Override
    public Optional<String> webUrl() {
      return Optional.empty();
    }

    @Override
    public Invocation start(List<?> arguments, String verb) {
      return runtime.start(arguments, verb);
    }
  }

  /** A web function: its URL, and the cloud's refusal of calls. */
  private record Web(FunctionDefinition function, String url) implements CallTarget {
    @Override
    public String app() {
      return function.appName();
    }

    @Override
    public String name() {
      return function.name();
    }

    @Override
    public Boolean generator() {
      return false;
    }

    @Override
    public Optional<String> webUrl() {
      return Optional.ofNullable(url);
    }

    @Override
    public Invocation start(List<?> arguments, String verb) {
      // modal-client py/modal/_functions.py, _check_no_web_url
      throw new InvalidError(
          "A webhook function cannot be invoked for remote execution with `."
              + verb
              + "`. Invoke this function via its web url '"
              + url
              + "' or call it locally: "
              + function.name()
              + ".local()");
    }
  }
}
