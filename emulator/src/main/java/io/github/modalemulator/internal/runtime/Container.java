package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.ClsSpec;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.github.modalemulator.internal.isolation.ContainerScope;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container of a pool: for a {@code @Cls} class, its instance (made, then entered) and the
 * serving part of each of its web methods; for a static function, that function's serving part. Its
 * inputs and flags are guarded by the pool's lock.
 */
final class Container {
  final String id;
  final long readyAt; // the pool's ticker, when it could serve
  private final Object instance; // null for a static function
  private final ClsSpec cls;
  private final Map<String, ServingPart> byFunction;
  private final Map<String, FunctionDefinition> callables; // the functions code calls, by name
  private final ServingPart[] parts; // the same, in start order: checked on every lease
  private final FunctionLog log;
  private final ClassLoader own; // its own copy of the app's classes; null: the pool's
  private int serverPort; // a server replica's port, held until it stops; 0: none

  final List<PoolInput> inputs = new ArrayList<>(1); // guarded by the pool's lock
  long idleSince; // guarded by the pool's lock
  boolean retired; // guarded by the pool's lock: takes no new inputs, stops when idle
  String retiredWhy; // guarded by the pool's lock; for the dashboard's stop reason
  long coldStartInputs; // guarded by the pool's lock; inputs that waited for this one to start

  private Container(
      String id,
      Object instance,
      ClsSpec cls,
      Map<String, ServingPart> byFunction,
      Map<String, FunctionDefinition> callables,
      FunctionLog log,
      ClassLoader own,
      long readyAt) {
    this.id = id;
    this.callables = callables;
    this.own = own;
    this.instance = instance;
    this.cls = cls;
    this.byFunction = byFunction;
    this.parts = byFunction.values().toArray(ServingPart[]::new);
    this.log = log;
    this.readyAt = readyAt;
    this.idleSince = readyAt;
  }

  /**
   * The cloud's order: make the instance, run the enter hooks, then build each function's app
   * (factories), then serve. A failure stops what was made, in reverse, and fails the start.
   */
  static Container start(
      String id,
      PoolSpec spec,
      ContainerKinds kinds,
      FunctionLog log,
      Ticker ticker,
      ClassLoader own)
      throws Exception {
    ClsSpec cls = spec.cls();
    FunctionDefinition server = spec.functions().get(0);
    if (server.web() != null && server.web().kind().isServer()) {
      return startReplica(id, spec, server, kinds, log, ticker, own);
    }
    Object instance = cls == null ? null : entered(cls);
    Map<String, ServingPart> byFunction = new LinkedHashMap<>();
    Map<String, FunctionDefinition> callables = new LinkedHashMap<>();
    try {
      for (FunctionDefinition function : spec.functions()) {
        if (function.web() == null) {
          callables.put(function.name(), function);
        } else {
          byFunction.put(function.name(), kinds.start(function, instance, log));
        }
      }
    } catch (Exception | Error failure) {
      new Container(id, instance, cls, byFunction, callables, log, null, 0).stop();
      throw failure;
    }
    return new Container(id, instance, cls, byFunction, callables, log, own, ticker.nanoTime());
  }

  /** The class's instance, made, given its parameter values, then entered. */
  private static Object entered(ClsSpec cls) throws Exception {
    Object instance = UserCode.construct(cls.constructor());
    cls.assignParameters(instance);
    for (Method enter : cls.enter()) {
      UserCode.invoke(enter, instance);
    }
    return instance;
  }

  /**
   * A server's replica: its enter hooks start the server on the replica's port ({@link
   * io.github.modalemulator.ExecutionContext#port()}), then the edge forwards to that port once it
   * accepts connections. What the hooks started in processes is stopped with the replica.
   */
  private static Container startReplica(
      String id,
      PoolSpec spec,
      FunctionDefinition server,
      ContainerKinds kinds,
      FunctionLog log,
      Ticker ticker,
      ClassLoader own)
      throws Exception {
    ClsSpec cls = spec.cls();
    int port = ReplicaPorts.reserve(server.web().port());
    Object instance = null;
    List<ProcessHandle> processes = List.of();
    boolean started = false;
    try {
      long bindAddressCalls = io.github.modalemulator.ExecutionContext.bindAddressCalls();
      ProcessClaim claim = ProcessClaim.begin();
      try {
        instance = ContainerScope.withServerPort(port, () -> entered(cls));
      } finally {
        processes = claim.end();
      }
      boolean asked =
          io.github.modalemulator.ExecutionContext.bindAddressCalls() != bindAddressCalls;
      ServingPart part =
          WebServerPart.attach(server, port, log, kinds.strictBind(), processes, asked);
      Container container =
          new Container(
              id,
              instance,
              cls,
              Map.of(server.name(), part),
              Map.of(),
              log,
              own,
              ticker.nanoTime());
      container.serverPort = port;
      started = true;
      return container;
    } finally {
      if (!started) {
        ProcessTrees.stop(processes);
        if (instance != null) {
          new Container(id, instance, cls, Map.of(), Map.of(), log, null, 0).stop();
        }
        ReplicaPorts.release(port);
      }
    }
  }

  /**
   * A container whose functions a child JVM serves ({@link ProcessContainer}): no instance here.
   */
  static Container ofProcess(
      String id, Map<String, ServingPart> parts, FunctionLog log, long readyAt, int serverPort) {
    Container container = new Container(id, null, null, parts, Map.of(), log, null, readyAt);
    container.serverPort = serverPort;
    return container;
  }

  /** The context class loader of its code: its own loader, else the pool's {@code appLoader}. */
  ClassLoader codeLoader(ClassLoader appLoader) {
    return own != null ? own : appLoader;
  }

  /** The container's copy of a function that code calls (its own class loader's, if it has one). */
  FunctionDefinition callable(String function) {
    return callables.get(function);
  }

  /** The instance of its class, or null for a static function. */
  Object instance() {
    return instance;
  }

  ServingPart serving(String function) {
    return byFunction.get(function);
  }

  int inFlight() {
    return inputs.size();
  }

  /** True once one of its parts can serve no more (a web server died): it is then replaced. */
  boolean failed() {
    for (ServingPart container : parts) {
      if (container.failed()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The apps' shutdown in reverse order of their start, then the exit hooks; never throws. Its own
   * class loader is left open: code that the app started may still load classes while it ends (a
   * web server abandoned at its start timeout closes when it returns); the loader and its classes
   * go once nothing holds them, and its jar files with them.
   */
  void stop() {
    for (int i = parts.length - 1; i >= 0; i--) {
      parts[i].stop();
    }

    if (cls != null && instance != null) {
      for (Method exit : cls.exit()) {
        try {
          UserCode.invoke(exit, instance);
        } catch (Exception | Error e) {
          log.error(
              "exit hook " + cls.name() + "." + exit.getName() + "() of container " + id + " threw",
              e);
        }
      }
    }
    if (serverPort != 0) {
      ReplicaPorts.release(serverPort); // after the exit hooks, which stop its server
    }
  }
}
