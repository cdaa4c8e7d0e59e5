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
 *
 * <p>Whoever sent the request chose its path, query and headers, and a developer runs the command
 * with their own credentials: so nothing of it reaches the shell unquoted, {@code --globoff} keeps
 * curl from expanding {@code [1-99999999]} or {@code {a,b}} into many requests, and {@code
 * --path-as-is} keeps it from folding {@code /../}. The path is the one sent, percent-encoded, so
 * an encoded {@code ?}, {@code #} or {@code [} stays what it was.
 */
final class CurlCommand {
  /**
   * Headers curl makes itself from the URL and the body ({@code content-length} without the body
   * would leave the server waiting for it), hop-by-hop ones, those the edge sets, and {@code
   * accept-encoding} (curl would print the compressed bytes).
   */
  private static final Set<String> LEFT_OUT =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "http2-settings",
          "expect",
          "forwarded",
          "accept-encoding");

  /** Ends the command when the request had a body, which the journal doesn't keep. */
  static final String NO_BODY = "  # the body isn't recorded: add it with --data-binary @FILE";

  private CurlCommand() {}

  /**
   * @param rawPath the path as the client sent it, percent-encoded
   * @param proxy the emulator's address as {@code http://127.0.0.1:PORT}
   * @param requiresProxyAuth whether the function needs {@code Modal-Key} and {@code Modal-Secret}
   */
  static String of(
      RecordedRequest request,
      String rawPath,
      String proxy,
      int port,
      boolean requiresProxyAuth,
      HeaderMask mask) {
    StringBuilder command =
        new StringBuilder("curl -sS --globoff --path-as-is -x ").append(quote(proxy));
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
            + rawPath
            + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
    command.append(' ').append(quote(url));
    for (Map.Entry<String, List<String>> header : request.headers().asMap().entrySet()) {
      String name = header.getKey();
      if (LEFT_OUT.contains(name) || name.startsWith("x-forwarded-")) {
        continue;
      }
      for (String value : header.getValue()) {
        command.append(" -H ");
        // A header's name is the client's too: only the variable's name is outside quotes.
        command.append(
            mask.masks(name)
                ? quote(name + ": ") + "\"$" + variable(name) + "\""
                : quote(name + ": " + value));
      }
    }
    if (requiresProxyAuth) {
      command.append(" -H \"Modal-Key: $MODAL_KEY\" -H \"Modal-Secret: $MODAL_SECRET\"");
    }
    if (hadBody(request)) {
      command.append(NO_BODY);
    }
    return command.toString();
  }

  private static boolean hadBody(RecordedRequest request) {
    return request.headers().first("transfer-encoding").isPresent()
        || !request.headers().first("content-length").orElse("0").strip().equals("0");
  }

  /**
   * {@code x-api-key} -> {@code X_API_KEY}: a shell variable's name, whatever characters the
   * header's name had ({@code $}, a backtick), and never a positional parameter ({@code $1}).
   */
  static String variable(String header) {
    String name = header.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  /** POSIX shell single quotes: nothing inside is expanded. */
  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
