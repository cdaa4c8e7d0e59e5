package io.github.modalemulator.internal.definition;

import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.Server;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The checks of the server kinds, a class each: {@code @Server} (the client's {@code app.server}
 * and {@code _Server._validate_wrapped_user_cls_decorators}, {@code py/modal/app.py} and {@code
 * py/modal/_server.py}) and {@code @HttpServer} on a {@code @Cls} class ({@code
 * experimental/flash.py}: {@code http_server}; {@code app.py}: {@code cls}). The client's own words
 * follow the class they concern; the class's common checks (nesting, constructor, hooks) were made
 * by the caller.
 */
final class ServerScanner {
  private final List<String> problems;

  ServerScanner(List<String> problems) {
    this.problems = problems;
  }

  /** The server's one function (named as the class, or {@code @Server(name)}), or null. */
  FunctionDefinition scan(
      String appName,
      ClsSpec spec,
      Server server,
      HttpServer httpServer,
      Cls cls,
      Concurrent concurrent,
      List<Method> webMethods,
      List<Method> called) {
    int before = problems.size();
    String where = Methods.describeNested(spec.type());
    String name = spec.name();
    String kind = server != null ? "@Server" : "@HttpServer";
    Scaling scaling;
    WebSpec web;
    if (server != null) {
      if (cls != null) {
        problems.add(
            "@Server class "
                + where
                + " also has @Cls: a server is declared by @Server alone, which takes the"
                + " settings of its replicas; remove @Cls");
      }
      if (concurrent != null) {
        problems.add(
            "@Server class "
                + where
                + ": Server class "
                + name
                + " cannot be decorated with `@modal.concurrent()`. Please use"
                + " `target_concurrency` param instead; remove @Concurrent and set"
                + " @Server(targetConcurrency = ...)");
      }
      if (httpServer != null) {
        problems.add(
            "@Server class "
                + where
                + ": Server class "
                + name
                + " cannot have @modal.experimental.http_server() decorator. Servers already"
                + " expose HTTP endpoints; remove @HttpServer");
      }
      if (!spec.parameters().isEmpty()) {
        problems.add(
            "@Server class "
                + where
                + ": Server class "
                + name
                + " cannot use modal.parameter(). Servers do not support parameterization;"
                + " remove @Parameter from "
                + spec.parameters().get(0).field().getName());
      }
      if (!server.name().isEmpty()) {
        name = server.name();
      }
      checkConfig(where, server.port(), server.startupTimeout(), server.exitGracePeriod(), true);
      if (server.routingRegion().isEmpty()) {
        problems.add("@Server on " + where + ": The `routing_region` argument must be passed.");
      }
      double target = server.targetConcurrency();
      if (Double.isNaN(target) || Double.isInfinite(target)) {
        problems.add(
            "@Server on "
                + where
                + ": The `target_concurrency` argument must be finite, not "
                + target
                + ".");
      }
      Scaling.checkServer(server, where, problems);
      Resources.of(null, server).check("@Server on " + where, problems);
      scaling = Scaling.of(server);
      web = WebSpec.of(WebKind.SERVER, server);
    } else {
      checkConfig(
          where,
          httpServer.port(),
          httpServer.startupTimeout(),
          httpServer.exitGracePeriod(),
          false);
      if (httpServer.proxyRegions().length == 0 || httpServer.proxyRegions()[0].isEmpty()) {
        problems.add(
            "@HttpServer on " + where + ": The `proxy_regions` argument must be non-empty.");
      }
      scaling = Scaling.of(cls, concurrent).forServer();
      web =
          WebSpec.of(WebKind.HTTP_SERVER, httpServer)
              .withTarget(
                  concurrent == null
                      ? -1
                      : concurrent.targetInputs() > 0
                          ? concurrent.targetInputs()
                          : concurrent.maxInputs());
    }
    if (!called.isEmpty()) {
      problems.add(
          kind
              + " class "
              + where
              + " can't have @Method methods ("
              + Methods.describe(called.get(0))
              + "): "
              + (server != null
                  ? "Server class "
                      + spec.name()
                      + " cannot have `@modal.method()` decorated functions. Servers only expose"
                      + " HTTP endpoints"
                  : "Callable decorators cannot be combined with web interface decorators")
              + "; serve it from the server instead");
    }
    if (!webMethods.isEmpty()) {
      problems.add(
          kind
              + " class "
              + where
              + " can't have web methods ("
              + Methods.describe(webMethods.get(0))
              + "): its server already exposes HTTP endpoints; serve it from the server instead");
    }
    if (spec.enter().isEmpty()) {
      problems.add(
          kind
              + " class "
              + where
              + " has no @Enter method: Server class must have an @modal.enter() to setup the"
              + " server; start the server listening on ExecutionContext.port() in one");
    }
    if (problems.size() > before) {
      return null;
    }
    return new FunctionDefinition(
        appName,
        name,
        spec.enter().get(0),
        scaling,
        web,
        Labels.normalise(appName + "-" + name),
        null,
        spec);
  }

  /** The client's {@code validate_http_server_config}, its words after the class. */
  private void checkConfig(
      String where, int port, int startupTimeout, int exitGracePeriod, boolean isServer) {
    String at = (isServer ? "@Server on " : "@HttpServer on ") + where + ": ";
    if (port < 1 || port > 65535) {
      problems.add(at + "Port must be a positive integer between 1 and 65535.");
    }
    if (startupTimeout <= 0) {
      problems.add(at + "The `startup_timeout` argument must be positive.");
    }
    if (isServer && exitGracePeriod < 0) {
      problems.add(at + "The `exit_grace_period` argument must be non-negative.");
    }
    if (isServer && exitGracePeriod > 3600) {
      problems.add(at + "The `exit_grace_period` argument must not exceed 3600 seconds (1 hour).");
    } else if (!isServer && exitGracePeriod > 25) {
      problems.add(at + "The `exit_grace_period` argument must not exceed 25 seconds.");
    }
  }
}
