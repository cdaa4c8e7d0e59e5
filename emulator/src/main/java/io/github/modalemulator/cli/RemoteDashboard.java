package io.github.modalemulator.cli;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The dashboard token of {@code --remote-dashboard} (and the Maven plugin's {@code
 * remoteDashboard}): the environment's, which no process list shows, or a new random one. Either
 * way it is never printed: the start line says where to read it.
 */
public final class RemoteDashboard {
  /** Where a token is given rather than generated. */
  public static final String VARIABLE = "MODAL_EMULATOR_DASHBOARD_TOKEN";

  private RemoteDashboard() {}

  /** {@value #VARIABLE} when set, else 32 random bytes in hex. */
  public static String token() {
    String given = System.getenv(VARIABLE);
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
