package io.github.modalemulator.examples.fastapi;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.util.Map;

/**
 * The seed's configuration snippet: every option of {@code fastapi_endpoint}. The {@code data:
 * dict} parameter is a {@code Map}, so it is the JSON body.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint(
 *     method="POST", label="my-endpoint", docs=True,
 *     requires_proxy_auth=False, custom_domains=["api.example.com"])
 * def handler(data: dict):
 *     return {"processed": data}
 * </pre>
 */
@App("example-fastapi-configured")
public class ConfiguredHandler {

  @Function
  @FastapiEndpoint(
      method = "POST",
      label = "my-endpoint",
      docs = true,
      requiresProxyAuth = false,
      customDomains = {"api.example.com"})
  public static Map<String, Object> handler(Map<String, Object> data) {
    return Map.of("processed", data);
  }
}
