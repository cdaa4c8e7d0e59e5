package io.github.modalemulator.internal.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.Response;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.server.HttpHandler;
import jakarta.servlet.Servlet;
import org.junit.jupiter.api.Test;

/** What user code sees of the emulator's loader: the shared API and kinds' types, nothing more. */
class SharedTypesTest {
  private final ClassLoader shared = SharedTypes.ofThisEmulator();

  @Test
  void thePublicApiAndTheKindsTypesAreTheEmulatorsOwnClasses() throws Exception {
    assertThat(shared.loadClass(Response.class.getName())).isSameAs(Response.class);
    assertThat(shared.loadClass(Emulator.class.getName())).isSameAs(Emulator.class);
    assertThat(shared.loadClass(HttpHandler.class.getName())).isSameAs(HttpHandler.class);
    assertThat(shared.loadClass(Servlet.class.getName())).isSameAs(Servlet.class);
    assertThat(shared.loadClass("java.util.List")).isSameAs(java.util.List.class);
  }

  @Test
  void theEmulatorsInternalsAndLibrariesAreNotSeen() {
    for (String hidden :
        new String[] {
          "io.github.modalemulator.internal.runtime.UserCode",
          "io.github.modalemulator.cli.EmulatorCli",
          "org.slf4j.LoggerFactory",
          "org.slf4j.simple.SimpleLoggerFactory",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "picocli.CommandLine",
          "net.bytebuddy.ByteBuddy"
        }) {
      assertThatThrownBy(() -> shared.loadClass(hidden))
          .as(hidden)
          .isInstanceOf(ClassNotFoundException.class)
          .hasMessage(hidden);
    }
  }

  @Test
  void noServiceFileOfTheEmulatorsIsFoundThroughIt() throws Exception {
    String binding = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    assertThat(SharedTypesTest.class.getClassLoader().getResource(binding)).isNotNull();
    assertThat(shared.getResource(binding)).isNull();
    assertThat(shared.getResources(binding).hasMoreElements()).isFalse();
    assertThat(shared.getResource("io/undertow/server/HttpHandler.class")).isNotNull();
  }
}
