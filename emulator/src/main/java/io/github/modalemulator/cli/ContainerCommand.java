package io.github.modalemulator.cli;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.CloudContainer;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.internal.serve.ServeLoop;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code container}: what one container of the cloud runs for some web functions of an app, and
 * nothing of the cloud's edge. An exported app's containers run this command.
 */
@Command(
    name = "container",
    mixinStandardHelpOptions = true,
    description = {
      "Serves functions of one app as one container of the cloud runs them: each on a port of"
          + " its own, with no label routing, proxy auth, 303s or autoscaling (the cloud's edge in"
          + " front does those). A @WebServer serves its own declared port; a @Cls is one"
          + " instance, entered before the first port opens and exited at SIGTERM.",
      "Exit status 0 after SIGINT/SIGTERM, 1 on a definition error or a failed container start."
    })
final class ContainerCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin ClassPathOption classPath = new ClassPathOption();

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "0.0.0.0",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}: the cloud connects to the container's"
              + " own address, not loopback).")
  String bind;

  @Option(
      names = "--header-timeout",
      paramLabel = "T",
      converter = EmulatorCli.DurationConverter.class,
      description = EmulatorCli.HEADER_TIMEOUT_HELP)
  Duration headerTimeout; // null: the builder's own

  @Option(names = "--strict-web-server-bind", description = EmulatorCli.STRICT_WEB_SERVER_BIND_HELP)
  boolean strictWebServerBind;

  @Option(
      names = "--bridge",
      paramLabel = "URL",
      description =
          "The loopback URL of the bridge that an exported container's Python process runs: every"
              + " call the code makes (remote, spawn, get, map...) goes to it, and the cloud client"
              + " makes it. Without it, calls go to the functions served here.")
  java.net.URI bridge;

  @Option(
      names = "--parameter",
      paramLabel = "NAME=VALUE",
      description =
          "The value of a @Parameter field of the class whose methods the container serves to"
              + " code that calls them (repeatable; the others keep their defaults): the cloud"
              + " gives each parameter set containers of its own.")
  Map<String, String> parameters = new LinkedHashMap<>();

  /** Set by an emulator that runs this container as a process of its own (Isolation.PROCESS). */
  @Option(names = "--stop-with-stdin", hidden = true)
  boolean stopWithStdin;

  @Parameters(index = "0", paramLabel = "APP_CLASS", description = "The @App class.")
  String appClass;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "FUNCTION[=PORT]",
      description =
          "Functions to serve, by Java name (hello, MyAPI.health) or Python name, each with"
              + " its port; without one: 8000 for the first, then 8001, ... A @WebServer uses the"
              + " port it declares. A function that code calls (process, Model.predict) takes its"
              + " inputs on its port on 127.0.0.1: POST {\"args\": [...]}, answered in JSON lines.")
  List<String> functions = new ArrayList<>();

  @Override
  public Integer call() {
    try {
      return serve();
    } catch (UsageError e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e.getCause());
    }
  }

  /**
   * Serves as {@link #call()} does, for a line {@link ContainerLine} read without picocli; null on
   * a usage error, found before anything has started, for picocli to read the line again and report
   * it in its own words.
   */
  Integer serveUnlessUsageError() {
    try {
      return serve();
    } catch (UsageError e) {
      return null;
    }
  }

  /** A usage error found before the container starts: picocli's to report. */
  private static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(IllegalArgumentException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private Integer serve() throws UsageError {
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Map<String, Integer> ports = new LinkedHashMap<>();
    EmulatorBuilder builder =
        Emulator.builder().bindAddress(bind).strictWebServerBind(strictWebServerBind);
    try {
      if (headerTimeout != null) {
        builder.headerTimeout(headerTimeout);
      }
      for (String function : functions) {
        int equals = function.indexOf('=');
        if (equals < 0) {
          ports.put(function, null);
        } else {
          ports.put(function.substring(0, equals), port(function.substring(equals + 1)));
        }
      }
      builder.apps(classPath.apps().load(appClass));
    } catch (NewerClassVersion e) {
      err.println(e.getMessage());
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    } catch (IllegalArgumentException e) {
      throw new UsageError(e);
    }
    CloudContainer container;
    try {
      container = builder.startContainer(ports, bridge, parameters);
    } catch (InvalidError e) {
      err.println(e.getMessage());
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    } catch (RuntimeException e) {
      err.println("The container could not start: " + EmulatorCli.rootMessage(e));
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    }
    List<String> lines = new ArrayList<>();
    List<String> called = container.calledFunctions();
    for (CloudContainer.Port port : container.ports()) {
      lines.add(
          called.contains(port.function())
              ? "Function " + port.function() + " takes calls on http://127.0.0.1:" + port.port()
              : port.ownServer()
                  ? "Function "
                      + port.function()
                      + " is ready: its own server on port "
                      + port.port()
                  : "Function "
                      + port.function()
                      + " is ready on http://"
                      + bind
                      + ":"
                      + port.port());
    }
    List<String> guarded = container.proxyAuthFunctions();
    if (!guarded.isEmpty()) {
      // A developer trying the container on a laptop may expect the key to be asked for.
      lines.add(
          "Proxy auth is the edge's: in a container "
              + String.join(", ", guarded)
              + (guarded.size() == 1 ? " answers" : " answer")
              + " without credentials, on every address --bind opens");
    }
    ServeLoop.run(lines, container, stopWithStdin);
    return EmulatorCli.EXIT_OK;
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException(
        "a port is 1 to 65535, as in hello=8000; got '" + text + "'");
  }
}
