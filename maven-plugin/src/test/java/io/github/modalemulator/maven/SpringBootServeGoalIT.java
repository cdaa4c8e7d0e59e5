package io.github.modalemulator.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
