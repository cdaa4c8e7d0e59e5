package io.github.modalemulator.examples.webserver;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.io.IOException;

/**
 * The seed's compiled-binary use case: a server built ahead of time, run by the function. Here the
 * binary is {@code examples/src/main/c/server.c}, built with gcc; its path comes from the system
 * property {@code examples.server.binary} (the seed's {@code /app/target/release/server}).
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.web_server(3000)
 * def rust_server():
 *     subprocess.Popen(["/app/target/release/server"])
 * </pre>
 */
@App("example-compiled-binary")
public class CompiledBinary {

  @Function
  @WebServer(3000)
  public static void rustServer() throws IOException {
    String binary = System.getProperty("examples.server.binary", "/app/target/release/server");
    new ProcessBuilder(binary, "3000", ExecutionContext.bindAddress())
        .redirectErrorStream(true)
        .start();
  }
}
