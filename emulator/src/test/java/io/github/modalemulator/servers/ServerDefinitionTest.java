package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.Method;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.Server;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.internal.definition.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's refusals of the server kinds ({@code py/modal/_server.py}, {@code app.py}, {@code
 * experimental/flash.py}), in its words after the class they concern, all reported at once.
 */
class ServerDefinitionTest {

  @App("bad-servers")
  static class BadServers {
    @Server(port = 0, startupTimeout = 0, exitGracePeriod = 3601, routingRegion = "")
    static class Ports {
      @Enter
      void start() {}
    }

    @Server(minContainers = 3, maxContainers = 2, scaledownWindow = 1)
    @Concurrent(maxInputs = 4)
    @HttpServer(port = 8000, proxyRegions = "us-east")
    static class Decorated {
      @Parameter String size = "";

      @Method
      String predict() {
        return "";
      }

      @FastapiEndpoint
      String served() {
        return "";
      }
    }

    @Server
    static class Unstarted {}

    @Server
    @Cls
    static class Both {
      @Enter
      void start() {}
    }

    @Cls
    @HttpServer(
        port = 70000,
        proxyRegions = {},
        exitGracePeriod = 26)
    static class Flash {
      @Enter
      void start() {}
    }

    @HttpServer(port = 8000, proxyRegions = "us-east")
    static class NoCls {
      @Enter
      void start() {}
    }
  }

  @Test
  void everyProblemIsReportedInTheClientsWords() {
    InvalidError error =
        catchThrowableOfType(
            InvalidError.class, () -> Emulator.builder().apps(BadServers.class).start());

    assertThat(error.problems())
        .containsExactly(
            "@Server class [BadServers.Both] also has @Cls: a server is declared by @Server"
                + " alone, which takes the settings of its replicas; remove @Cls",
            "@Server class [BadServers.Decorated]: Server class Decorated cannot be decorated"
                + " with `@modal.concurrent()`. Please use `target_concurrency` param instead;"
                + " remove @Concurrent and set @Server(targetConcurrency = ...)",
            "@Server class [BadServers.Decorated]: Server class Decorated cannot have"
                + " @modal.experimental.http_server() decorator. Servers already expose HTTP"
                + " endpoints; remove @HttpServer",
            "@Server class [BadServers.Decorated]: Server class Decorated cannot use"
                + " modal.parameter(). Servers do not support parameterization; remove @Parameter"
                + " from size",
            "@Server on [BadServers.Decorated] has minContainers = 3 above maxContainers = 2;"
                + " min_containers may not exceed max_containers",
            "@Server on [BadServers.Decorated] has scaledownWindow = 1; use 2 to 1200 seconds"
                + " (2 s to 20 min)",
            "@Server class [BadServers.Decorated] can't have @Method methods"
                + " ([Decorated.predict()]): Server class Decorated cannot have"
                + " `@modal.method()` decorated functions. Servers only expose HTTP endpoints;"
                + " serve it from the server instead",
            "@Server class [BadServers.Decorated] can't have web methods ([Decorated.served()]):"
                + " its server already exposes HTTP endpoints; serve it from the server instead",
            "@Server class [BadServers.Decorated] has no @Enter method: Server class must have"
                + " an @modal.enter() to setup the server; start the server listening on"
                + " ExecutionContext.port() in one",
            "@HttpServer on [BadServers.Flash]: Port must be a positive integer between 1 and"
                + " 65535.",
            "@HttpServer on [BadServers.Flash]: The `exit_grace_period` argument must not"
                + " exceed 25 seconds.",
            "@HttpServer on [BadServers.Flash]: The `proxy_regions` argument must be non-empty.",
            "@HttpServer on [BadServers.NoCls] needs @Cls on the class too, as"
                + " @modal.experimental.http_server goes with @app.cls(); add @Cls",
            "@Enter/@Exit on [NoCls.start()] has no effect: its class [BadServers.NoCls] has no"
                + " @Cls; annotate the class with @Cls",
            "@Server on [BadServers.Ports]: Port must be a positive integer between 1 and 65535.",
            "@Server on [BadServers.Ports]: The `startup_timeout` argument must be positive.",
            "@Server on [BadServers.Ports]: The `exit_grace_period` argument must not exceed 3600"
                + " seconds (1 hour).",
            "@Server on [BadServers.Ports]: The `routing_region` argument must be passed.",
            "@Server class [BadServers.Unstarted] has no @Enter method: Server class must have an"
                + " @modal.enter() to setup the server; start the server listening on"
                + " ExecutionContext.port() in one");
  }

  @App("targets")
  static class Targets {
    @Server(targetConcurrency = 0.4)
    static class Below {
      @Enter
      void start() {}
    }

    @Server(targetConcurrency = 1.234)
    static class Fractional {
      @Enter
      void start() {}
    }

    @Server
    static class Unset {
      @Enter
      void start() {}
    }

    @Cls
    @HttpServer(port = 8000, proxyRegions = "us-east")
    @Concurrent(maxInputs = 8, targetInputs = 3)
    static class Flash {
      @Enter
      void start() {}
    }
  }

  /**
   * The client's {@code normalize_fractional_target_concurrency}: below 1 counts as 1, rounded to
   * hundredths; an {@code @HttpServer}'s target is its class's {@code @Concurrent} one.
   */
  @Test
  void targetsAreNormalisedAsTheClientDoes() {
    Deployment deployment = Deployment.of(List.of(Targets.class), "local", "", false);
    Map<String, Double> targets = new java.util.TreeMap<>();
    deployment
        .endpoints()
        .forEach(
            e -> targets.put(e.function().name(), e.function().web().server().targetConcurrency()));
    assertThat(targets)
        .containsExactly(
            Map.entry("Below", 1.0),
            Map.entry("Flash", 3.0),
            Map.entry("Fractional", 1.23),
            Map.entry("Unset", -1.0));
  }
}
