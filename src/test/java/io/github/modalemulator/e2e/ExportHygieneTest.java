package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emulator.jar export} of an app whose Java names Python can't take as they are, from a
 * class-path folder holding what a working copy leaves beside a build's output: the file compiles,
 * declares the cloud names and labels the emulator serves, and its lib folder ships only the
 * build's files. The attacks of issue 19 on export, run through the jar.
 */
class ExportHygieneTest {

  @TempDir Path dir;
  private Path classes;
  private Path out;

  @BeforeEach
  void project() throws IOException {
    StandIn.requirePython();
    classes = dir.resolve("shop/target/classes");
    out = dir.resolve("modal_export");
    SourceCompiler.compile(
        classes,
        "OddNamesApp",
        "import io.github.modalemulator.*;\n"
            + "@App(\"odd-names\")\n"
            + "public class OddNamesApp {\n"
            + "  @Function @FastapiEndpoint public static String lambda() { return \"l\"; }\n"
            + "  @Function @FastapiEndpoint public static String get$x() { return \"x\"; }\n"
            + "  @Function @FastapiEndpoint public static String image() { return \"i\"; }\n"
            + "  @Function @FastapiEndpoint public static String subprocess() { return \"s\"; }\n"
            + "  @Function @FastapiEndpoint public static String app() { return \"a\"; }\n"
            + "  @Cls public static class None {\n"
            + "    @FastapiEndpoint public String startJava() { return \"n\"; }\n"
            + "    @FastapiEndpoint public String modal() { return \"m\"; }\n"
            + "  }\n"
            + "  @Cls public static class My$Api {\n"
            + "    @FastapiEndpoint public String health() { return \"h\"; }\n"
            + "  }\n"
            + "}\n");
    Files.writeString(classes.resolve("application.properties"), "greeting=hi\n");
    Files.writeString(classes.resolve(".env"), "API_KEY=sk-live-1\n");
    Files.createDirectories(classes.resolve(".git"));
    Files.writeString(classes.resolve(".git/config"), "[remote] url = https://token@host/x\n");
    Path outside = Files.writeString(dir.resolve("id.txt"), "outside the folder\n");
    Files.createSymbolicLink(classes.resolve("linked.txt"), outside);
  }

  private EmulatorProcess export(String classPath) throws Exception {
    EmulatorProcess export =
        EmulatorProcess.start("export", "--cp", classPath, "--out", out.toString());
    export.exitStatus();
    return export;
  }

  private static List<String> entries(Path jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
      for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
        names.add(entry.getName());
      }
    }
    return names;
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void oddJavaNamesExportAsValidPythonWithTheEmulatorsCloudNamesAndLabels() throws Exception {
    try (EmulatorProcess export = export(classes.toString())) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
    }
    Path file = out.resolve("odd_names.py");
    StandIn.run(Duration.ofSeconds(30), List.of("python3", "-m", "py_compile", file.toString()));
    JsonNode report = StandIn.record(file);
    JsonNode declared = report.get("apps").get(0);
    List<String> container = PythonApp.containerCommand(List.of("shop-classes.jar"));

    // Each function: its cloud name, its Python name, what its body starts.
    Map<String, List<String>> functions = new LinkedHashMap<>();
    for (JsonNode function : declared.get("functions")) {
      List<String> started = StandIn.withoutBridge(function.get("started").get(0));
      functions.put(
          function.get("name").asText(),
          List.of(
              function.get("implementation").asText(),
              String.valueOf(function.get("web_server").get("label").textValue()),
              started.get(started.size() - 1)));
      assertThat(started.subList(0, container.size())).isEqualTo(container);
    }
    assertThat(functions)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app", List.of("app_", "null", "app=8000"),
                "get$x", List.of("get_x", "null", "get$x=8000"),
                "image", List.of("image", "null", "image=8000"),
                "lambda", List.of("lambda_", "null", "lambda=8000"),
                "subprocess", List.of("subprocess", "null", "subprocess=8000")));

    // Each class: its hooks start one JVM for all its methods; each method keeps its label.
    Map<String, List<String>> classes = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (JsonNode cls : declared.get("classes")) {
      String name = cls.get("name").asText();
      assertThat(strings(cls.get("enter"))).as(name).containsExactly("_start_jvm");
      assertThat(strings(cls.get("exit"))).as(name).containsExactly("_stop_jvm");
      List<String> started = StandIn.withoutBridge(cls.get("started").get(0));
      classes.put(name, started.subList(container.size() + 1, started.size()));
      for (JsonNode method : cls.get("web_servers")) {
        labels.put(
            name + "." + method.get("method").asText(),
            String.valueOf(method.get("label").textValue()));
      }
    }
    assertThat(classes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "My_Api", List.of("My$Api.health=8000"),
                "None_", List.of("None.modal=8000", "None.startJava=8001")));
    // The emulator's labels: odd-names-my-api-health is also My_Api's default in the cloud.
    assertThat(labels)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "My_Api.health", "null",
                "None_.modal_", "odd-names-none-modal",
                "None_.start_java", "odd-names-none-start-java"));
  }

  @Test
  void libShipsOnlyTheBuildsFilesAndNothingAnEarlierExportLeft() throws Exception {
    Path extra = dir.resolve("extra-1.0.jar");
    Files.copy(EmulatorProcess.JAR, extra);
    try (EmulatorProcess export = export(classes + File.pathSeparator + extra)) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
    }
    assertThat(listing(out.resolve("lib")))
        .containsExactly("emulator.jar", "extra-1.0.jar", "shop-classes.jar");

    try (EmulatorProcess export = export(classes.toString())) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
      assertThat(export.stderr())
          .contains(
              "Left out of lib/shop-classes.jar: " + classes.resolve(".env") + " (a dot file)\n",
              "Left out of lib/shop-classes.jar: " + classes.resolve(".git") + " (a dot folder)\n",
              "Left out of lib/shop-classes.jar: "
                  + classes.resolve("linked.txt")
                  + " (a symbolic link out of the folder, to "
                  + dir.resolve("id.txt").toRealPath()
                  + ")\n");
    }
    assertThat(listing(out.resolve("lib"))).containsExactly("emulator.jar", "shop-classes.jar");
    assertThat(entries(out.resolve("lib/shop-classes.jar")))
        .containsExactly(
            "OddNamesApp$My$Api.class",
            "OddNamesApp$None.class",
            "OddNamesApp.class",
            "application.properties");
  }

  @Test
  void aSecretLookingFileOrAForeignFileInLibStopsTheExportAndLeavesTheLastOneWhole()
      throws Exception {
    try (EmulatorProcess export = export(classes.toString())) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
    }
    byte[] exported = Files.readAllBytes(out.resolve("lib/shop-classes.jar"));
    Files.writeString(classes.resolve("credentials.json"), "{\"private_key\": \"...\"}\n");
    Files.writeString(out.resolve("lib/notes.txt"), "mine\n");

    try (EmulatorProcess export = export(classes.toString())) {
      assertThat(export.exitStatus()).isEqualTo(1);
      assertThat(export.stderr())
          .isEqualTo(
              "Nothing exported:\n"
                  + classes.resolve("credentials.json")
                  + " looks like it holds a secret, and an image is readable by everyone who can"
                  + " run it: take it out of the class path (a Modal Secret gives a container its"
                  + " credentials as environment variables), or rename it if it holds none\n"
                  + out.resolve("lib")
                  + " holds notes.txt, which no earlier export wrote (it records what it writes in "
                  + out.resolve(".export-lib")
                  + "); the image ships all of "
                  + out.resolve("lib")
                  + ", so export empties it first and won't delete what isn't its own: move it"
                  + " away, or choose another --out\n");
    }
    assertThat(listing(out.resolve("lib")))
        .containsExactly("emulator.jar", "notes.txt", "shop-classes.jar");
    assertThat(Files.readAllBytes(out.resolve("lib/shop-classes.jar"))).isEqualTo(exported);
  }

  @Test
  void twoAppsThatWouldExportToOneFileAreRefused() throws Exception {
    Path more = dir.resolve("more/target/classes");
    SourceCompiler.compile(
        more,
        "DashApp",
        "import io.github.modalemulator.*;\n"
            + "@App(\"a-b\")\n"
            + "public class DashApp {\n"
            + "  @Function @FastapiEndpoint public static String hi() { return \"d\"; }\n"
            + "}\n");
    SourceCompiler.compile(
        more,
        "DotApp",
        "import io.github.modalemulator.*;\n"
            + "@App(\"a.b\")\n"
            + "public class DotApp {\n"
            + "  @Function @FastapiEndpoint public static String hey() { return \"u\"; }\n"
            + "}\n");
    try (EmulatorProcess export = export(more.toString())) {
      assertThat(export.exitStatus()).isEqualTo(1);
      assertThat(export.stderr())
          .isEqualTo(
              "Nothing exported:\n"
                  + "@App(\"a-b\") and @App(\"a.b\") both export to "
                  + out.resolve("a_b.py")
                  + " (dashes and dots become underscores): rename one\n");
    }
    assertThat(out).doesNotExist();
  }
}
