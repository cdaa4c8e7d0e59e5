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
    this.pools = List.copyOf(ordered);
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

  /** Starts the containers that {@code minContainers} and {@code bufferContainers} ask for. */
  void warm() {
    pools.forEach(ContainerPool::tick);
  }

  /** The autoscaler's round; a failure in one pool leaves the others served. */
  void tick(long now) {
    for (ContainerPool pool : pools) {
      try {
        pool.checkDeadlines(now);
        pool.tick();
      } catch (RuntimeException | Error e) {
        Server.LOG.error("The autoscaler's round failed on the containers of {}", pool.name(), e);
      }
    }
  }

  public void stopIdleContainers() {
    pools.forEach(ContainerPool::stopIdleContainers);
  }

  /** Refuses waiting inputs and stops every container, in the calling thread. */
  void stop() {
    pools.forEach(ContainerPool::stop);
  }
}
