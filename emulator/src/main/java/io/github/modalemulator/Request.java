package io.github.modalemulator;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request as an endpoint sees it, the Java face of FastAPI's (Starlette's) {@code Request}:
 * declare a parameter of this type to get it.
 *
 * <pre>{@code
 * public static Map<String, Object> whoAmI(Request request) {
 *   return Map.of("agent", request.header("user-agent"), "client", request.clientHost());
 * }
 * }</pre>
 *
 * @param method the HTTP method, upper case
 * @param url the full URL, as the client addressed it
 * @param path the path, without query string
 * @param queryString the raw query string, empty when there is none
 * @param headers header values by lower-case name
 * @param queryParams query values by key, in order
 * @param body the body's bytes (empty when there was none)
 * @param client the client's address
 */
public record Request(
    String method,
    String url,
    String path,
    String queryString,
    Map<String, List<String>> headers,
    Map<String, List<String>> queryParams,
    byte[] body,
    InetSocketAddress client) {

  public Request {
    // In the order they came, as Starlette keeps them
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    queryParams = Collections.unmodifiableMap(new LinkedHashMap<>(queryParams));
  }

  /** The first value of a header, any case; null when absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a query key; null when absent. */
  public String query(String key) {
    List<String> values = queryParams.get(key);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The client's IP address, as text. */
  public String clientHost() {
    return client.getAddress() != null
        ? client.getAddress().getHostAddress()
        : client.getHostString();
  }
}
