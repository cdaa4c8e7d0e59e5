package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource and environment settings of the Java code in the exported file, as the stand-in
 * client reads them: GPUs, CPU, memory, disk, placement, secrets, volumes, environment, Debian
 * packages and JVM options, for a function, a class, and the app's defaults under both.
 */
class ExportResourcesTest {

  @TempDir static Path temp;
  private static JsonNode declared;

  @BeforeAll
  static void export() throws Exception {
    StandIn.requirePython();
    Path classes = temp.resolve("classes");
    SourceCompiler.compile(
        classes,
        "Shop",
        """
        import io.github.modalemulator.App;
        import io.github.modalemulator.Cls;
        import io.github.modalemulator.FastapiEndpoint;
        import io.github.modalemulator.Function;
        import io.github.modalemulator.VolumeMount;

        @App(
            value = "shop",
            secrets = "shop-db",
            env = "SHOP_MODE=prod",
            region = "eu",
            aptPackages = "curl")
        public class Shop {
          @Function(
              gpu = {"H100:2", "A100"},
              cpu = 2,
              cpuLimit = 4,
              memory = 4096,
              memoryLimit = 8192,
              ephemeralDisk = 10240,
              cloud = "aws",
              secrets = "stripe",
              volumes = @VolumeMount(name = "orders", path = "/data/orders/"),
              env = {"SHOP_MODE=checkout", "TAX=0.2"},
              jvmOptions = {"-Xmx3g", "-XX:+UseZGC"},
              aptPackages = "ffmpeg")
          @FastapiEndpoint(method = "POST")
          public static String checkout() {
            return "ok";
          }

          @Function
          @FastapiEndpoint
          public static String plain() {
            return "plain";
          }

          @Cls(gpu = "L4", memory = 2048, jvmOptions = "-Xss2m")
          public static class Worker {
            @FastapiEndpoint
            public String work() {
              return "done";
            }
          }
        }
        """);
    Path out = temp.resolve("out");
    try (EmulatorProcess export =
        EmulatorProcess.start("export", "--cp", classes.toString(), "--out", out.toString())) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
    }
    JsonNode report = StandIn.record(out.resolve("shop.py"));
    declared = report.get("apps").get(0);
  }

  private static JsonNode function(String name) {
    for (JsonNode function : declared.get("functions")) {
      if (function.get("name").asText().equals(name)) {
        return function;
      }
    }
    throw new AssertionError("no function " + name + " in " + declared);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Test
  void aFunctionDeclaresItsOwnSettingsOverTheAppsDefaults() {
    JsonNode checkout = function("checkout");
    assertThat(checkout.get("resources").toString())
        .isEqualTo(
            "{\"gpu\":[[\"H100\",2],[\"A100\",1]],\"cpu\":[2.0,4.0],\"memory\":[4096,8192],"
                + "\"ephemeral_disk\":10240,\"region\":\"eu\",\"cloud\":\"aws\","
                + "\"secrets\":[\"shop-db\",\"stripe\"],"
                + "\"volumes\":{\"/data/orders\":[\"orders\",true]},"
                + "\"env\":{\"SHOP_MODE\":\"checkout\",\"TAX\":\"0.2\"}}");
    JsonNode image = checkout.get("image");
    assertThat(image.get(image.size() - 1).toString())
        .isEqualTo("[\"apt_install\",\"curl\",\"ffmpeg\"]");
    List<String> started = StandIn.withoutBridge(checkout.get("started").get(0));
    assertThat(started.subList(0, 4))
        .containsExactly(
            "java", "-XX:SharedArchiveFile=/app/emulator.jsa", "-Xmx3g", "-XX:+UseZGC");
    assertThat(started.get(4)).isEqualTo("-jar");
    assertThat(started.subList(started.size() - 2, started.size()))
        .containsExactly("Shop", "checkout=8000");
  }

  @Test
  void aFunctionWithoutSettingsGetsTheAppsDefaults() {
    JsonNode plain = function("plain");
    assertThat(plain.get("resources").toString())
        .isEqualTo(
            "{\"gpu\":[],\"cpu\":null,\"memory\":null,\"ephemeral_disk\":null,"
                + "\"region\":\"eu\",\"cloud\":null,\"secrets\":[\"shop-db\"],\"volumes\":{},"
                + "\"env\":{\"SHOP_MODE\":\"prod\"}}");
    List<String> started = StandIn.withoutBridge(plain.get("started").get(0));
    assertThat(started.subList(0, 3))
        .containsExactly("java", "-XX:SharedArchiveFile=/app/emulator.jsa", "-jar");
  }

  @Test
  void aClassDeclaresItsSettingsAndItsJvmGetsItsOptions() {
    JsonNode worker = declared.get("classes").get(0);
    assertThat(worker.get("resources").toString())
        .isEqualTo(
            "{\"gpu\":[[\"L4\",1]],\"cpu\":null,\"memory\":2048,\"ephemeral_disk\":null,"
                + "\"region\":\"eu\",\"cloud\":null,\"secrets\":[\"shop-db\"],\"volumes\":{},"
                + "\"env\":{\"SHOP_MODE\":\"prod\"}}");
    List<String> started = StandIn.withoutBridge(worker.get("started").get(0));
    assertThat(started.subList(0, 4))
        .containsExactly("java", "-XX:SharedArchiveFile=/app/emulator.jsa", "-Xss2m", "-jar");
  }

  @Test
  void theStandInRefusesAMemoryLimitBelowItsRequestAsTheClientDoes() throws Exception {
    Path bad = temp.resolve("bad_memory.py");
    Files.writeString(
        bad,
        "import modal\napp = modal.App(\"x\")\n@app.function(memory=(4096, 1024))\n"
            + "@modal.web_server(8000)\ndef f():\n    pass\n");
    String output = StandIn.refusal(bad);
    assertThat(output)
        .contains(
            "modal.InvalidError: Cannot specify a memory limit lower than request: 1024 < 4096");
  }
}
