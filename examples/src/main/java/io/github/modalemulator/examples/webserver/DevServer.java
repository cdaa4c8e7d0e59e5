package io.github.modalemulator.examples.webserver;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.io.File;
import java.io.IOException;

/**
 * The seed's development-tools use case: {@code npm run dev}. The project it runs is {@code
 * examples/src/main/npm-dev-server} (its directory from the system property {@code
 * examples.npm.project}). Port 5173, Vite's, rather than the seed's 8000, which the file server's
 * twin already holds in this set of examples.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.web_server(8000)
 * def dev_server():
 *     subprocess.Popen(["npm", "run", "dev"])
 * </pre>
 */
@App("example-dev-server")
public class DevServer {

  @Function
  @WebServer(value = 5173, startupTimeout = 30.0)
  public static void devServer() throws IOException {
    String project = System.getProperty("examples.npm.project", "examples/src/main/npm-dev-server");
    ProcessBuilder npm = new ProcessBuilder("npm", "run", "dev").directory(new File(project));
    npm.environment().put("PORT", "5173");
    npm.environment().put("HOST", ExecutionContext.bindAddress());
    npm.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }
}
