package io.github.modalemulator.internal.dashboard;

import io.github.modalemulator.emulator.RecordedRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A shell command that sends a recorded request again with curl. It goes through the emulator as an
 * HTTP proxy ({@code -x}), so the function's host needs no DNS. Masked headers, and proxy auth
 * (never recorded), become shell variables: the command itself holds no secret.
 */
final class CurlCommand {
  /** Headers the dashboard never shows; in a command they read a variable of the same name. */
  static final Set<String> MASKED = Set.of("authorization", "proxy-authorization", "modal-secret");

  /**
   * Headers curl makes itself from the URL and the body, or that would change the answer's form
   * ({@code accept-encoding}: curl would print the compressed bytes).
   */
  private static final Set<String> LEFT_OUT =
      Set.of("host", "content-length", "connection", "transfer-encoding", "accept-encoding");

  private CurlCommand() {}

  /**
   * @param proxy the emulator's address as {@code http://127.0.0.1:PORT}
   * @param requiresProxyAuth whether the function needs {@code Modal-Key} and {@code Modal-Secret}
   */
  static String of(RecordedRequest request, String proxy, int port, boolean requiresProxyAuth) {
    StringBuilder command = new StringBuilder("curl -sS -x ").append(quote(proxy));
    String method = request.method();
    if (method.equals("HEAD")) {
      command.append(" --head");
    } else if (!method.equals("GET")) {
      command.append(" -X ").append(quote(method));
    }
    String url =
        "http://"
            + request.host()
            + ":"
            + port
            + request.path()
            + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
    command.append(' ').append(quote(url));
    for (Map.Entry<String, List<String>> header : request.headers().asMap().entrySet()) {
      String name = header.getKey();
      if (LEFT_OUT.contains(name)) {
        continue;
      }
      for (String value : header.getValue()) {
        command.append(" -H ");
        command.append(
            MASKED.contains(name)
                ? "\"" + name + ": $" + variable(name) + "\""
                : quote(name + ": " + value));
      }
    }
    if (requiresProxyAuth) {
      command.append(" -H \"Modal-Key: $MODAL_KEY\" -H \"Modal-Secret: $MODAL_SECRET\"");
    }
    return command.toString();
  }

  /** {@code authorization} -> {@code AUTHORIZATION}, as a shell variable may be named. */
  static String variable(String header) {
    return header.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** POSIX shell single quotes: nothing inside is expanded. */
  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
