package io.github.modalemulator.examples.fastapi;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.util.Map;

/**
 * The seed's proxy authentication snippet: callers need {@code Modal-Key} and {@code Modal-Secret}.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint(method="POST", requires_proxy_auth=True)
 * def secure_endpoint(data: dict):
 *     # Requires Modal-Key and Modal-Secret headers
 *     return {"status": "authenticated"}
 * </pre>
 */
@App("example-proxy-auth")
public class SecureApp {

  @Function
  @FastapiEndpoint(method = "POST", requiresProxyAuth = true)
  public static Map<String, String> secureEndpoint(Map<String, Object> data) {
    return Map.of("status", "authenticated");
  }
}
