package io.github.modalemulator.examples.webserver;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.io.IOException;

/**
 * The seed's web_server snippet: Python's built-in HTTP server, started as a child process. The
 * emulator forwards requests to port 8000 once it accepts connections, and stops the process with
 * the container.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.web_server(8000)
 * def file_server():
 *     subprocess.Popen(["python", "-m", "http.server", "-d", "/", "8000"], shell=False)
 * </pre>
 */
@App("example-web-server")
public class FileServer {

  @Function
  @WebServer(8000)
  public static void fileServer() throws IOException {
    // Loopback here (the emulator forwards from this machine), every interface in the cloud.
    new ProcessBuilder(
            "python3",
            "-m",
            "http.server",
            "-d",
            "/",
            "--bind",
            ExecutionContext.bindAddress(),
            "8000")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
