package io.github.modalemulator.e2e;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The shape of an exported app, in the emulator: a {@code @WebServer} whose function starts {@code
 * emulator.jar container} for the hello example on the web server's port.
 */
@App("e2e-container-behind-edge")
public class ProxiedContainer {
  static final int PORT = 29417;

  @Function
  @WebServer(value = PORT, startupTimeout = 60)
  public static void hello() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    new ProcessBuilder(
            List.of(
                java,
                "-jar",
                EmulatorProcess.JAR.toAbsolutePath().toString(),
                "container",
                "--cp",
                EmulatorProcess.EXAMPLES,
                "--bind",
                "127.0.0.1",
                "io.github.modalemulator.examples.fastapi.HelloApp",
                "hello=" + PORT))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(new File(System.getProperty("java.io.tmpdir"), "proxied-container.log"))
        .start();
  }
}
