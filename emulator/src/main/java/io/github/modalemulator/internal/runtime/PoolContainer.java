package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.ClsSpec;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container of a pool: for a {@code @Cls} class, its instance (made, then entered) and the
 * serving part of each of its web methods; for a static function, that function's serving part. Its
 * counters are guarded by the pool's lock.
 */
final class PoolContainer {
  final String id;
  final long readyAt; // System.nanoTime() when it could serve
  private final Object instance; // null for a static function
  private final ClsSpec cls;
  private final Map<String, Container> byFunction;
  private final FunctionLog log;

  int inFlight; // guarded by the pool's lock
  long idleSince; // guarded by the pool's lock
  boolean retired; // guarded by the pool's lock: takes no new inputs, stops when idle

  private PoolContainer(
      String id, Object instance, ClsSpec cls, Map<String, Container> byFunction, FunctionLog log) {
    this.id = id;
    this.instance = instance;
    this.cls = cls;
    this.byFunction = byFunction;
    this.log = log;
    this.readyAt = System.nanoTime();
    this.idleSince = readyAt;
  }

  /**
   * The cloud's order: make the instance, run the enter hooks, then build each function's app
   * (factories), then serve. A failure stops what was made, in reverse, and fails the start.
   */
  static PoolContainer start(
      String id,
      ClsSpec cls,
      List<FunctionDefinition> functions,
      FastapiOptions fastapi,
      FunctionLog log)
      throws Exception {
    Object instance = null;
    if (cls != null) {
      instance = unwrapped(() -> cls.constructor().newInstance());
      for (Method enter : cls.enter()) {
        Object target = instance;
        unwrapped(() -> enter.invoke(target));
      }
    }
    Map<String, Container> byFunction = new LinkedHashMap<>();
    try {
      for (FunctionDefinition function : functions) {
        byFunction.put(function.name(), startOne(function, instance, fastapi, log));
      }
    } catch (Exception | Error failure) {
      new PoolContainer(id, instance, cls, byFunction, log).stop();
      throw failure;
    }
    return new PoolContainer(id, instance, cls, byFunction, log);
  }

  private static Container startOne(
      FunctionDefinition function, Object instance, FastapiOptions fastapi, FunctionLog log)
      throws Exception {
    return switch (function.web().kind()) {
      case ASGI_APP -> AsgiContainer.start(function, instance, log);
      case FASTAPI_ENDPOINT, WEB_ENDPOINT -> new FastapiContainer(function, instance, fastapi, log);
      case WSGI_APP -> WsgiContainer.start(function, instance, log);
      case WEB_SERVER -> WebServerContainer.start(function, instance, log);
    };
  }

  Container serving(String function) {
    return byFunction.get(function);
  }

  /** True once one of its parts can serve no more (a web server died): it is then replaced. */
  boolean failed() {
    for (Container container : byFunction.values()) {
      if (container.failed()) {
        return true;
      }
    }
    return false;
  }

  /** The apps' shutdown in reverse order of their start, then the exit hooks; never throws. */
  void stop() {
    List<Container> parts = new ArrayList<>(byFunction.values());
    for (int i = parts.size() - 1; i >= 0; i--) {
      parts.get(i).stop();
    }
    if (cls != null && instance != null) {
      for (Method exit : cls.exit()) {
        try {
          unwrapped(() -> exit.invoke(instance));
        } catch (Exception | Error e) {
          log.error(
              "exit hook " + cls.name() + "." + exit.getName() + "() of container " + id + " threw",
              e);
        }
      }
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static Object unwrapped(Call call) throws Exception {
    try {
      return call.run();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
