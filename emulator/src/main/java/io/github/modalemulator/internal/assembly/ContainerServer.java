package io.github.modalemulator.internal.assembly;

import io.github.modalemulator.internal.calls.Bridge;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import io.github.modalemulator.internal.runtime.fastapi.FastapiPart;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one container of the cloud runs for some functions of an app, and nothing of the cloud's
 * edge: no label routing, proxy auth, 303s or autoscaling (the edge in front does those). Each web
 * function listens on a port of its own and its requests go straight to its runtime; a {@code
 * web_server} function starts its own server on its declared port. A function that code calls takes
 * its inputs on a call port of its own on loopback ({@link CallPortHandler}), from the container's
 * Python process. Each pool is one container, made (and a class's {@code @Enter} hooks run) before
 * the first port opens, and stopped (its {@code @Exit} hooks run) at close. With a bridge, the
 * calls that the code makes go to it ({@link Bridge}).
 */
public final class ContainerServer implements AutoCloseable {
  /**
   * A function served on a port, whether the port is the function's own server's, whether the
   * function requires proxy auth (which the cloud's edge checks, not the container), and whether it
   * is a function that code calls, on a loopback call port.
   */
  public record Listening(
      String function, int port, boolean ownServer, boolean requiresProxyAuth, boolean called) {
    public Listening(String function, int port, boolean ownServer, boolean requiresProxyAuth) {
      this(function, port, ownServer, requiresProxyAuth, false);
    }
  }

  /** Where call ports listen: the container's Python process is their only client. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The port of the first function given none, as the cloud's examples use. */
  public static final int DEFAULT_PORT = 8000;

  private final Server server;
  private final List<Listening> served;

  private ContainerServer(Server server, List<Listening> served) {
    this.server = server;
    this.served = served;
  }

  /**
   * Starts the containers, then listens.
   *
   * @param deployment one container's part of a deployment ({@link Deployment#inOneContainer})
   * @param ports the port of each function that is not a web server, by name; those without one get
   *     8000, 8001, ... in the deployment's order (web functions, then those that code calls), as
   *     the cloud's export of them does
   * @param bridge where the calls that the code makes go, or null: to the functions served here
   * @throws IllegalStateException when a container fails to start (the cause says why)
   */
  public static ContainerServer start(
      Settings settings, Deployment deployment, Map<String, Integer> ports, URI bridge) {
    Server server = new Server(settings);
    if (bridge != null) {
      server.calls().goThrough(new Bridge(bridge));
    }
    try {
      Generation generation =
          server.generation(
              deployment,
              ContainerKinds.of(
                  FastapiPart.kind(
                      new FastapiOptions(
                          settings.functions().json(), settings.functions().fastapiStack())),
                  settings.http().servletForms(),
                  settings.functions().strictWebServerBind()),
              new FunctionCalls(),
              settings.runtime().withoutGateway());
      Generation current = generation;
      server.calls().serve(() -> current, function -> null);
      server.serve(generation);
      for (ContainerPool pool : generation.pools()) {
        awaitStart(pool);
      }
      List<Server.Listener> listeners = new ArrayList<>();
      List<Listening> served = new ArrayList<>();
      int nextDefault = DEFAULT_PORT;
      for (Generation.Endpoint endpoint : generation.endpoints()) {
        FunctionDefinition function = endpoint.function();
        boolean guarded = function.web().requiresProxyAuth();
        if (function.web().kind().forwards()) {
          served.add(new Listening(function.name(), function.web().port(), true, guarded));
        } else {
          Integer given = ports.get(function.name());
          if (given == null) {
            given = ports.get(Labels.snakeCase(function.name()));
          }
          int port = given != null ? given : nextDefault++;
          listeners.add(
              new Server.Listener(port, settings.http().bindAddress(), endpoint.handler()));
          served.add(new Listening(function.name(), port, false, guarded));
        }
      }
      for (Deployment.Callee callee : deployment.callees()) {
        FunctionDefinition function = callee.function();
        Integer given = ports.get(function.name());
        if (given == null) {
          given = ports.get(Labels.snakeCase(function.name()));
        }
        int port = given != null ? given : nextDefault++;
        listeners.add(
            new Server.Listener(
                port,
                LOOPBACK,
                new CallPortHandler(
                    function.name(),
                    // a class's parameter set is the container's: its defaults are the values given
                    () -> current.callRuntime(function.appName(), function.name(), Map.of()),
                    server.inputs())));
        served.add(new Listening(function.name(), port, false, false, true));
      }
      server.start(listeners);
      List<Integer> bound = server.ports();
      List<Listening> actual = new ArrayList<>();
      int next = 0;
      for (Listening s : served) {
        actual.add(
            s.ownServer()
                ? s
                : new Listening(
                    s.function(), bound.get(next++), false, s.requiresProxyAuth(), s.called()));
      }
      return new ContainerServer(server, List.copyOf(actual));
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private static void awaitStart(ContainerPool pool) {
    try {
      // A web server's own start has its startup timeout; the rest get the stop timeout's worth.
      pool.firstStart().get(10 * 60, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      throw new IllegalStateException(
          "the container of " + pool.name() + " failed to start: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the container of " + pool.name() + " did not start in 10 min");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the containers started", e);
    }
  }

  /** The functions served, with their bound ports, in the deployment's order. */
  public List<Listening> served() {
    return served;
  }

  /** Stops gracefully: requests in flight finish, then the containers stop ({@code @Exit}). */
  @Override
  public void close() {
    server.close();
  }
}
