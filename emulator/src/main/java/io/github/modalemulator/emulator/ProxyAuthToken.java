package io.github.modalemulator.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A proxy auth token: what a client sends as {@code Modal-Key} and {@code Modal-Secret} to reach a
 * function with {@code requiresProxyAuth = true}.
 *
 * <pre>{@code
 * Emulator.builder().apps(MyApp.class).proxyAuthToken("wk-1234", "ws-s3cret").start();
 * }</pre>
 *
 * <p>{@link #toString()} never shows the secret.
 *
 * @param key the token id, {@code wk-...}
 * @param secret the secret, {@code ws-...}
 */
public record ProxyAuthToken(String key, String secret) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public ProxyAuthToken {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(secret, "secret");
    if (!key.startsWith("wk-") || key.length() < 4 || !printable(key)) {
      // The value is not repeated: a secret given in the key's place must not reach a console.
      throw new IllegalArgumentException(
          "proxy auth token key must look like wk-ID (it starts with \"wk-\"); the value given"
              + " does not");
    }
    if (!secret.startsWith("ws-") || secret.length() < 4 || !printable(secret)) {
      throw new IllegalArgumentException(
          "proxy auth token secret must look like ws-SECRET (it starts with \"ws-\"); the value"
              + " given does not");
    }
  }

  /** A fresh random token, as the cloud's settings page makes one. */
  public static ProxyAuthToken generate() {
    return new ProxyAuthToken("wk-" + random(12), "ws-" + random(24));
  }

  /**
   * Reads the command line's form {@code wk-ID:ws-SECRET}.
   *
   * @throws IllegalArgumentException when it is not of that form
   */
  public static ProxyAuthToken parse(String keyColonSecret) {
    int colon = keyColonSecret.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "a proxy auth token is written wk-ID:ws-SECRET, with a colon between key and secret");
    }
    return new ProxyAuthToken(
        keyColonSecret.substring(0, colon), keyColonSecret.substring(colon + 1));
  }

  private static String random(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return HexFormat.of().formatHex(buffer);
  }

  /** Visible ASCII only: header values can't carry anything else safely. */
  private static boolean printable(String value) {
    return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  @Override
  public String toString() {
    return "ProxyAuthToken[key=" + key + ", secret=***]";
  }
}
