package io.github.modalemulator.internal.server;

import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import io.github.modalemulator.internal.runtime.IoThreadWatch;
import io.github.modalemulator.internal.runtime.RuntimeSettings;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What one {@link Deployment} runs: a container pool per static function or class, and a runtime
 * per web function. The edge routes to a generation's runtimes; container mode serves them on ports
 * of their own. Nothing starts until {@link #warm()}.
 */
public final class Generation {
  private final Deployment deployment;
  private final List<ContainerPool> pools;
  private final List<FunctionRuntime> runtimes;
  private final List<HttpHandler> handlers;
  private final List<ParameterSets> parameterSets;

  Generation(
      Deployment deployment,
      RuntimeSettings settings,
      ContainerKinds kinds,
      Executor starter,
      FunctionCalls calls,
      IoThreadWatch watch) {
    this.deployment = deployment;
    Map<PoolSpec, ContainerPool> pools = new IdentityHashMap<>();
    List<ContainerPool> ordered = new ArrayList<>();
    for (PoolSpec spec : deployment.pools()) {
      ContainerPool pool = new ContainerPool(spec, settings, kinds, starter);
      pools.put(spec, pool);
      ordered.add(pool);
    }
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
      runtimes.add(new FunctionRuntime(function, pool, settings, calls, watch));
    }
    this.runtimes = List.copyOf(runtimes);
    // A class with @Parameter fields: a router in front, to a pool per parameter set.
    Map<PoolSpec, ParameterSets> sets = new IdentityHashMap<>();
    for (PoolSpec spec : deployment.pools()) {
      if (spec.cls() == null || spec.cls().parameters().isEmpty()) {
        continue;
      }
      boolean allDefaults = spec.cls().parameters().stream().noneMatch(p -> p.required());
      ParameterSets.Group base = null;
      if (allDefaults) {
        Map<String, FunctionRuntime> byName = new java.util.HashMap<>();
        for (int i = 0; i < runtimes.size(); i++) {
          if (deployment.endpoints().get(i).pool() == spec) {
            byName.put(runtimes.get(i).definition().name(), runtimes.get(i));
          }
        }
        base = new ParameterSets.Group(pools.get(spec), byName);
      } else {
        ordered.remove(pools.get(spec)); // no set of values reaches it: never warmed
      }
      sets.put(
          spec,
          new ParameterSets(
              spec,
              base,
              setSpec -> {
                ContainerPool pool = new ContainerPool(setSpec, settings, kinds, starter);
                Map<String, FunctionRuntime> byName = new java.util.HashMap<>();
                for (FunctionDefinition function : setSpec.functions()) {
                  byName.put(
                      function.name(), new FunctionRuntime(function, pool, settings, calls, watch));
                }
                return new ParameterSets.Group(pool, byName);
              }));
    }
    this.pools = List.copyOf(ordered);
    this.parameterSets = List.copyOf(sets.values());
    List<HttpHandler> handlers = new ArrayList<>();
    for (int i = 0; i < runtimes.size(); i++) {
      ParameterSets set = sets.get(deployment.endpoints().get(i).pool());
      handlers.add(set == null ? runtimes.get(i) : set.router(runtimes.get(i).definition().name()));
    }
    this.handlers = List.copyOf(handlers);
  }

  /**
   * What the edge hands each endpoint's requests to, in the deployment's order: its runtime, or for
   * a class with {@code @Parameter} fields, the router to its parameter set's runtime.
   */
  public List<HttpHandler> handlers() {
    return handlers;
  }

  private List<ContainerPool> allPools() {
    if (parameterSets.isEmpty()) {
      return pools;
    }
    List<ContainerPool> all = new ArrayList<>(pools);
    parameterSets.forEach(set -> all.addAll(set.pools()));
    return all;
  }

  public Deployment deployment() {
    return deployment;
  }

  /** One per endpoint of the deployment, in its order. */
  public List<FunctionRuntime> runtimes() {
    return runtimes;
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
    for (Deployment.Endpoint endpoint : deployment.endpoints()) {
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
