package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.Emulator;
import java.util.List;

/** What an emulator is started with; equal settings may share one emulator. */
record EmulatorSettings(
    List<Class<?>> apps,
    String workspace,
    String environment,
    boolean serveMode,
    List<String> proxyAuthTokens,
    boolean shared) {

  EmulatorSettings {
    apps = List.copyOf(apps);
    proxyAuthTokens = List.copyOf(proxyAuthTokens);
  }

  static EmulatorSettings of(ModalEmulator annotation) {
    return new EmulatorSettings(
        List.of(annotation.apps()),
        annotation.workspace(),
        annotation.environment(),
        annotation.serveMode(),
        List.of(annotation.proxyAuthTokens()),
        annotation.shared());
  }

  Emulator start() {
    Emulator.Builder builder =
        Emulator.builder()
            .apps(apps.toArray(Class<?>[]::new))
            .workspace(workspace)
            .environment(environment)
            .serveMode(serveMode)
            .port(0);
    for (String token : proxyAuthTokens) {
      int colon = token.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "proxy auth token \"" + token + "\" must be written as \"wk-ID:ws-SECRET\"");
      }
      builder.proxyAuthToken(token.substring(0, colon), token.substring(colon + 1));
    }
    return builder.start();
  }
}
