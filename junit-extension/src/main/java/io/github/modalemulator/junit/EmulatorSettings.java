package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.ProxyAuthToken;
import java.util.List;

/** What an emulator is started with; equal settings may share one emulator. */
record EmulatorSettings(
    List<Class<?>> apps,
    String workspace,
    String environment,
    boolean serveMode,
    List<String> proxyAuthTokens,
    boolean shared,
    FastapiStack fastapiStack,
    String devSuffix,
    boolean strictWebEndpoint,
    boolean strictWebServerBind,
    Isolation isolation) {

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
        annotation.shared(),
        annotation.fastapiStack(),
        annotation.devSuffix(),
        annotation.strictWebEndpoint(),
        annotation.strictWebServerBind(),
        annotation.isolation());
  }

  Emulator start() {
    EmulatorBuilder builder =
        Emulator.builder()
            .apps(apps.toArray(Class<?>[]::new))
            .workspace(workspace)
            .environment(environment)
            .serveMode(serveMode)
            .fastapiStack(fastapiStack)
            .devSuffix(devSuffix)
            .strictWebEndpoint(strictWebEndpoint)
            .strictWebServerBind(strictWebServerBind)
            .isolation(isolation)
            .port(0);
    for (String token : proxyAuthTokens) {
      builder.proxyAuthToken(ProxyAuthToken.parse(token));
    }
    return builder.start();
  }
}
