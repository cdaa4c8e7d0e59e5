package io.github.modalemulator.internal.export;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import io.github.modalemulator.Server;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.ClsSpec;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.ParameterSpec;
import io.github.modalemulator.internal.definition.Resources;
import io.github.modalemulator.internal.definition.Scaling;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.definition.WebSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cloud app file of one {@code @App}: every web function as a {@code @modal.web_server} whose
 * container runs {@code java -jar emulator.jar container} for it, with the Java definition's label,
 * custom domains, proxy auth, scaling and concurrency; every function that code calls as an {@code
 * app.function} (a {@code @Method} as a {@code @modal.method}) whose container runs the same JVM,
 * started once per container, and passes each input to the function's call port on loopback. Every
 * JVM gets {@code --bridge}: the calls its code makes go to a loopback HTTP server in the
 * container's Python process (started once per container, before the JVM), which makes them with
 * the cloud client. The protocols of both are in the file's runtime part ({@code
 * container_runtime.py} beside this class), in {@code CallPortHandler} and in {@code Bridge}. Only
 * the cloud client's current public API is written (1.5): {@code App}, {@code Image.debian_slim},
 * {@code apt_install} (or {@code Image.from_registry} with {@code add_python} for a Java release
 * Debian lacks), {@code add_local_dir(copy=True)}, {@code run_commands}, {@code app.function},
 * {@code app.cls}, {@code web_server}, {@code concurrent}, {@code enter}, {@code exit}. Pure: makes
 * text, writes nothing.
 */
public final class PythonApp {
  /** Where the image keeps the jars. */
  public static final String REMOTE_LIB = "/app/lib";

  /** The class-data-sharing archive the image builds, without running user code. */
  public static final String REMOTE_ARCHIVE = "/app/emulator.jsa";

  /**
   * The AOT cache (JEP 483, 514, 515) a Java 25 or later image builds instead, from the same
   * warm-up: its classes come loaded and linked, with the warm-up's method profiles.
   */
  public static final String REMOTE_AOT_CACHE = "/app/emulator.aot";

  /**
   * The first release whose {@code java} makes an AOT cache in one run ({@code
   * -XX:AOTCacheOutput}).
   */
  static final int AOT_CACHE_RELEASE = 25;

  /**
   * Seconds added to a port's startup timeout for the JVM's own start in a fresh container (about a
   * second here; the margin covers a slow host).
   */
  public static final double JVM_START_MARGIN = 30.0;

  /** The cloud's defaults, left out of the file. */
  private static final Scaling DEFAULTS = Scaling.DEFAULT;

  /** The enter hook of a class's file: starts its JVM. */
  public static final String START_HOOK = "_start_jvm";

  /** The exit hook of a class's file: stops its JVM. */
  public static final String STOP_HOOK = "_stop_jvm";

  /** The first call port of a function that code calls, on loopback. */
  public static final int CALL_PORTS = 9000;

  /** The attribute holding a class's JVM process. */
  public static final String JVM_ATTRIBUTE = "_jvm";

  /**
   * What every file holds after its settings: the bridge, the JVM's lazy start and the call ports'
   * client. Its module-level names are {@link PythonNames#MODULE_RESERVED}.
   */
  static final String RUNTIME = runtime();

  private static String runtime() {
    try (java.io.InputStream in = PythonApp.class.getResourceAsStream("container_runtime.py")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("the emulator's jar lacks container_runtime.py", e);
    }
  }

  private PythonApp() {}

  /**
   * The file's name: the app's name with dashes and dots as underscores, {@code .py} (the cloud
   * client refuses a file name with more dots).
   */
  public static String fileName(AppDefinition app) {
    return app.name().replace('-', '_').replace('.', '_') + ".py";
  }

  /** What the container command starts with, for a class path of jars in the image's lib folder. */
  public static List<String> containerCommand(List<String> libJars) {
    return containerCommand(libJars, List.of());
  }

  /** The same, with the function's JVM options after the JVM's own ones. */
  public static List<String> containerCommand(List<String> libJars, List<String> jvmOptions) {
    List<String> command = new ArrayList<>(java());
    command.addAll(jvmOptions);
    command.addAll(jarAndClassPath(libJars));
    return command;
  }

  /** The JVM and its options that every container gets. */
  private static List<String> java() {
    return java(JavaRelease.BASELINE);
  }

  /** The same, for an image of that Java release: its archive or AOT cache. */
  private static List<String> java(int release) {
    return release >= AOT_CACHE_RELEASE
        ? List.of("java", "-XX:AOTCache=" + REMOTE_AOT_CACHE)
        : List.of("java", "-XX:SharedArchiveFile=" + REMOTE_ARCHIVE);
  }

  /** The image's build command that makes what {@link #java(int)} uses, from the warm-up. */
  private static String archiveCommand(int release) {
    String made =
        release >= AOT_CACHE_RELEASE
            ? "-XX:AOTCacheOutput=" + REMOTE_AOT_CACHE
            : "-XX:ArchiveClassesAtExit=" + REMOTE_ARCHIVE;
    return "java " + made + " -jar " + REMOTE_LIB + "/emulator.jar warmup";
  }

  private static List<String> jarAndClassPath(List<String> libJars) {
    List<String> command = new ArrayList<>();
    command.add("-jar");
    command.add(REMOTE_LIB + "/emulator.jar");
    command.add("container");
    command.add("--cp");
    command.add(libJars.stream().map(j -> REMOTE_LIB + "/" + j).collect(Collectors.joining(":")));
    return command;
  }

  /**
   * The cloud app file. The file's own names ({@link PythonNames#MODULE_RESERVED}, {@link
   * PythonNames#CLASS_RESERVED}) are ones the user's names are renamed away from, so no function or
   * method can replace them; every string from the definition is a quoted literal.
   *
   * @param libJars the app's class path as jar names in the lib folder, in order
   * @param java the Java release the image runs
   * @throws io.github.modalemulator.InvalidError when a Java name can't be exported
   */
  public static String render(AppDefinition app, List<String> libJars, JavaRelease java) {
    PythonNames names = PythonNames.of(app);
    StringBuilder py = new StringBuilder();
    py.append("# The cloud app of @App(")
        .append(quote(app.name()))
        .append(") ")
        .append(quote(app.type().getName()))
        .append(",\n# generated by `java -jar emulator.jar export` from ")
        .append(libJars.size())
        .append(" class path entries, now jars in lib/ beside this file.")
        .append("\n# Deploy it from this folder: modal deploy ")
        .append(fileName(app))
        .append("\n# Each web function is a web_server whose container runs the Java code with")
        .append(" `emulator.jar container`;\n# each function that code calls passes its inputs to")
        .append(" the same JVM, started once per container.\n")
        .append("# The file's own names start with _ (and app, modal): a Java name that would")
        .append(" take one is renamed.\n\n");
    py.append(
        "import http.client as _http_client\n"
            + "import http.server as _http_server\n"
            + "import json as _json\n"
            + "import subprocess as _subprocess\n"
            + "import threading as _threading\n"
            + "import time as _time\n"
            + "import traceback as _traceback\n"
            + "from pathlib import Path as _Path\n\n");
    py.append("import modal\n");
    if (app.functions().stream()
        .anyMatch(f -> f.web() != null && f.web().kind() == WebKind.HTTP_SERVER)) {
      py.append("import modal.experimental\n");
    }
    py.append("\n");
    py.append("_LIB = str(_Path(__file__).parent / \"lib\")\n\n");
    py.append("app = modal.App(").append(quote(app.name())).append(")\n\n");
    py.append("_IMAGE = (\n");
    if (java.where() != null) {
      py.append("    # Java ").append(java.release()).append(": what the app's class files need\n");
    }
    py.append("    ")
        .append(java.baseImage())
        .append("\n")
        .append("    .add_local_dir(_LIB, ")
        .append(quote(REMOTE_LIB))
        .append(", copy=True)\n")
        .append(
            java.release() >= AOT_CACHE_RELEASE
                ? "    # Start-up: an AOT cache of the emulator's own classes, made by its"
                : "    # Start-up: a class-data-sharing archive of the emulator's own classes, made by"
                    + " its")
        .append("\n    # warm-up (an app of the emulator's, on a free port): no user code runs")
        .append(" at build time.\n")
        .append("    .run_commands(")
        .append(quote(archiveCommand(java.release())))
        .append(")\n)\n\n");
    py.append("_JAVA = [")
        .append(
            java(java.release()).stream().map(PythonApp::quote).collect(Collectors.joining(", ")))
        .append("]\n");
    py.append("_CONTAINER = [\n");
    for (String part : jarAndClassPath(libJars)) {
      py.append("    ").append(quote(part)).append(",\n");
    }
    py.append("    ").append(quote(app.type().getName())).append(",\n]\n");
    cloudNames(py, app, names);
    py.append("\n").append(RUNTIME);

    Map<FunctionDefinition, Integer> callPorts = callPorts(app);
    Map<ClsSpec, List<FunctionDefinition>> classes = new LinkedHashMap<>();
    for (FunctionDefinition function : app.functions()) {
      if (function.web() != null && function.web().kind().isServer()) {
        server(py, function, names, settingsOf(app));
      } else if (function.cls() != null) {
        classes.computeIfAbsent(function.cls(), c -> new ArrayList<>()).add(function);
      } else {
        staticFunction(py, function, names, settingsOf(app), callPorts);
      }
    }
    classes.forEach((cls, methods) -> cls(py, cls, methods, names, settingsOf(app), callPorts));
    return py.toString();
  }

  /**
   * The loopback call port of each function that code calls: 9000, 9001, ... across the app, past
   * every port a web server declares. One port per function of the whole app, though each container
   * needs only its own: so that a test host running several containers' JVMs side by side (the
   * stand-in of the client does) has no clash.
   */
  private static Map<FunctionDefinition, Integer> callPorts(AppDefinition app) {
    List<Integer> declared =
        app.functions().stream()
            .filter(f -> f.web() != null && f.web().kind().forwards())
            .map(f -> f.web().port())
            .toList();
    Map<FunctionDefinition, Integer> ports = new LinkedHashMap<>();
    int next = CALL_PORTS;
    for (FunctionDefinition function : app.functions()) {
      if (function.web() == null) {
        while (declared.contains(next)) {
          next++;
        }
        ports.put(function, next++);
      }
    }
    return ports;
  }

  /** The {@code @App} annotation: the defaults of its functions' resources. */
  private static App settingsOf(AppDefinition app) {
    return app.type().getAnnotation(App.class);
  }

  private static void staticFunction(
      StringBuilder py,
      FunctionDefinition function,
      PythonNames names,
      App app,
      Map<FunctionDefinition, Integer> callPorts) {
    Function settings = function.method().getAnnotation(Function.class);
    Resources resources = Resources.of(app, settings);
    String arguments = functionArguments(settings, resources);
    String cloudName = names.cloudName(function);
    if (cloudName != null) {
      // the Python name is a renamed one: the cloud keeps the Java name's twin
      arguments += ", name=" + quote(cloudName);
    }
    py.append("\n\n@app.function(").append(arguments).append(")\n");
    concurrent(py, function.method().getAnnotation(Concurrent.class), "");
    int port = function.web() == null ? callPorts.get(function) : portOf(function, 8000);
    if (function.web() == null) {
      py.append("def ").append(names.function(function)).append("(*args):\n");
      py.append("    jvm = _jvm(")
          .append(quote(function.name()))
          .append(", [")
          .append(javaWith(resources))
          .append("*_CONTAINER, ")
          .append(quote(argument(function, port)))
          .append("])\n");
      input(py, function, port, "jvm", "    ");
      return;
    }
    webServer(py, function, port, null, "");
    py.append("def ").append(names.function(function)).append("():\n");
    py.append("    _subprocess.Popen([")
        .append(javaWith(resources))
        .append("*_CONTAINER, ")
        .append(quote(argument(function, port)))
        .append(", \"--bridge\", _bridge()])\n");
  }

  /**
   * A server class ({@code @app.server}, or {@code @app.cls} with {@code
   * modal.experimental.http_server}): its enter hook starts the container's JVM, whose own start
   * runs the Java class's {@code @Enter} methods, which start the server on the declared port.
   */
  private static void server(
      StringBuilder py, FunctionDefinition function, PythonNames names, App app) {
    ClsSpec cls = function.cls();
    WebSpec web = function.web();
    WebSpec.ServerSpec server = web.server();
    // The JVM starts before the class's hooks: the cloud's timeout covers both.
    int startup = (int) web.startupTimeout() + (int) JVM_START_MARGIN;
    Resources resources;
    if (web.kind() == WebKind.SERVER) {
      Server settings = cls.type().getAnnotation(Server.class);
      resources = Resources.of(app, settings);
      List<String> arguments = new ArrayList<>();
      arguments.add(image(resources));
      arguments.add("port=" + web.port());
      arguments.add("startup_timeout=" + startup);
      arguments.add("routing_region=" + quote(server.region()));
      if (!web.requiresProxyAuth()) {
        arguments.add("unauthenticated=True");
      }
      if (server.h2Enabled()) {
        arguments.add("h2_enabled=True");
      }
      if (server.exitGracePeriod() > 0) {
        arguments.add("exit_grace_period=" + server.exitGracePeriod());
      }
      if (server.targetConcurrency() >= 0) {
        arguments.add("target_concurrency=" + pythonFloat(server.targetConcurrency()));
      }
      List<String> scaling =
          scalingArguments(
              "",
              settings.minContainers(),
              settings.maxContainers(),
              settings.bufferContainers(),
              settings.scaledownWindow(),
              DEFAULTS.timeout());
      arguments.addAll(scaling.subList(1, scaling.size()));
      List<String> rest = new ArrayList<>();
      resourceArguments(resources, rest);
      for (String argument : rest) {
        // app.server names the scheduling regions compute_region
        arguments.add(argument.startsWith("region=") ? "compute_" + argument : argument);
      }
      if (!settings.name().isEmpty()) {
        arguments.add("name=" + quote(settings.name()));
      }
      py.append("\n\n@app.server(").append(String.join(", ", arguments)).append(")\n");
    } else {
      Cls settings = cls.type().getAnnotation(Cls.class);
      resources = Resources.of(app, settings);
      py.append("\n\n@app.cls(").append(clsArguments(settings, resources)).append(")\n");
      List<String> arguments = new ArrayList<>();
      arguments.add("port=" + web.port());
      arguments.add("proxy_regions=" + list(server.proxyRegions()));
      arguments.add("startup_timeout=" + startup);
      if (server.exitGracePeriod() >= 0) {
        arguments.add("exit_grace_period=" + server.exitGracePeriod());
      }
      if (server.h2Enabled()) {
        arguments.add("h2_enabled=True");
      }
      py.append("@modal.experimental.http_server(")
          .append(String.join(", ", arguments))
          .append(")\n");
      concurrent(py, cls.type().getAnnotation(Concurrent.class), "");
    }
    String jvm = "self." + JVM_ATTRIBUTE;
    py.append("class ").append(names.cls(cls)).append(":\n");
    py.append("    @modal.enter()\n    def ").append(START_HOOK).append("(self):\n");
    py.append("        # The JVM runs the class's @Enter methods: they start its server on port ")
        .append(web.port())
        .append(".\n");
    py.append("        ")
        .append(jvm)
        .append(" = _subprocess.Popen(\n            [")
        .append(javaWith(resources))
        .append("*_CONTAINER, ")
        .append(quote(function.name()))
        .append(", \"--bridge\", _bridge()]\n        )\n\n");
    py.append("    @modal.exit()\n    def ").append(STOP_HOOK).append("(self):\n");
    py.append("        ")
        .append(jvm)
        .append(".terminate()  # the JVM stops gracefully: its @Exit hooks run\n");
    py.append("        ").append(jvm).append(".wait(timeout=30)\n");
  }

  /** A function's body that passes its input to its JVM's call port. */
  private static void input(
      StringBuilder py, FunctionDefinition function, int port, String jvm, String indent) {
    py.append(indent)
        .append(function.generator() ? "yield from _items(" : "return _result(")
        .append(quote(function.name()))
        .append(", ")
        .append(port)
        .append(", ")
        .append(jvm)
        .append(", args)\n");
  }

  /**
   * {@code _CLOUD_NAMES}: the cloud's names of each function of the app by its Java name, as calls
   * from Java name them: a function's name, or a class's and its method's.
   */
  private static void cloudNames(StringBuilder py, AppDefinition app, PythonNames names) {
    py.append("\n_APP_NAME = ").append(quote(app.name())).append("\n");
    py.append("_CLOUD_NAMES = {\n");
    for (FunctionDefinition function : app.functions()) {
      py.append("    ").append(quote(function.name())).append(": [");
      if (function.web() != null && function.web().kind().isServer()) {
        py.append(quote(names.cls(function.cls())));
      } else if (function.cls() == null) {
        String cloud = names.cloudName(function);
        py.append(quote(cloud != null ? cloud : names.function(function)));
      } else {
        py.append(quote(names.cls(function.cls())))
            .append(", ")
            .append(quote(names.method(function)));
      }
      py.append("],\n");
    }
    py.append("}\n");
  }

  private static void cls(
      StringBuilder py,
      ClsSpec cls,
      List<FunctionDefinition> methods,
      PythonNames names,
      App app,
      Map<FunctionDefinition, Integer> callPorts) {
    Cls settings = cls.type().getAnnotation(Cls.class);
    Resources resources = Resources.of(app, settings);
    py.append("\n\n@app.cls(").append(clsArguments(settings, resources)).append(")\n");
    concurrent(py, cls.type().getAnnotation(Concurrent.class), "");
    py.append("class ").append(names.cls(cls)).append(":\n");
    for (ParameterSpec parameter : cls.parameters()) {
      // the cloud's twin of a @Parameter field: Java callers give its values by this name
      py.append("    ")
          .append(parameter.name())
          .append(": ")
          .append(parameter.type().name().toLowerCase(java.util.Locale.ROOT))
          .append(" = modal.parameter(");
      if (!parameter.required()) {
        py.append("default=").append(pythonValue(parameter.defaultValue()));
      }
      py.append(")\n");
    }
    if (!cls.parameters().isEmpty()) {
      py.append("\n");
    }
    Map<FunctionDefinition, Integer> ports = new LinkedHashMap<>();
    int next = 8000;
    List<Integer> declared =
        methods.stream().filter(PythonApp::webServer).map(m -> m.web().port()).toList();
    for (FunctionDefinition method : methods) {
      if (webServer(method)) {
        ports.put(method, method.web().port());
      } else if (method.web() == null) {
        ports.put(method, callPorts.get(method));
      } else {
        while (declared.contains(next)) {
          next++;
        }
        ports.put(method, next++);
      }
    }
    String jvm = "self." + JVM_ATTRIBUTE;
    py.append("    @modal.enter()\n    def ").append(START_HOOK).append("(self):\n");
    py.append(
        "        # One JVM for the container: every method of the class, one instance; the calls\n"
            + "        # that its code makes go through the bridge.\n");
    py.append("        ")
        .append(jvm)
        .append(" = _subprocess.Popen(\n            [\n                ")
        .append(javaWith(resources))
        .append("*_CONTAINER,\n");
    ports.forEach(
        (method, port) ->
            py.append("                ").append(quote(argument(method, port))).append(",\n"));
    if (!cls.parameters().isEmpty()) {
      py.append("                *_parameters(self, [")
          .append(
              cls.parameters().stream().map(p -> quote(p.name())).collect(Collectors.joining(", ")))
          .append("]),\n");
    }
    py.append("                \"--bridge\",\n                _bridge(),\n");
    py.append("            ]\n        )\n\n");
    py.append("    @modal.exit()\n    def ").append(STOP_HOOK).append("(self):\n");
    py.append("        ")
        .append(jvm)
        .append(".terminate()  # the JVM stops gracefully: its @Exit hooks run\n");
    py.append("        ").append(jvm).append(".wait(timeout=30)\n");
    ports.forEach(
        (method, port) -> {
          py.append("\n");
          if (method.web() == null) {
            py.append("    @modal.method()\n    def ")
                .append(names.method(method))
                .append("(self, *args):\n");
            input(py, method, port, jvm, "        ");
            return;
          }
          webServer(py, method, port, names.pinnedLabel(method), "    ");
          py.append("    def ")
              .append(names.method(method))
              .append("(self):\n")
              .append("        pass  # served by the JVM that ")
              .append(START_HOOK)
              .append(" started\n");
        });
  }

  /**
   * {@code health=8000} (a function that code calls: its call port), or the bare name for a web
   * server, which has its own port.
   */
  private static String argument(FunctionDefinition function, int port) {
    return webServer(function) ? function.name() : function.name() + "=" + port;
  }

  private static int portOf(FunctionDefinition function, int otherwise) {
    return webServer(function) ? function.web().port() : otherwise;
  }

  private static boolean webServer(FunctionDefinition function) {
    return function.web() != null && function.web().kind() == WebKind.WEB_SERVER;
  }

  /**
   * The scaling the Java code sets, as the cloud's keywords. Read from the annotation, not from the
   * emulator's scaling, which holds a web server to one container on one host; the cloud's
   * containers each have their own ports.
   */
  private static String functionArguments(Function function, Resources resources) {
    List<String> arguments =
        function == null
            ? new ArrayList<>(List.of(image(resources)))
            : scalingArguments(
                image(resources),
                function.minContainers(),
                function.maxContainers(),
                function.bufferContainers(),
                function.scaledownWindow(),
                function.timeout());
    resourceArguments(resources, arguments);
    return String.join(", ", arguments);
  }

  private static String clsArguments(Cls cls, Resources resources) {
    List<String> arguments =
        scalingArguments(
            image(resources),
            cls.minContainers(),
            cls.maxContainers(),
            cls.bufferContainers(),
            cls.scaledownWindow(),
            cls.timeout());
    resourceArguments(resources, arguments);
    return String.join(", ", arguments);
  }

  /** The app's image, with the function's Debian packages installed on top when it has some. */
  private static String image(Resources resources) {
    if (resources.aptPackages().isEmpty()) {
      return "image=_IMAGE";
    }
    return "image=_IMAGE.apt_install("
        + resources.aptPackages().stream().map(PythonApp::quote).collect(Collectors.joining(", "))
        + ")";
  }

  /** {@code [*_JAVA, ]} and the function's JVM options, quoted, each followed by a comma. */
  private static String javaWith(Resources resources) {
    StringBuilder java = new StringBuilder("*_JAVA, ");
    for (String option : resources.jvmOptions()) {
      java.append(quote(option)).append(", ");
    }
    return java.toString();
  }

  /** The cloud's resource and environment arguments, each only where the Java code sets it. */
  private static void resourceArguments(Resources resources, List<String> arguments) {
    List<String> gpu = resources.gpu();
    if (gpu.size() == 1) {
      arguments.add("gpu=" + quote(gpu.get(0)));
    } else if (gpu.size() > 1) {
      arguments.add("gpu=" + list(gpu));
    }
    if (resources.cpuLimit() > 0) {
      arguments.add(
          "cpu=(" + pythonFloat(resources.cpu()) + ", " + pythonFloat(resources.cpuLimit()) + ")");
    } else if (resources.cpu() > 0) {
      arguments.add("cpu=" + pythonFloat(resources.cpu()));
    }
    if (resources.memoryLimit() > 0) {
      arguments.add("memory=(" + resources.memory() + ", " + resources.memoryLimit() + ")");
    } else if (resources.memory() > 0) {
      arguments.add("memory=" + resources.memory());
    }
    if (resources.ephemeralDisk() > 0) {
      arguments.add("ephemeral_disk=" + resources.ephemeralDisk());
    }
    List<String> region = resources.region();
    if (region.size() == 1) {
      arguments.add("region=" + quote(region.get(0)));
    } else if (region.size() > 1) {
      arguments.add("region=" + list(region));
    }
    if (!resources.cloud().isEmpty()) {
      arguments.add("cloud=" + quote(resources.cloud()));
    }
    if (!resources.secrets().isEmpty()) {
      arguments.add(
          "secrets=["
              + resources.secrets().stream()
                  .map(name -> "modal.Secret.from_name(" + quote(name) + ")")
                  .collect(Collectors.joining(", "))
              + "]");
    }
    if (!resources.volumes().isEmpty()) {
      arguments.add(
          "volumes={"
              + resources.volumes().entrySet().stream()
                  .map(
                      mount ->
                          quote(mount.getKey())
                              + ": modal.Volume.from_name("
                              + quote(mount.getValue())
                              + ", create_if_missing=True)")
                  .collect(Collectors.joining(", "))
              + "}");
    }
    if (!resources.env().isEmpty()) {
      arguments.add(
          "env={"
              + resources.env().entrySet().stream()
                  .map(variable -> quote(variable.getKey()) + ": " + quote(variable.getValue()))
                  .collect(Collectors.joining(", "))
              + "}");
    }
  }

  private static String list(List<String> values) {
    return "[" + values.stream().map(PythonApp::quote).collect(Collectors.joining(", ")) + "]";
  }

  private static List<String> scalingArguments(
      String image, int min, int max, int buffer, int window, int timeout) {
    List<String> arguments = new ArrayList<>(List.of(image));
    if (min != DEFAULTS.minContainers()) {
      arguments.add("min_containers=" + min);
    }
    if (max != DEFAULTS.maxContainers()) {
      arguments.add("max_containers=" + max);
    }
    if (buffer != DEFAULTS.bufferContainers()) {
      arguments.add("buffer_containers=" + buffer);
    }
    if (window != DEFAULTS.scaledownWindow()) {
      arguments.add("scaledown_window=" + window);
    }
    if (timeout != DEFAULTS.timeout()) {
      arguments.add("timeout=" + timeout);
    }
    return arguments;
  }

  private static void concurrent(StringBuilder py, Concurrent concurrent, String indent) {
    if (concurrent == null) {
      return;
    }
    py.append(indent).append("@modal.concurrent(max_inputs=").append(concurrent.maxInputs());
    if (concurrent.targetInputs() != 0) {
      py.append(", target_inputs=").append(concurrent.targetInputs());
    }
    py.append(")\n");
  }

  /**
   * @param pinnedLabel the label to write when the user gave none, or null for the cloud's default
   */
  private static void webServer(
      StringBuilder py, FunctionDefinition function, int port, String pinnedLabel, String indent) {
    WebSpec web = function.web();
    double userTimeout = web.kind() == WebKind.WEB_SERVER ? web.startupTimeout() : 0;
    List<String> arguments = new ArrayList<>();
    arguments.add(String.valueOf(port));
    arguments.add("startup_timeout=" + pythonFloat(userTimeout + JVM_START_MARGIN));
    if (!web.label().isEmpty()) {
      arguments.add("label=" + quote(web.label()));
    } else if (pinnedLabel != null) {
      arguments.add("label=" + quote(pinnedLabel));
    }
    if (!web.customDomains().isEmpty()) {
      arguments.add(
          "custom_domains=["
              + web.customDomains().stream().map(PythonApp::quote).collect(Collectors.joining(", "))
              + "]");
    }
    if (web.requiresProxyAuth()) {
      arguments.add("requires_proxy_auth=True");
    }
    py.append(indent)
        .append("@modal.web_server(")
        .append(String.join(", ", arguments))
        .append(")\n");
  }

  /** A parameter's default as a Python literal: str, int, bool, or bytes from UTF-8 text. */
  private static String pythonValue(Object value) {
    if (value instanceof String text) {
      return quote(text);
    }
    if (value instanceof Boolean bool) {
      return bool ? "True" : "False";
    }
    if (value instanceof byte[] bytes) {
      return quote(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)) + ".encode()";
    }
    return String.valueOf(value);
  }

  private static String pythonFloat(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) + ".0" : String.valueOf(value);
  }

  /**
   * A Python string literal of printable ASCII: anything else escaped, a character beyond the Basic
   * Multilingual Plane as one 8-digit escape (a pair of 4-digit ones would be two lone surrogates
   * in Python, which a process argument can't carry).
   */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                default -> {
                  if (c > 0xffff) {
                    quoted.append(String.format("\\U%08x", c));
                  } else if (c < 0x20 || c > 0x7e) {
                    quoted.append(String.format("\\u%04x", c));
                  } else {
                    quoted.appendCodePoint(c);
                  }
                }
              }
            });
    return quoted.append('"').toString();
  }
}
