package io.github.modalemulator.internal.dashboard;

import java.util.Set;

/**
 * Which request headers the dashboard masks, by lower-case name. Credentials of the request itself
 * ({@code Authorization}, {@code Proxy-Authorization}, {@code Modal-*}) always; by default also
 * what usually carries a secret: cookies, API keys and tokens. A masked header reads {@value #MARK}
 * on the page and in the API, and a shell variable in the curl command.
 */
record HeaderMask(boolean secretsToo) {
  static final String MARK = "••••••••";

  private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization");
  private static final Set<String> SECRETS =
      Set.of("cookie", "set-cookie", "api-key", "apikey", "x-api-key", "token", "secret");

  /** Whether the value of header {@code name} (lower case) is not shown. */
  boolean masks(String name) {
    if (CREDENTIALS.contains(name) || name.startsWith("modal-")) {
      return true;
    }
    return secretsToo
        && (SECRETS.contains(name)
            || name.endsWith("-api-key")
            || name.endsWith("-token")
            || name.endsWith("-secret"));
  }
}
