package io.github.modalemulator.internal.dashboard;

import java.util.regex.Pattern;

/**
 * Who may open the dashboard and what it shows of the requests.
 *
 * @param token what lets a peer other than this machine's loopback use the dashboard and its API;
 *     null (the default) lets none
 * @param maskSecretHeaders whether cookies, API keys and tokens in request headers are masked in
 *     the API, the page and the curl command (true by default); {@code Authorization}, {@code
 *     Proxy-Authorization} and {@code Modal-*} are masked whatever this says
 */
public record DashboardAccess(String token, boolean maskSecretHeaders) {
  /** Loopback only, secrets masked. */
  public static final DashboardAccess DEFAULT = new DashboardAccess(null, true);

  /** Letters, digits and {@code -._~}: it travels in a header, a cookie and a query string. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]{16,256}");

  public DashboardAccess {
    if (token != null && !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "the dashboard token must be 16 to 256 letters, digits, '-', '.', '_' or '~' (it"
              + " travels in a header, a cookie and a URL), got one of "
              + token.length()
              + " characters; generate one with: openssl rand -hex 32");
    }
  }
}
