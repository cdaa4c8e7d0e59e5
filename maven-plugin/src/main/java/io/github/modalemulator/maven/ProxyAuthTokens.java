package io.github.modalemulator.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;

/** The proxy auth tokens that {@code start} and {@code serve} accept, from all their sources. */
final class ProxyAuthTokens {
  /** The environment variable with proxy auth tokens, {@code wk-ID:ws-SECRET}, comma separated. */
  static final String ENVIRONMENT_VARIABLE = "MODAL_EMULATOR_PROXY_AUTH_TOKENS";

  private ProxyAuthTokens() {}

  /**
   * The tokens of the configuration, the file (one a line, {@code #} starts a comment) and the
   * environment variable {@value ENVIRONMENT_VARIABLE}, in that order, without repeats.
   */
  static List<String> read(List<String> configured, File file) throws MojoExecutionException {
    Set<String> tokens = new LinkedHashSet<>();
    if (configured != null) {
      configured.forEach(t -> addAll(tokens, t));
    }
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
          if (!line.strip().startsWith("#")) {
            addAll(tokens, line);
          }
        }
      } catch (IOException e) {
        throw new MojoExecutionException(
            "Can't read the proxy auth tokens file "
                + file
                + " ("
                + e
                + "); set proxyAuthTokensFile (modal.proxyAuthTokensFile) to a readable file of"
                + " wk-ID:ws-SECRET lines",
            e);
      }
    }
    addAll(tokens, System.getenv(ENVIRONMENT_VARIABLE));
    return new ArrayList<>(tokens);
  }

  private static void addAll(Set<String> tokens, String text) {
    if (text == null) {
      return;
    }
    for (String token : text.split("[,\\s]+")) {
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    }
  }
}
