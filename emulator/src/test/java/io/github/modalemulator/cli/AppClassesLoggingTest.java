package io.github.modalemulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An app loaded from {@code --cp} gets its own SLF4J binding, not the one the emulator carries
 * (this JVM's class path has slf4j-simple, as the executable jar does): the emulator's libraries
 * stay out of the app's sight, with or without a loader per container.
 */
class AppClassesLoggingTest {
  @App("logging")
  public static class LoggingApp {
    /** The binding SLF4J found for the app's code. */
    @Function
    @FastapiEndpoint
    public static String binding() {
      return org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void theAppsOwnBindingWinsOverTheEmulators(Isolation isolation) throws Exception {
    Path slf4jApi = location(org.slf4j.LoggerFactory.class);
    // The local repository's slf4j-nop beside slf4j-api: .../org/slf4j/slf4j-api/V/slf4j-api-V.jar
    String version = slf4jApi.getParent().getFileName().toString();
    Path nop =
        slf4jApi
            .getParent()
            .getParent()
            .resolveSibling("slf4j-nop")
            .resolve(version)
            .resolve("slf4j-nop-" + version + ".jar");
    assertThat(nop).exists();
    String classPath =
        String.join(
            File.pathSeparator,
            location(LoggingApp.class).toString(),
            slf4jApi.toString(),
            nop.toString());

    List<Class<?>> apps = new AppClasses(classPath).load(List.of(LoggingApp.class.getName()));
    try (Emulator emulator =
        Emulator.builder().apps(apps.get(0)).port(0).isolation(isolation).start()) {
      String binding =
          emulator
              .httpClientBuilder()
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("binding"))).build(),
                  BodyHandlers.ofString())
              .body();
      assertThat(binding).isEqualTo("\"org.slf4j.helpers.NOPLoggerFactory\"");
    }
  }

  @Test
  void theJarsOwnBindingIsTheOneTheEmulatorUses() {
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
  }

  private static Path location(Class<?> type) throws URISyntaxException {
    Path path = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.exists(path)).isTrue();
    return path;
  }
}
