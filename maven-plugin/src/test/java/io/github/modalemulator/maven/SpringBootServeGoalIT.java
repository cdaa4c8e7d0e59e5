package io.github.modalemulator.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code mvn modal-emulator:serve} on a Spring Boot project as Spring Initializr makes it (the
 * invoker's {@code spring-boot} sample, copied): the shop answers through the emulator in Maven's
 * JVM, with Spring Boot's own Logback, and SIGTERM ends the build cleanly. Resolves as {@link
 * ServeGoalIT} does: the reactor's artifacts from the invoker's repository, the rest from the
 * machine's through a {@code file://} mirror.
 */
class SpringBootServeGoalIT {
  private static final Pattern URL =
      Pattern.compile("Created web function shop => (http://\\S+:(\\d+))");

  private final SampleBuild build =
      new SampleBuild(
          Path.of(SampleBuild.property("it.workDirectory")).resolveSibling("serve-spring"));
  private final Path serveLog = build.work().resolve("serve.log");

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void theServeGoalServesTheSpringBootShopWithItsOwnLogging() throws Exception {
    build.prepare(Path.of(SampleBuild.property("it.springBootSample")));
    Process serve = null;
    try {
      serve = build.maven(serveLog, "modal-emulator:serve", "-Dmodal.port=0");
      Matcher url =
          SampleBuild.awaitServing(serve, serveLog, URL, Duration.ofSeconds(180), this::log);
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(
                  ProxySelector.of(
                      new InetSocketAddress("127.0.0.1", Integer.parseInt(url.group(2)))))
              .build();
      assertThat(get(client, url.group(1) + "/hello?name=Ada"))
          .as(this::log)
          .isEqualTo("{\"message\":\"Hello, Ada\"}");
      assertThat(get(client, url.group(1) + "/logging"))
          .as(this::log)
          .isEqualTo("ch.qos.logback.classic.LoggerContext");
      // its container a JVM of its own (the pom's isolation), the secret from secrets/*.env
      assertThat(get(client, url.group(1) + "/config")).as(this::log).isEqualTo("pk-from- EUR");
      serve.destroy(); // SIGTERM, as Ctrl-C's SIGINT would
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as(this::log).isTrue();
      assertThat(serve.exitValue()).as(this::log).isZero();
      assertThat(SampleBuild.read(serveLog))
          .as(this::log)
          .contains("Emulator stopped.", "BUILD SUCCESS");
    } finally {
      SampleBuild.destroy(serve);
    }
  }

  /**
   * {@code mvn package modal-emulator:export} with no jar named (the plugin resolves its own), then
   * the stand-in client reads the file: the shop's GPU, memory, secret, volume and environment, and
   * the JDK its classes need.
   */
  @Test
  void theExportGoalWritesTheShopsResourcesAndItsJdk() throws Exception {
    Path record =
        Path.of(SampleBuild.property("it.springBootSample"))
            .resolve("../../../../src/test/resources/modal-standin/record_app.py")
            .normalize();
    assertThat(record).isRegularFile();
    build.prepare(Path.of(SampleBuild.property("it.springBootSample")));
    Path exportLog = build.work().resolve("export.log");
    Process export = build.maven(exportLog, "package", "modal-emulator:export", "-DskipTests");
    assertThat(export.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(export.exitValue()).as(() -> SampleBuild.tail(exportLog)).isZero();
    Path file = build.project().resolve("target/modal_export/sample_shop.py");
    Process python =
        new ProcessBuilder("python3", record.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    String report = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(report).isZero();
    JsonNode shop = new ObjectMapper().readTree(report).get("apps").get(0).get("functions").get(0);
    JsonNode resources = shop.get("resources");
    assertThat(resources.get("gpu").toString()).isEqualTo("[[\"T4\",1]]");
    assertThat(resources.get("memory").asInt()).isEqualTo(768);
    assertThat(resources.get("secrets").toString()).isEqualTo("[\"shop-payments\"]");
    assertThat(resources.get("volumes").toString())
        .isEqualTo("{\"/orders\":[\"shop-orders\",true]}");
    assertThat(resources.get("env").toString()).isEqualTo("{\"SHOP_CURRENCY\":\"EUR\"}");
    // the sample compiles for Java 17: Debian's JRE 17
    assertThat(shop.get("image").toString()).contains("openjdk-17-jre-headless");
    // the secret's local file is not shipped
    assertThat(SampleBuild.read(file)).doesNotContain("pk-from-the-file");
  }

  /** Spring Boot starts with the first request: up to its startupTimeout of 60 s. */
  private static String get(HttpClient client, String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String log() {
    return "serve.log:\n" + SampleBuild.tail(serveLog);
  }
}
