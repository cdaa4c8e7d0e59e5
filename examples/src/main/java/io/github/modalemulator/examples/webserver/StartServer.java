package io.github.modalemulator.examples.webserver;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;

/**
 * The seed's web_server configuration snippet: every option. Port 8001 rather than the seed's 8000,
 * which the file server's twin holds in this set of examples. It serves with the same JDK server as
 * {@link InProcessServer}.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.web_server(
 *     8000, startup_timeout=5.0, label="my-server",
 *     custom_domains=["files.example.com"], requires_proxy_auth=False)
 * def start_server(): ...
 * </pre>
 */
@App("example-web-server-configured")
public class StartServer {

  @Function
  @WebServer(
      value = 8001,
      startupTimeout = 5.0,
      label = "my-server",
      customDomains = "files.example.com",
      requiresProxyAuth = false)
  public static AutoCloseable startServer() throws java.io.IOException {
    return InProcessServer.serve(8001);
  }
}
