package io.github.modalemulator.internal.assembly;

import io.github.modalemulator.emulator.ContainerStats;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.runtime.CallRuntime;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import io.github.modalemulator.internal.runtime.IoThreadWatch;
import io.github.modalemulator.internal.runtime.RuntimeSettings;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What one {@link Deployment} runs: a container pool per static function or class, and for each web
 * endpoint of the deployment, in its order, one {@link Endpoint} holding what serves it. The edge
 * routes to a generation's endpoints; container mode serves them on ports of their own. Nothing
 * starts until {@link #warm()}.
 */
public final class Generation {
  /**
   * One web endpoint as the generation serves it: its definition, the runtime on its own pool, what
   * its requests are handed to, and, for a class with {@code @Parameter} fields, the pools of its
   * parameter sets, each made when a request first names it.
   */
  public static final class Endpoint {
    private final Deployment.Endpoint definition;
    private final FunctionRuntime runtime;
    private final HttpHandler handler;
    private final ParameterSets parameterSets; // null: the class has no @Parameter fields

    Endpoint(
        Deployment.Endpoint definition,
        FunctionRuntime runtime,
        HttpHandler handler,
        ParameterSets parameterSets) {
      this.definition = definition;
      this.runtime = runtime;
      this.handler = handler;
      this.parameterSets = parameterSets;
    }

    public Deployment.Endpoint definition() {
      return definition;
    }

    public FunctionDefinition function() {
      return definition.function();
    }

    /** The runtime on the endpoint's own pool (the set of every default, for parameters). */
    public FunctionRuntime runtime() {
      return runtime;
    }

    /**
     * What the edge hands the endpoint's requests to: its runtime, or its parameter sets' router.
     */
    public HttpHandler handler() {
      return handler;
    }

    /** Every pool serving the endpoint now: its own, then each parameter set's. */
    public List<ContainerPool> pools() {
      return poolsOf(runtime.pool(), parameterSets);
    }

    /** The log lines of every pool serving it, its own pool's first. */
    public List<String> logLines() {
      List<ContainerPool> pools = pools();
      if (pools.size() == 1) {
        return pools.get(0).log().lines();
      }
      List<String> lines = new ArrayList<>();
      pools.forEach(pool -> lines.addAll(pool.log().lines()));
      return List.copyOf(lines);
    }

    /** The figures of every pool serving it, added up. */
    public ContainerStats stats() {
      List<ContainerPool> pools = pools();
      if (pools.size() == 1) {
        return pools.get(0).stats();
      }
      int live = 0;
      int starting = 0;
      int inFlight = 0;
      int queued = 0;
      long started = 0;
      long cold = 0;
      for (ContainerPool pool : pools) {
        ContainerStats stats = pool.stats();
        live += stats.live();
        starting += stats.starting();
        inFlight += stats.inputsInFlight();
        queued += stats.queuedInputs();
        started += stats.containersStarted();
        cold += stats.coldStartInputs();
      }
      return new ContainerStats(live, starting, inFlight, queued, started, cold);
    }
  }

  /**
   * One function that code calls as the generation serves it: its runtime on its own pool, and for
   * a class with {@code @Parameter} fields the pools of its parameter sets.
   */
  public static final class Callee {
    private final CallRuntime runtime;
    private final ParameterSets parameterSets; // null: the class has no @Parameter fields

    Callee(CallRuntime runtime, ParameterSets parameterSets) {
      this.runtime = runtime;
      this.parameterSets = parameterSets;
    }

    /** The runtime on the function's own pool (the set of every default, for parameters). */
    public CallRuntime runtime() {
      return runtime;
    }

    public FunctionDefinition function() {
      return runtime.definition();
    }

    /** Every pool serving the function now: its own, then each parameter set's. */
    public List<ContainerPool> pools() {
      return poolsOf(runtime.pool(), parameterSets);
    }
  }

  /** {@code own}, then the pools of the parameter sets (none when {@code sets} is null). */
  private static List<ContainerPool> poolsOf(ContainerPool own, ParameterSets sets) {
    if (sets == null) {
      return List.of(own);
    }
    List<ContainerPool> all = new ArrayList<>();
    all.add(own);
    all.addAll(sets.pools());
    return all;
  }

  private final List<ContainerPool> pools;
  private final List<Endpoint> endpoints;
  private final List<Callee> callees;
  private final List<ParameterSets> parameterSets;
  private final Map<String, CallRuntime> callRuntimes; // by app and name
  private final Map<String, ParameterSets> setsByCls; // by app and class name
  private final List<FunctionDefinition> allFunctions;

  Generation(
      Deployment deployment,
      RuntimeSettings settings,
      ContainerKinds kinds,
      Executor starter,
      FunctionCalls calls,
      IoThreadWatch watch,
      Calls called,
      Executor inputs) {
    Map<PoolSpec, ContainerPool> pools = new IdentityHashMap<>();
    List<ContainerPool> ordered = new ArrayList<>();
    for (PoolSpec spec : deployment.pools()) {
      ContainerPool pool = new ContainerPool(spec, settings, kinds, starter);
      pool.callsGoTo(called);
      pools.put(spec, pool);
      ordered.add(pool);
    }
    Map<PoolSpec, Map<String, FunctionRuntime>> runtimesByPool = new IdentityHashMap<>();
    List<FunctionRuntime> runtimes = new ArrayList<>();
    for (Deployment.Endpoint endpoint : deployment.endpoints()) {
      ContainerPool pool = pools.get(endpoint.pool());
      FunctionDefinition function = endpoint.function();
      if (function.web().kind() == WebKind.WEB_ENDPOINT) {
        pool.log()
            .warn(
                "@WebEndpoint on "
                    + function.where()
                    + " is deprecated: 2025-03-05: The `@modal.web_endpoint` decorator has been"
                    + " renamed to `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the same"
                    + " attributes.");
      }
      FunctionRuntime runtime = new FunctionRuntime(function, pool, settings, calls, watch);
      runtimes.add(runtime);
      runtimesByPool
          .computeIfAbsent(endpoint.pool(), spec -> new HashMap<>())
          .put(function.name(), runtime);
    }
    Map<String, CallRuntime> callees = new HashMap<>();
    for (Deployment.Callee callee : deployment.callees()) {
      callees.put(
          key(callee.function().appName(), callee.function().name()),
          new CallRuntime(
              callee.function(),
              pools.get(callee.pool()),
              settings,
              inputs,
              called,
              called.ledger()));
    }
    this.callRuntimes = callees;
    // A class with @Parameter fields: a router in front, to a pool per parameter set.
    Map<PoolSpec, ParameterSets> sets = new IdentityHashMap<>();
    Map<String, ParameterSets> setsByCls = new HashMap<>();
    for (PoolSpec spec : deployment.pools()) {
      if (spec.cls() == null || spec.cls().parameters().isEmpty()) {
        continue;
      }
      boolean allDefaults = spec.cls().parameters().stream().noneMatch(p -> p.required());
      ParameterSets.Group base = null;
      if (allDefaults) {
        Map<String, CallRuntime> baseCalls = new HashMap<>();
        callees.forEach(
            (k, runtime) -> {
              if (runtime.pool().spec() == spec) {
                baseCalls.put(runtime.definition().name(), runtime);
              }
            });
        base =
            new ParameterSets.Group(
                pools.get(spec), runtimesByPool.getOrDefault(spec, Map.of()), baseCalls);
      } else {
        ordered.remove(pools.get(spec)); // no set of values reaches it: never warmed
      }
      ParameterSets set =
          new ParameterSets(
              spec,
              base,
              setSpec -> {
                ContainerPool pool = new ContainerPool(setSpec, settings, kinds, starter);
                pool.callsGoTo(called);
                Map<String, FunctionRuntime> byName = new HashMap<>();
                Map<String, CallRuntime> callsByName = new HashMap<>();
                for (FunctionDefinition function : setSpec.functions()) {
                  if (function.web() == null) {
                    callsByName.put(
                        function.name(),
                        new CallRuntime(function, pool, settings, inputs, called, called.ledger()));
                  } else {
                    byName.put(
                        function.name(),
                        new FunctionRuntime(function, pool, settings, calls, watch));
                  }
                }
                return new ParameterSets.Group(pool, byName, callsByName);
              });
      sets.put(spec, set);
      setsByCls.put(key(spec.functions().get(0).appName(), spec.cls().name()), set);
    }
    this.setsByCls = setsByCls;
    List<FunctionDefinition> functions = new ArrayList<>();
    deployment.apps().forEach(app -> functions.addAll(app.functions()));
    this.allFunctions = List.copyOf(functions);
    this.pools = List.copyOf(ordered);
    this.parameterSets = List.copyOf(sets.values());
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < runtimes.size(); i++) {
      Deployment.Endpoint definition = deployment.endpoints().get(i);
      FunctionRuntime runtime = runtimes.get(i);
      ParameterSets set = sets.get(definition.pool());
      endpoints.add(
          new Endpoint(
              definition,
              runtime,
              set == null ? runtime : set.router(runtime.definition().name()),
              set));
    }
    this.endpoints = List.copyOf(endpoints);
    List<Callee> served = new ArrayList<>();
    for (Deployment.Callee callee : deployment.callees()) {
      FunctionDefinition function = callee.function();
      served.add(
          new Callee(
              callees.get(key(function.appName(), function.name())), sets.get(callee.pool())));
    }
    this.callees = List.copyOf(served);
  }

  private static String key(String app, String name) {
    return app + "\u0000" + name;
  }

  /**
   * The runtime of a function that code calls, or null when it has none; a class's method runs in
   * the containers of the parameter set {@code parameters} names (empty: every default).
   *
   * @throws IllegalArgumentException when the values don't fit the class's parameters
   */
  public CallRuntime callRuntime(String app, String name, Map<String, ?> parameters) {
    int dot = name.indexOf('.');
    ParameterSets set = dot < 0 ? null : setsByCls.get(key(app, name.substring(0, dot)));
    if (set == null) {
      if (!parameters.isEmpty() && callRuntimes.containsKey(key(app, name))) {
        throw new IllegalArgumentException(
            name + " has no @Parameter fields; it takes no parameter values: " + parameters);
      }
      return callRuntimes.get(key(app, name));
    }
    if (!callRuntimes.containsKey(key(app, name))) {
      return null;
    }
    return set.callRuntime(name, parameters);
  }

  /** Every function of the generation's apps, web or not, in app then method order. */
  public List<FunctionDefinition> allFunctions() {
    return allFunctions;
  }

  /** {@code app/name} of every function, for messages. */
  public List<String> functionNames() {
    return allFunctions.stream().map(f -> f.appName() + "/" + f.name()).toList();
  }

  /** One per function that code calls, in the deployment's order. */
  public List<Callee> callees() {
    return callees;
  }

  /** One per web endpoint of the deployment, in its order. */
  public List<Endpoint> endpoints() {
    return endpoints;
  }

  private List<ContainerPool> allPools() {
    if (parameterSets.isEmpty()) {
      return pools;
    }
    List<ContainerPool> all = new ArrayList<>(pools);
    parameterSets.forEach(set -> all.addAll(set.pools()));
    return all;
  }

  public List<ContainerPool> pools() {
    return pools;
  }

  /** No input runs or waits in any of its containers. */
  boolean idle() {
    for (ContainerPool pool : allPools()) {
      var stats = pool.stats();
      if (stats.inputsInFlight() > 0 || stats.queuedInputs() > 0) {
        return false;
      }
    }
    return true;
  }

  /** The ports of its web servers. */
  java.util.Set<Integer> webServerPorts() {
    java.util.Set<Integer> ports = new java.util.HashSet<>();
    for (Endpoint endpoint : endpoints) {
      if (endpoint.function().web().kind() == WebKind.WEB_SERVER) {
        ports.add(endpoint.function().web().port());
      }
    }
    return ports;
  }

  /** Starts the containers that {@code minContainers} and {@code bufferContainers} ask for. */
  void warm() {
    pools.forEach(ContainerPool::tick);
  }

  /** The autoscaler's round; a failure in one pool leaves the others served. */
  void tick(long now) {
    parameterSets.forEach(ParameterSets::sweep);
    for (ContainerPool pool : allPools()) {
      try {
        pool.checkDeadlines(now);
        pool.tick();
      } catch (RuntimeException | Error e) {
        Server.LOG.error("The autoscaler's round failed on the containers of {}", pool.name(), e);
      }
    }
  }

  public void stopIdleContainers() {
    allPools().forEach(ContainerPool::stopIdleContainers);
  }

  /** Refuses waiting inputs and stops every container, in the calling thread. */
  void stop() {
    parameterSets.forEach(ParameterSets::stop);
    pools.forEach(ContainerPool::stop);
  }

  /** As {@link #stop()}, for a generation that a reload replaced. */
  void stopReplaced() {
    parameterSets.forEach(
        set -> set.stop(pool -> pool.stop(ContainerPool.RELOAD, "replaced by a reload")));
    pools.forEach(pool -> pool.stop(ContainerPool.RELOAD, "replaced by a reload"));
  }
}
