package io.github.modalemulator.examples.fastapi;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.util.Map;

/**
 * The seed's custom domains snippet: one function, two domains, and its label URL besides.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint(
 *     method="GET", custom_domains=["api.mycompany.com", "api-v2.mycompany.com"])
 * def api_handler():
 *     return {"version": "2.0"}
 * </pre>
 */
@App("example-custom-domains")
public class CustomDomainsApp {

  @Function
  @FastapiEndpoint(
      method = "GET",
      customDomains = {"api.mycompany.com", "api-v2.mycompany.com"})
  public static Map<String, String> apiHandler() {
    return Map.of("version", "2.0");
  }
}
