package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The cloud's proxy auth in front of a function: both headers present and a known token, or 401.
 * Runs before anything of the function, CORS preflights included, and strips both headers so the
 * app never sees the secret.
 */
final class ProxyAuthHandler implements HttpHandler {
  static final HttpString MODAL_KEY = HttpString.tryFromString("Modal-Key");
  static final HttpString MODAL_SECRET = HttpString.tryFromString("Modal-Secret");
  static final String MISSING = "modal-http: missing credentials for proxy authorization";
  static final String INVALID = "modal-http: invalid credentials for proxy authorization";

  private static final MessageDigest SHA_256 = sha256();

  /** Digests of the known tokens: equal-length values for a constant-time comparison. */
  private final List<byte[][]> tokens;

  private final HttpHandler next;

  ProxyAuthHandler(List<ProxyAuthToken> tokens, HttpHandler next) {
    this.tokens =
        tokens.stream().map(t -> new byte[][] {digest(t.key()), digest(t.secret())}).toList();
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String key = exchange.getRequestHeaders().getFirst(MODAL_KEY);
    String secret = exchange.getRequestHeaders().getFirst(MODAL_SECRET);
    if (key == null || secret == null) {
      PlainText.send(exchange, 401, MISSING);
      return;
    }
    if (!accepts(key, secret)) {
      PlainText.send(exchange, 401, INVALID);
      return;
    }
    exchange.getRequestHeaders().remove(MODAL_KEY);
    exchange.getRequestHeaders().remove(MODAL_SECRET);
    Hop.to(next, exchange);
  }

  /** Compares against every token without an early exit, so timing tells nothing of a near miss. */
  private boolean accepts(String key, String secret) {
    byte[] keyDigest = digest(key);
    byte[] secretDigest = digest(secret);
    boolean accepted = false;
    for (byte[][] token : tokens) {
      boolean keyMatches = MessageDigest.isEqual(keyDigest, token[0]);
      boolean secretMatches = MessageDigest.isEqual(secretDigest, token[1]);
      accepted |= keyMatches & secretMatches;
    }
    return accepted;
  }

  private static byte[] digest(String value) {
    try {
      // A clone of a prototype skips the provider look-up that getInstance makes each time.
      MessageDigest sha256 = (MessageDigest) SHA_256.clone();
      return sha256.digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
