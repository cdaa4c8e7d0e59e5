package io.github.modalemulator.internal.runtime;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Collection;

/**
 * The request fields a {@code @WebServer}'s backend must be able to trust, because only the edge
 * sets them: what a client sends of them is removed before the request is forwarded. A backend that
 * trusts its proxy (Spring's {@code ForwardedHeaderFilter}, Tomcat's {@code RemoteIpValve}) would
 * otherwise take a forged host, prefix or address for the edge's word.
 *
 * <ul>
 *   <li>Removed, then set by Undertow's reverse proxy: {@code X-Forwarded-For} (the client's
 *       address, as the cloud sets it), {@code X-Forwarded-Proto}, {@code X-Forwarded-Port}, {@code
 *       X-Forwarded-Server} and {@code X-Forwarded-Host} (the {@code Host} the client named).
 *   <li>Removed: {@code Forwarded}, {@code X-Real-IP}, {@code X-Forwarded-Prefix} (the edge sets
 *       none of them), {@code Proxy-Authorization} (credentials for the proxy, never for the next
 *       hop), and the hop-by-hop fields {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE},
 *       {@code Connection} and every field it names (RFC 9110, 7.6.1), but for a WebSocket's {@code
 *       Upgrade}, forwarded with {@code Connection: Upgrade}, and the fields that frame the request
 *       or route it ({@code Host}, {@code Content-Length}, {@code Transfer-Encoding}).
 * </ul>
 */
final class EdgeOwnedHeaders {
  private static final HttpString[] OWNED = {
    Headers.X_FORWARDED_FOR,
    Headers.X_FORWARDED_PROTO,
    Headers.X_FORWARDED_PORT,
    Headers.X_FORWARDED_SERVER,
    Headers.X_FORWARDED_HOST,
    Headers.FORWARDED,
    new HttpString("X-Real-IP"),
    new HttpString("X-Forwarded-Prefix"),
    Headers.PROXY_AUTHORIZATION,
    new HttpString("Proxy-Connection"),
    new HttpString("Keep-Alive"),
    Headers.TE,
  };

  private EdgeOwnedHeaders() {}

  /** Removes from a client's request what the edge owns and what was meant for the edge only. */
  static void remove(HeaderMap headers) {
    Collection<String> connection = headers.remove(Headers.CONNECTION);
    if (connection != null) {
      boolean upgrade = false;
      for (String value : connection) {
        for (String option : value.split(",")) {
          HttpString name = HttpString.tryFromString(option.trim());
          if (name == null || name.length() == 0) {
            continue;
          }
          if (name.equals(Headers.UPGRADE)) {
            upgrade = true;
          } else if (!name.equals(Headers.HOST)
              && !name.equals(Headers.CONTENT_LENGTH)
              && !name.equals(Headers.TRANSFER_ENCODING)) {
            headers.remove(name);
          }
        }
      }
      if (upgrade && headers.contains(Headers.UPGRADE)) {
        headers.put(Headers.CONNECTION, "Upgrade");
      }
    }
    for (HttpString name : OWNED) {
      headers.remove(name);
    }
  }
}
