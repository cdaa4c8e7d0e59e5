package io.github.modalemulator.examples.asgi;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.undertow.server.HttpHandler;
import java.util.Map;

/**
 * The seed's ASGI configuration snippet: a custom label, a custom domain, no proxy auth. The seed
 * gives this app and the fastapi_endpoint configuration snippet the same domain, api.example.com;
 * one emulator serving both must refuse that (a domain routes to one function), so here it is
 * asgi.example.com.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.asgi_app(label="my-api", custom_domains=["api.example.com"], requires_proxy_auth=False)
 * def create_app(): ...
 * </pre>
 */
@App("example-asgi-configured")
public class ConfiguredApp {

  @Function
  @AsgiApp(label = "my-api", customDomains = "asgi.example.com", requiresProxyAuth = false)
  public static HttpHandler createApp() {
    return exchange -> JsonExchange.send(exchange, 200, Map.of("app", "my-api"));
  }
}
