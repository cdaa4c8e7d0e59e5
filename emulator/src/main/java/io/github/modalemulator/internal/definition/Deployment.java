package io.github.modalemulator.internal.definition;

import io.github.modalemulator.InvalidError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The web functions of a set of apps as one emulator serves them: labels resolved for a workspace,
 * environment and mode, and every clash found. Pure: no I/O, no ports.
 *
 * @param apps every app, in the order given
 * @param endpoints every web function, in app then method order
 * @param pools the container pools, one per static function or {@code @Cls} class, in the order of
 *     their first endpoint (then of their first called function)
 * @param callees every function that code calls (no web annotation), in app then method order
 */
public record Deployment(
    List<AppDefinition> apps,
    List<Endpoint> endpoints,
    List<PoolSpec> pools,
    List<Callee> callees) {

  /** A function that code calls, and the pool whose containers run it. */
  public record Callee(FunctionDefinition function, PoolSpec pool) {}

  public Deployment(List<AppDefinition> apps, List<Endpoint> endpoints, List<PoolSpec> pools) {
    this(apps, endpoints, pools, List.of());
  }

  /**
   * A web function as deployed.
   *
   * @param hostLabel the first DNS label of its host ({@code local--my-app-hello})
   * @param customDomains canonical (lower case) custom domains
   * @param pool the pool whose containers serve it
   * @param labelTruncated whether the host label was cut to 63 characters (with a hash)
   */
  public record Endpoint(
      FunctionDefinition function,
      String hostLabel,
      List<String> customDomains,
      PoolSpec pool,
      boolean labelTruncated) {
    public Endpoint {
      customDomains = List.copyOf(customDomains);
    }

    public Endpoint(
        FunctionDefinition function, String hostLabel, List<String> customDomains, PoolSpec pool) {
      this(function, hostLabel, customDomains, pool, false);
    }
  }

  public Deployment {
    apps = List.copyOf(apps);
    endpoints = List.copyOf(endpoints);
    pools = List.copyOf(pools);
    callees = List.copyOf(callees);
  }

  /** Whether any function requires proxy auth, so that a token must exist. */
  public boolean needsProxyAuth() {
    return endpoints.stream().anyMatch(e -> e.function().web().requiresProxyAuth());
  }

  /**
   * Scans and validates the classes.
   *
   * @throws InvalidError listing every problem found
   */
  public static Deployment of(
      List<Class<?>> appClasses, String workspace, String environment, boolean serveMode) {
    return of(appClasses, workspace, environment, Labels.modeSuffix(serveMode, ""), false);
  }

  /**
   * Scans and validates the classes.
   *
   * @param labelSuffix after every label: {@link Labels#modeSuffix(boolean, String)}
   * @param strictWebEndpoint refuse {@code @WebEndpoint}, as the cloud client 1.4 and later do
   * @throws InvalidError listing every problem found
   */
  public static Deployment of(
      List<Class<?>> appClasses,
      String workspace,
      String environment,
      String labelSuffix,
      boolean strictWebEndpoint) {
    List<String> problems = new ArrayList<>();
    if (appClasses.isEmpty()) {
      problems.add("no @App class was given; pass at least one, as in apps(MyApp.class)");
    }
    AppScanner scanner = new AppScanner(problems);
    List<AppDefinition> apps = new ArrayList<>();
    Map<String, Class<?>> appNames = new HashMap<>();
    for (Class<?> type : new LinkedHashSet<>(appClasses)) {
      AppDefinition app = scanner.scan(type);
      if (app == null) {
        continue;
      }
      Class<?> other = appNames.putIfAbsent(app.name(), type);
      if (other != null) {
        problems.add(
            "app name \""
                + app.name()
                + "\" is used by both "
                + Methods.describe(other)
                + " and "
                + Methods.describe(type)
                + "; give each @App its own name");
        continue;
      }
      apps.add(app);
    }

    String source = Labels.source(workspace, environment);
    List<Endpoint> endpoints = new ArrayList<>();
    List<FunctionDefinition> called = new ArrayList<>();
    Map<String, FunctionDefinition> byHost = new HashMap<>();
    Map<String, FunctionDefinition> byDomain = new HashMap<>();
    Map<Integer, FunctionDefinition> byPort = new HashMap<>();
    for (AppDefinition app : apps) {
      for (FunctionDefinition function : app.functions()) {
        if (function.web() == null) {
          called.add(function);
          continue;
        }
        if (strictWebEndpoint && function.web().kind() == WebKind.WEB_ENDPOINT) {
          // modal-client py/modal/_partial_function.py (_web_endpoint) raises this through
          // deprecation_error (py/modal/_utils/deprecation.py) since 1.4.
          problems.add(
              "@WebEndpoint on "
                  + function.where()
                  + " is refused (strict web_endpoint, as the cloud client 1.4+): Deprecated on"
                  + " 2025-03-05: The `@modal.web_endpoint` decorator has been renamed to"
                  + " `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the same attributes.");
        }
        String host = Labels.hostLabel(source, function.label(), labelSuffix);
        if (function.web().kind().isServer()) {
          // The cloud's server URLs name the region under the label: {source}--{label}.{region}.
          host += "." + Labels.normalise(function.web().server().region());
        }
        boolean truncated = Labels.isTruncated(source, function.label(), labelSuffix);
        FunctionDefinition clash = byHost.putIfAbsent(host, function);
        if (clash != null) {
          problems.add(
              "label \""
                  + host
                  + "\" is claimed by both "
                  + clash.where()
                  + " and "
                  + function.where()
                  + "; give one of them another label");
        }
        if (function.web().kind() == WebKind.WEB_SERVER) {
          FunctionDefinition sharer = byPort.putIfAbsent(function.web().port(), function);
          if (sharer != null) {
            problems.add(
                "port "
                    + function.web().port()
                    + " is claimed by both @WebServer "
                    + sharer.where()
                    + " and "
                    + function.where()
                    + "; one port serves one function, give each its own");
          }
        }
        List<String> domains = new ArrayList<>();
        for (String domain : function.web().customDomains()) {
          String canonical = CustomDomains.canonical(domain);
          FunctionDefinition owner = byDomain.putIfAbsent(canonical, function);
          if (owner != null && owner != function) {
            problems.add(
                "custom domain \""
                    + canonical
                    + "\" is claimed by both "
                    + owner.where()
                    + " and "
                    + function.where()
                    + "; a domain routes to one function only");
          }
          domains.add(canonical);
        }
        endpoints.add(new Endpoint(function, host, domains, null, truncated));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidError(problems);
    }
    return withPools(apps, endpoints, called);
  }

  /** Groups the functions into pools: a static function alone, a class's methods together. */
  private static Deployment withPools(
      List<AppDefinition> apps, List<Endpoint> endpoints, List<FunctionDefinition> called) {
    Map<Object, List<FunctionDefinition>> members = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints) {
      FunctionDefinition function = endpoint.function();
      members.computeIfAbsent(poolKey(function), k -> new ArrayList<>()).add(function);
    }
    for (FunctionDefinition function : called) {
      members.computeIfAbsent(poolKey(function), k -> new ArrayList<>()).add(function);
    }
    Map<Object, PoolSpec> pools = new LinkedHashMap<>();
    members.forEach(
        (key, functions) -> {
          ClsSpec cls = functions.get(0).cls();
          pools.put(
              key,
              new PoolSpec(cls != null ? cls.name() : functions.get(0).name(), cls, functions));
        });
    List<Endpoint> pooled = new ArrayList<>();
    for (Endpoint e : endpoints) {
      pooled.add(
          new Endpoint(
              e.function(),
              e.hostLabel(),
              e.customDomains(),
              pools.get(poolKey(e.function())),
              e.labelTruncated()));
    }
    List<Callee> callees = new ArrayList<>();
    for (FunctionDefinition function : called) {
      callees.add(new Callee(function, pools.get(poolKey(function))));
    }
    return new Deployment(apps, pooled, List.copyOf(pools.values()), callees);
  }

  /**
   * The part of this deployment that one cloud container runs: the named functions (web functions,
   * and functions that code calls), each pool in a single container for the process's life (the
   * edge in front scales, not the container).
   *
   * @throws InvalidError when a name is no function of the deployment
   */
  public Deployment inOneContainer(List<String> names) {
    List<String> problems = new ArrayList<>();
    List<Endpoint> chosen = new ArrayList<>();
    List<Callee> chosenCallees = new ArrayList<>();
    for (String name : names) {
      Endpoint found =
          endpoints.stream().filter(e -> named(e.function(), name)).findFirst().orElse(null);
      Callee callee =
          found != null
              ? null
              : callees.stream().filter(c -> named(c.function(), name)).findFirst().orElse(null);
      if (found == null && callee == null) {
        problems.add(
            "no web function \""
                + name
                + "\" in "
                + apps.stream().map(AppDefinition::name).toList()
                + "; the web functions are: "
                + endpoints.stream().map(e -> e.function().name()).toList()
                + (callees.isEmpty()
                    ? ""
                    : ", and the functions that code calls: "
                        + callees.stream().map(c -> c.function().name()).toList()));
      } else if (found != null && !chosen.contains(found)) {
        chosen.add(found);
      } else if (callee != null && !chosenCallees.contains(callee)) {
        chosenCallees.add(callee);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidError(problems);
    }
    Map<PoolSpec, PoolSpec> single = new LinkedHashMap<>();
    java.util.function.Function<PoolSpec, PoolSpec> one =
        pool ->
            single.computeIfAbsent(
                pool,
                p -> new PoolSpec(p.name(), p.cls(), p.functions(), p.scaling().oneContainer()));
    List<Endpoint> rewired = new ArrayList<>();
    for (Endpoint e : chosen) {
      rewired.add(
          new Endpoint(e.function(), e.hostLabel(), e.customDomains(), one.apply(e.pool())));
    }
    List<Callee> rewiredCallees = new ArrayList<>();
    for (Callee c : chosenCallees) {
      rewiredCallees.add(new Callee(c.function(), one.apply(c.pool())));
    }
    return new Deployment(apps, rewired, List.copyOf(single.values()), rewiredCallees);
  }

  /**
   * This deployment with the given values (as text, by field name) as its classes' {@code
   * Parameter} defaults: an exported container serves one parameter set, and its class's one
   * instance is made with it.
   *
   * @throws InvalidError when a name is no parameter of the deployment's classes, or a value is not
   *     of its field's type
   */
  public Deployment withParameterValues(Map<String, String> given) {
    if (given.isEmpty()) {
      return this;
    }
    List<String> problems = new ArrayList<>();
    List<String> known = new ArrayList<>();
    Map<PoolSpec, PoolSpec> replaced = new java.util.IdentityHashMap<>();
    for (PoolSpec pool : pools) {
      ClsSpec cls = pool.cls();
      if (cls == null || cls.parameters().isEmpty()) {
        replaced.put(pool, pool);
        continue;
      }
      List<ParameterSpec> parameters = new ArrayList<>();
      for (ParameterSpec parameter : cls.parameters()) {
        known.add(parameter.name());
        String text = given.get(parameter.name());
        if (text == null) {
          parameters.add(parameter);
          continue;
        }
        try {
          parameters.add(
              new ParameterSpec(parameter.field(), parameter.type(), parameter.parse(text)));
        } catch (IllegalArgumentException e) {
          problems.add(
              "parameter "
                  + parameter.name()
                  + "=\""
                  + text
                  + "\" of "
                  + cls.name()
                  + ": the value must be "
                  + e.getMessage());
        }
      }
      ClsSpec with =
          new ClsSpec(cls.type(), cls.constructor(), cls.enter(), cls.exit(), parameters, Map.of());
      replaced.put(pool, new PoolSpec(pool.name(), with, pool.functions(), pool.scaling()));
    }
    for (String name : given.keySet()) {
      if (!known.contains(name)) {
        problems.add(
            "parameter \""
                + name
                + "\" is no @Parameter field of the classes served here; their parameters are: "
                + known);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidError(problems);
    }
    List<Endpoint> rewired = new ArrayList<>();
    for (Endpoint e : endpoints) {
      rewired.add(
          new Endpoint(
              e.function(),
              e.hostLabel(),
              e.customDomains(),
              replaced.get(e.pool()),
              e.labelTruncated()));
    }
    List<Callee> rewiredCallees = new ArrayList<>();
    for (Callee c : callees) {
      rewiredCallees.add(new Callee(c.function(), replaced.get(c.pool())));
    }
    return new Deployment(
        apps, rewired, pools.stream().map(replaced::get).toList(), rewiredCallees);
  }

  private static boolean named(FunctionDefinition function, String name) {
    return function.name().equals(name) || Labels.snakeCase(function.name()).equals(name);
  }

  private static Object poolKey(FunctionDefinition function) {
    return function.cls() != null ? function.cls().type() : function;
  }
}
