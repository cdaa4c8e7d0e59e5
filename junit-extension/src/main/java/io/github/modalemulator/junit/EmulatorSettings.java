package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.ProxyAuthToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    Isolation isolation,
    List<String> secrets,
    String secretsDir,
    String volumesDir) {

  EmulatorSettings {
    apps = List.copyOf(apps);
    proxyAuthTokens = List.copyOf(proxyAuthTokens);
    secrets = List.copyOf(secrets);
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
        annotation.isolation(),
        List.of(annotation.secrets()),
        annotation.secretsDir(),
        annotation.volumesDir());
  }

  /** The secrets' values by name, from {@code "NAME:KEY=value"} entries. */
  static Map<String, Map<String, String>> secretValues(List<String> entries) {
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      int equals = entry.indexOf('=', colon + 1);
      if (colon <= 0 || equals <= colon + 1) {
        throw new IllegalArgumentException(
            "a secret's test value is NAME:KEY=value, as in openai:OPENAI_API_KEY=sk-test; got '"
                + entry.replaceAll("=.*", "=...")
                + "'");
      }
      secrets
          .computeIfAbsent(entry.substring(0, colon), name -> new LinkedHashMap<>())
          .put(entry.substring(colon + 1, equals), entry.substring(equals + 1));
    }
    return secrets;
  }

  /**
   * A temporary folder for one emulator's volumes, removed with what it holds when the JVM exits.
   */
  private static Path temporaryVolumes() {
    try {
      Path folder = Files.createTempDirectory("modal-emulator-volumes");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> deleteTree(folder), "modal-volumes-cleanup"));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("can't make a temporary folder for the volumes", e);
    }
  }

  private static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException gone) {
      // nothing more to do at exit
    }
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
            .volumesDir(volumesDir.isEmpty() ? temporaryVolumes() : Path.of(volumesDir))
            .port(0);
    if (!secretsDir.isEmpty()) {
      builder.secretsDir(Path.of(secretsDir));
    }
    secretValues(secrets).forEach(builder::secret);
    for (String token : proxyAuthTokens) {
      builder.proxyAuthToken(ProxyAuthToken.parse(token));
    }
    return builder.start();
  }
}
