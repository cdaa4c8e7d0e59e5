package io.github.modalemulator.internal.assembly;

import io.github.modalemulator.emulator.ContainerStats;
import io.github.modalemulator.internal.definition.ClsSpec;
import io.github.modalemulator.internal.definition.ParameterSpec;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.PlainText;
import io.github.modalemulator.internal.runtime.CallRuntime;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The containers of a {@code @Cls} class with {@code @Parameter} fields: one pool (and one runtime
 * per web method) for each distinct set of values, made when a request first names it, as the cloud
 * gives each set its own containers. The values come from the request's query string.
 *
 * <p>Bounded: at most {@link #MAX_SETS} sets are kept. A new set past that replaces the oldest set
 * with no container, input or queued request (which is stopped once it stays so); when every set is
 * busy, the request gets {@code 429}. A set's text is at most {@link #MAX_TEXT} characters, as the
 * cloud limits a class's arguments to 16 KiB.
 */
final class ParameterSets {
  static final int MAX_SETS = 256;
  static final int MAX_TEXT = 16 * 1024;

  /** One parameter set's containers and the runtime of each web or called method on them. */
  record Group(
      ContainerPool pool, Map<String, FunctionRuntime> runtimes, Map<String, CallRuntime> calls) {}

  private final PoolSpec spec;
  private final ClsSpec cls;
  private final Function<PoolSpec, Group> factory;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Group> sets = new LinkedHashMap<>(); // guarded by lock
  private final List<ContainerPool> retiring = new ArrayList<>(); // guarded by lock
  private final String baseKey; // the set of the generation's own pool, or null
  private boolean stopped; // guarded by lock

  /**
   * @param base the generation's pool of the class, serving the set of every default; null when a
   *     parameter has no default (that pool then serves nothing)
   */
  ParameterSets(PoolSpec spec, Group base, Function<PoolSpec, Group> factory) {
    this.spec = spec;
    this.cls = spec.cls();
    this.factory = factory;
    if (base != null) {
      Map<String, Object> defaults = new LinkedHashMap<>();
      cls.parameters().forEach(p -> defaults.put(p.name(), p.defaultValue()));
      baseKey = key(defaults);
      sets.put(baseKey, base);
    } else {
      baseKey = null;
    }
  }

  /** What routes a web method's requests to the runtime of their parameter set. */
  HttpHandler router(String function) {
    return exchange -> route(function, exchange);
  }

  private void route(String function, HttpServerExchange exchange) throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterSpec parameter : cls.parameters()) {
      Deque<String> given = exchange.getQueryParameters().get(parameter.name());
      if (given == null || given.isEmpty()) {
        if (parameter.required()) {
          // The emulator's words: the cloud's answer to a missing parameter is not public.
          PlainText.send(
              exchange,
              400,
              "modal-http: class "
                  + cls.name()
                  + " needs the parameter '"
                  + parameter.name()
                  + "' ("
                  + parameter.type().name().toLowerCase(java.util.Locale.ROOT)
                  + "); add ?"
                  + parameter.name()
                  + "=... to the URL");
          return;
        }
        values.put(parameter.name(), parameter.defaultValue());
        continue;
      }
      try {
        values.put(parameter.name(), parameter.parse(given.getFirst()));
      } catch (IllegalArgumentException e) {
        PlainText.send(
            exchange,
            400,
            "modal-http: the parameter '"
                + parameter.name()
                + "' of class "
                + cls.name()
                + " must be "
                + e.getMessage()
                + ", got '"
                + given.getFirst()
                + "'");
        return;
      }
    }
    String key = key(values);
    if (key.length() > MAX_TEXT) {
      PlainText.send(
          exchange,
          400,
          "modal-http: the parameters of class "
              + cls.name()
              + " are over 16 KiB together, as the cloud limits them");
      return;
    }
    Group group = group(key, values);
    if (group == null) {
      PlainText.send(
          exchange,
          stoppedNow() ? 503 : 429,
          stoppedNow()
              ? "modal-http: the emulator is stopping"
              : "modal-http: class "
                  + cls.name()
                  + " has containers for "
                  + MAX_SETS
                  + " parameter sets already; try again when some are idle");
      return;
    }
    Hop.to(group.runtimes().get(function), exchange);
  }

  /**
   * The runtime of a called method in the containers of the set {@code given} names (the others
   * their defaults), made when first named.
   *
   * @throws IllegalArgumentException when a value names no parameter, is of another type, or a
   *     parameter without default has none; or when no more sets can be made now
   */
  CallRuntime callRuntime(String function, Map<String, ?> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> known = cls.parameters().stream().map(ParameterSpec::name).toList();
    for (String name : given.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "\""
                + name
                + "\" is not a @Parameter field of "
                + cls.name()
                + "; its parameters are: "
                + known);
      }
    }
    for (ParameterSpec parameter : cls.parameters()) {
      Object value = given.get(parameter.name());
      if (value == null) {
        if (parameter.required()) {
          throw new IllegalArgumentException(
              "class "
                  + cls.name()
                  + " needs a value for its parameter '"
                  + parameter.name()
                  + "'");
        }
        value = parameter.defaultValue();
      } else {
        value = parameter.parse(ParameterSpec.text(value));
      }
      values.put(parameter.name(), value);
    }
    Group group = group(key(values), values);
    if (group == null) {
      throw new IllegalArgumentException(
          stoppedNow()
              ? "the emulator is stopping"
              : "class "
                  + cls.name()
                  + " has containers for "
                  + MAX_SETS
                  + " parameter sets already; try again when some are idle");
    }
    return group.calls().get(function);
  }

  private boolean stoppedNow() {
    synchronized (lock) {
      return stopped;
    }
  }

  private Group group(String key, Map<String, Object> values) {
    synchronized (lock) {
      if (stopped) {
        return null;
      }
      Group group = sets.get(key);
      if (group != null) {
        return group;
      }
      if (sets.size() >= MAX_SETS && !retireOneIdle()) {
        return null;
      }
      String name = spec.name() + "(" + describe(values) + ")";
      group =
          factory.apply(
              new PoolSpec(name, cls.withValues(values), spec.functions(), spec.scaling()));
      sets.put(key, group);
      return group;
    }
  }

  /** Moves the oldest set without activity to the retiring pools; false when every set is busy. */
  private boolean retireOneIdle() {
    Iterator<Map.Entry<String, Group>> entries = sets.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, Group> entry = entries.next();
      if (!entry.getKey().equals(baseKey) && idle(entry.getValue().pool())) {
        entries.remove();
        retiring.add(entry.getValue().pool());
        return true;
      }
    }
    return false;
  }

  private static boolean idle(ContainerPool pool) {
    ContainerStats stats = pool.stats();
    return stats.live() == 0
        && stats.starting() == 0
        && stats.inputsInFlight() == 0
        && stats.queuedInputs() == 0;
  }

  /** The pools to tick: every set's but the base (the generation ticks that), and retiring ones. */
  List<ContainerPool> pools() {
    synchronized (lock) {
      List<ContainerPool> pools = new ArrayList<>(retiring);
      sets.forEach(
          (key, group) -> {
            if (!key.equals(baseKey)) {
              pools.add(group.pool());
            }
          });
      return pools;
    }
  }

  /** Stops retiring pools that stayed without activity; the autoscaler's thread. */
  void sweep() {
    List<ContainerPool> done = new ArrayList<>();
    synchronized (lock) {
      retiring.removeIf(
          pool -> {
            if (idle(pool)) {
              done.add(pool);
              return true;
            }
            return false;
          });
    }
    done.forEach(ContainerPool::stop);
  }

  /** Refuses new sets, then stops every pool of the sets but the base. */
  void stop() {
    stop(ContainerPool::stop);
  }

  /** Stops every set's pool, as {@code how} says. */
  void stop(java.util.function.Consumer<ContainerPool> how) {
    synchronized (lock) {
      stopped = true;
    }
    pools().forEach(how);
  }

  private static String key(Map<String, Object> values) {
    StringBuilder key = new StringBuilder();
    values.forEach(
        (name, value) ->
            key.append(name)
                .append('=')
                .append(
                    value instanceof byte[] bytes
                        ? Base64.getEncoder().encodeToString(bytes)
                        : String.valueOf(value))
                .append('\u0000'));
    return key.toString();
  }

  private static String describe(Map<String, Object> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((name, value) -> parts.add(name + "=" + ParameterSpec.text(value)));
    return String.join(", ", parts);
  }
}
