package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.Server;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.export.PythonApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emulator.jar export} on every example: each file compiles, and run against a stand-in of
 * the cloud client ({@code src/test/resources/modal-standin}, written from modal-client 1.5's
 * signatures and checks) it declares exactly what the Java definition says, and its bodies start
 * exactly the {@code container} command for each function. The cloud itself can't be reached from
 * here: what it does after reading the file (building the image, routing) is not shown.
 */
class ExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path out;
  private static List<Class<?>> apps;

  @BeforeAll
  static void export() throws Exception {
    StandIn.requirePython();
    try (EmulatorProcess export =
        EmulatorProcess.start(
            "export", "--cp", EmulatorProcess.EXAMPLES, "--out", out.toString())) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
    }
    apps = exampleApps();
  }

  /** Every {@code @App} class of the examples, found by loading each class file. */
  private static List<Class<?>> exampleApps() throws IOException {
    Path classes = Path.of(System.getProperty("examples.classes", "examples/target/classes"));
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String relative = classes.relativize(file).toString();
        if (!relative.endsWith(".class")) {
          continue;
        }
        String name = relative.substring(0, relative.length() - 6).replace(File.separatorChar, '.');
        try {
          Class<?> type = Class.forName(name, false, ExportTest.class.getClassLoader());
          if (type.isAnnotationPresent(App.class)) {
            found.add(type);
          }
        } catch (ClassNotFoundException | LinkageError e) {
          throw new AssertionError("example class " + name + " does not load", e);
        }
      }
    }
    return found;
  }

  /** The lib folder's jar for each --cp entry, in order, as export names them. */
  private static List<String> libJars() {
    List<String> jars = new ArrayList<>();
    for (String entry : EmulatorProcess.EXAMPLES.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      jars.add(
          Files.isDirectory(path)
              ? path.toAbsolutePath().getParent().getParent().getFileName() + "-classes.jar"
              : path.getFileName().toString());
    }
    return jars;
  }

  private static Map<String, Object> scaling(
      int min, int max, int buffer, int window, int timeout) {
    Map<String, Object> expected = new LinkedHashMap<>();
    if (min != 0) {
      expected.put("min_containers", min);
    }
    if (max != 0) {
      expected.put("max_containers", max);
    }
    if (buffer != 0) {
      expected.put("buffer_containers", buffer);
    }
    if (window != 60) {
      expected.put("scaledown_window", window);
    }
    if (timeout != 300) {
      expected.put("timeout", timeout);
    }
    return expected;
  }

  private static Map<String, Object> concurrent(Concurrent concurrent) {
    if (concurrent == null) {
      return null;
    }
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("max_inputs", concurrent.maxInputs());
    expected.put(
        "target_inputs", concurrent.targetInputs() == 0 ? null : concurrent.targetInputs());
    return expected;
  }

  private static void assertWebServer(JsonNode web, FunctionDefinition function, int port) {
    String where = function.where();
    assertThat(web.get("port").asInt()).as(where).isEqualTo(port);
    double userTimeout =
        function.web().kind() == WebKind.WEB_SERVER ? function.web().startupTimeout() : 0;
    assertThat(web.get("startup_timeout").asDouble())
        .as(where)
        .isEqualTo(userTimeout + PythonApp.JVM_START_MARGIN);
    assertThat(web.get("label").isNull() ? "" : web.get("label").asText())
        .as(where)
        .isEqualTo(function.web().label());
    List<String> domains = new ArrayList<>();
    web.get("custom_domains").forEach(d -> domains.add(d.asText()));
    assertThat(domains).as(where).isEqualTo(function.web().customDomains());
    assertThat(web.get("requires_proxy_auth").asBoolean())
        .as(where)
        .isEqualTo(function.web().requiresProxyAuth());
  }

  private static Map<String, Object> map(JsonNode object) {
    return JSON.convertValue(object, new TypeReference<Map<String, Object>>() {});
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.isNull() ? null : v.asText()));
    return values;
  }

  /** The call ports of the functions that code calls: 9000, 9001, ... past web servers' ports. */
  private static Map<FunctionDefinition, Integer> callPorts(AppDefinition app) {
    List<Integer> declared = new ArrayList<>();
    for (FunctionDefinition function : app.functions()) {
      if (function.web() != null && function.web().kind() == WebKind.WEB_SERVER) {
        declared.add(function.web().port());
      }
    }
    Map<FunctionDefinition, Integer> ports = new LinkedHashMap<>();
    int next = PythonApp.CALL_PORTS;
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

  @Test
  void everyExampleExportsAFileThatDeclaresItsJavaDefinitionAndStartsItsContainer()
      throws Exception {
    Deployment deployment = Deployment.of(apps, "local", "", false);
    assertThat(deployment.apps()).hasSizeGreaterThanOrEqualTo(19);
    List<String> jars = libJars();
    for (String jar : jars) {
      assertThat(out.resolve("lib").resolve(jar)).isRegularFile();
    }
    assertThat(out.resolve("lib/emulator.jar")).isRegularFile();
    List<String> container = PythonApp.containerCommand(jars);
    for (AppDefinition app : deployment.apps()) {
      Path file = out.resolve(PythonApp.fileName(app));
      StandIn.run(Duration.ofSeconds(30), List.of("python3", "-m", "py_compile", file.toString()));
      String text = Files.readString(file);
      for (String deprecated :
          List.of(
              "keep_warm=",
              "concurrency_limit=",
              "container_idle_timeout=",
              "allow_concurrent_inputs=",
              "modal.Mount",
              ".copy_local_",
              "modal.web_endpoint")) {
        assertThat(text).as(file + " uses no deprecated name").doesNotContain(deprecated);
      }
      JsonNode report = StandIn.record(file);
      JsonNode declared = report.get("apps").get(0);
      assertThat(report.get("apps")).hasSize(1);
      assertThat(declared.get("name").asText()).isEqualTo(app.name());
      Map<String, List<FunctionDefinition>> classes = new LinkedHashMap<>();
      Map<FunctionDefinition, Integer> callPorts = callPorts(app);
      int functions = 0;
      List<FunctionDefinition> servers = new ArrayList<>();
      for (FunctionDefinition function : app.functions()) {
        if (function.web() != null && function.web().kind().isServer()) {
          servers.add(function);
          continue;
        }
        if (function.cls() != null) {
          classes.computeIfAbsent(function.cls().name(), c -> new ArrayList<>()).add(function);
          continue;
        }
        JsonNode record = declared.get("functions").get(functions++);
        assertThat(record.get("name").asText()).isEqualTo(Labels.snakeCase(function.name()));
        Function annotation = function.method().getAnnotation(Function.class);
        assertThat(map(record.get("scaling")))
            .as(function.where())
            .isEqualTo(
                annotation == null
                    ? Map.of()
                    : scaling(
                        annotation.minContainers(),
                        annotation.maxContainers(),
                        annotation.bufferContainers(),
                        annotation.scaledownWindow(),
                        annotation.timeout()));
        assertThat(record.get("concurrent").isNull() ? null : map(record.get("concurrent")))
            .isEqualTo(concurrent(function.method().getAnnotation(Concurrent.class)));
        if (function.web() == null) {
          // a function that code calls: its inputs go to its JVM, started at the first one
          assertThat(record.get("web_server").isNull()).as(function.where()).isTrue();
          assertThat(record.get("signature").asText()).isEqualTo("(*args)");
          assertThat(record.get("is_generator").asBoolean()).isEqualTo(function.generator());
          assertThat(record.get("started")).isEmpty();
          assertThat(text)
              .contains(
                  "jvm = _jvm(\""
                      + function.name()
                      + "\", [*_JAVA, *_CONTAINER, \""
                      + function.name()
                      + "="
                      + callPorts.get(function)
                      + "\"])");
          continue;
        }
        boolean webServer = function.web().kind() == WebKind.WEB_SERVER;
        int port = webServer ? function.web().port() : 8000;
        assertWebServer(record.get("web_server"), function, port);
        List<String> expected = new ArrayList<>(container);
        expected.add(app.type().getName());
        expected.add(webServer ? function.name() : function.name() + "=8000");
        assertThat(record.get("started")).hasSize(1);
        assertThat(StandIn.withoutBridge(record.get("started").get(0))).isEqualTo(expected);
      }
      assertThat(declared.get("functions")).hasSize(functions);
      List<JsonNode> plainClasses = new ArrayList<>();
      List<JsonNode> flashClasses = new ArrayList<>();
      declared
          .get("classes")
          .forEach(k -> (k.get("http_server").isNull() ? plainClasses : flashClasses).add(k));
      assertThat(plainClasses).hasSize(classes.size());
      assertServers(app, servers, declared.get("servers"), flashClasses, container);
      int c = 0;
      for (Map.Entry<String, List<FunctionDefinition>> cls : classes.entrySet()) {
        JsonNode record = plainClasses.get(c++);
        assertThat(record.get("name").asText()).isEqualTo(cls.getKey());
        Class<?> type = cls.getValue().get(0).cls().type();
        Cls annotation = type.getAnnotation(Cls.class);
        assertThat(map(record.get("scaling")))
            .isEqualTo(
                scaling(
                    annotation.minContainers(),
                    annotation.maxContainers(),
                    annotation.bufferContainers(),
                    annotation.scaledownWindow(),
                    annotation.timeout()));
        assertThat(strings(record.get("enter"))).containsExactly(PythonApp.START_HOOK);
        assertThat(strings(record.get("exit"))).containsExactly(PythonApp.STOP_HOOK);
        List<String> expected = new ArrayList<>(container);
        expected.add(app.type().getName());
        int port = 8000;
        JsonNode webServers = record.get("web_servers");
        JsonNode methods = record.get("methods");
        int web = 0;
        int called = 0;
        for (FunctionDefinition method : cls.getValue()) {
          String python = Labels.snakeCase(method.method().getName());
          if (method.web() == null) {
            JsonNode declaredMethod = methods.get(called++);
            assertThat(declaredMethod.get("method").asText()).isEqualTo(python);
            assertThat(declaredMethod.get("signature").asText()).isEqualTo("(self, *args)");
            assertThat(declaredMethod.get("is_generator").asBoolean())
                .isEqualTo(method.generator());
            expected.add(method.name() + "=" + callPorts.get(method));
            continue;
          }
          assertThat(webServers.get(web).get("method").asText()).isEqualTo(python);
          assertWebServer(webServers.get(web++), method, port);
          expected.add(method.name() + "=" + port++);
        }
        assertThat(webServers).hasSize(web);
        assertThat(methods).hasSize(called);
        // The enter hook starts the one JVM; the exit hook stops it and waits for its @Exit hooks.
        assertThat(StandIn.withoutBridge(record.get("started").get(0))).isEqualTo(expected);
        assertThat(strings(record.get("started").get(1))).containsExactly("terminate");
        assertThat(strings(record.get("started").get(2))).containsExactly("wait", "30");
      }
    }
  }

  /**
   * Each {@code @Server} is an {@code @app.server} class and each {@code @HttpServer} an {@code
   * @app.cls} with {@code modal.experimental.http_server}, with the settings of its annotation, its
   * start-up time plus the JVM's; their enter hook starts the container's JVM for that server, the
   * exit hook stops it.
   */
  private static void assertServers(
      AppDefinition app,
      List<FunctionDefinition> servers,
      JsonNode serverRecords,
      List<JsonNode> flashClasses,
      List<String> container) {
    int s = 0;
    int f = 0;
    for (FunctionDefinition function : servers) {
      String where = function.where();
      Class<?> type = function.cls().type();
      JsonNode record;
      int startup = (int) function.web().startupTimeout() + (int) PythonApp.JVM_START_MARGIN;
      if (function.web().kind() == WebKind.SERVER) {
        record = serverRecords.get(s++);
        Server server = type.getAnnotation(Server.class);
        assertThat(record.get("name").asText()).as(where).isEqualTo(function.name());
        assertThat(record.get("port").asInt()).as(where).isEqualTo(server.port());
        assertThat(record.get("startup_timeout").asInt()).as(where).isEqualTo(startup);
        assertThat(record.get("routing_region").asText())
            .as(where)
            .isEqualTo(server.routingRegion());
        assertThat(record.get("unauthenticated").asBoolean())
            .as(where)
            .isEqualTo(server.unauthenticated());
        assertThat(record.get("h2_enabled").asBoolean()).as(where).isEqualTo(server.h2Enabled());
        assertThat(record.get("exit_grace_period").asInt())
            .as(where)
            .isEqualTo(server.exitGracePeriod());
        assertThat(
                record.get("target_concurrency").isNull()
                    ? -1
                    : record.get("target_concurrency").asDouble())
            .as(where)
            .isEqualTo(server.targetConcurrency() < 0 ? -1 : server.targetConcurrency());
        assertThat(map(record.get("scaling")))
            .as(where)
            .isEqualTo(
                scaling(
                    server.minContainers(),
                    server.maxContainers(),
                    server.bufferContainers(),
                    server.scaledownWindow(),
                    300));
      } else {
        record = flashClasses.get(f++);
        HttpServer flash = type.getAnnotation(HttpServer.class);
        Cls cls = type.getAnnotation(Cls.class);
        assertThat(record.get("name").asText()).as(where).isEqualTo(function.name());
        JsonNode declared = record.get("http_server");
        assertThat(declared.get("port").asInt()).as(where).isEqualTo(flash.port());
        assertThat(strings(declared.get("proxy_regions")))
            .as(where)
            .containsExactly(flash.proxyRegions());
        assertThat(declared.get("startup_timeout").asInt()).as(where).isEqualTo(startup);
        assertThat(
                declared.get("exit_grace_period").isNull()
                    ? -1
                    : declared.get("exit_grace_period").asInt())
            .as(where)
            .isEqualTo(flash.exitGracePeriod() < 0 ? -1 : flash.exitGracePeriod());
        assertThat(record.get("concurrent").isNull() ? null : map(record.get("concurrent")))
            .as(where)
            .isEqualTo(concurrent(type.getAnnotation(Concurrent.class)));
        assertThat(map(record.get("scaling")))
            .as(where)
            .isEqualTo(
                scaling(
                    cls.minContainers(),
                    cls.maxContainers(),
                    cls.bufferContainers(),
                    cls.scaledownWindow(),
                    cls.timeout()));
        assertThat(record.get("web_servers")).as(where).isEmpty();
        assertThat(record.get("methods")).as(where).isEmpty();
      }
      assertThat(strings(record.get("enter"))).containsExactly(PythonApp.START_HOOK);
      assertThat(strings(record.get("exit"))).containsExactly(PythonApp.STOP_HOOK);
      List<String> expected = new ArrayList<>(container);
      expected.add(app.type().getName());
      expected.add(function.name());
      assertThat(StandIn.withoutBridge(record.get("started").get(0))).as(where).isEqualTo(expected);
      assertThat(strings(record.get("started").get(1))).containsExactly("terminate");
      assertThat(strings(record.get("started").get(2))).containsExactly("wait", "30");
    }
    assertThat(serverRecords).hasSize(s);
    assertThat(flashClasses).hasSize(f);
  }

  /** The resources example's file asks the cloud for what its Java code declares. */
  @Test
  void theResourcesExampleDeclaresItsGpuMemorySecretVolumeAndEnv() throws Exception {
    JsonNode translate =
        StandIn.record(out.resolve("example_resources.py"))
            .get("apps")
            .get(0)
            .get("functions")
            .get(0);
    assertThat(translate.get("name").asText()).isEqualTo("translate");
    JsonNode resources = translate.get("resources");
    assertThat(resources.get("gpu").toString()).isEqualTo("[[\"L4\",1]]");
    assertThat(resources.get("memory").asInt()).isEqualTo(2048);
    assertThat(strings(resources.get("secrets"))).containsExactly("translator-api");
    assertThat(resources.get("volumes").toString())
        .isEqualTo("{\"/history\":[\"translations\",true]}");
    assertThat(resources.get("env").toString()).isEqualTo("{\"TRANSLATOR_MODE\":\"formal\"}");
  }

  @Test
  void theStandInRefusesWhatTheClientRefuses() throws Exception {
    Path bad = out.resolve("bad_port.py");
    Files.writeString(
        bad,
        "import modal\napp = modal.App(\"x\")\n@app.function()\n@modal.web_server(0)\n"
            + "def f():\n    pass\n");
    String output = StandIn.refusal(bad);
    assertThat(output)
        .contains(
            "modal.InvalidError: First argument of `@web_server` must be a local port, such as"
                + " `@web_server(8000)`.");
    Path unstarted = out.resolve("bad_server.py");
    Files.writeString(
        unstarted,
        "import modal\napp = modal.App(\"x\")\n@app.server(port=8000)\nclass S:\n    pass\n");
    assertThat(StandIn.refusal(unstarted))
        .contains(
            "modal.InvalidError: Server class must have an @modal.enter() to setup the server.");
    Path regionless = out.resolve("bad_flash.py");
    Files.writeString(
        regionless,
        "import modal\nimport modal.experimental\napp = modal.App(\"x\")\n"
            + "@app.cls()\n@modal.experimental.http_server(port=8000)\nclass F:\n    pass\n");
    assertThat(StandIn.refusal(regionless))
        .contains("modal.InvalidError: The `proxy_regions` argument must be non-empty.");
  }
}
