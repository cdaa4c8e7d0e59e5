package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.WebEndpoint;
import io.github.modalemulator.testing.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dev suffix, the serve output's truncation note and the strict web_endpoint setting. */
class ServeSettingsTest {

  @App("suffix-app")
  static class SuffixApp {
    @Function
    @FastapiEndpoint
    static Map<String, String> hello() {
      return Map.of("hello", "world");
    }
  }

  @App("long-app")
  static class LongLabels {
    @Function
    @FastapiEndpoint(
        label = "text-to-speech-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        customDomains = "tts.example.com")
    static String speak() {
      return "spoken";
    }

    @Function
    @FastapiEndpoint(
        label = "secure-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        requiresProxyAuth = true)
    static String guarded() {
      return "guarded";
    }

    @Function
    @FastapiEndpoint(label = "short")
    static String brief() {
      return "brief";
    }
  }

  @App("old-style")
  static class OldStyle {
    @Function
    @SuppressWarnings("removal")
    @WebEndpoint(method = "GET")
    static Map<String, String> handler() {
      return Map.of("data", "value");
    }
  }

  @Test
  void aDevSuffixReplacesDevInServeModeLabelsAndRoutes() throws Exception {
    try (Emulator emulator =
        Emulator.builder().apps(SuffixApp.class).serveMode(true).devSuffix("PR42").start()) {
      assertThat(emulator.webUrl("hello"))
          .isEqualTo("http://local--suffix-app-hello-pr42.localhost:" + emulator.port());
      RawHttp.Response response =
          RawHttp.get(emulator.port(), "local--suffix-app-hello-pr42.localhost", "/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
      assertThat(RawHttp.get(emulator.port(), "local--suffix-app-hello-dev.localhost", "/").body())
          .isEqualTo("modal-http: invalid function call");
    }
  }

  @Test
  void aDevSuffixChangesNothingWhenDeployed() {
    try (Emulator emulator = Emulator.builder().apps(SuffixApp.class).devSuffix("pr42").start()) {
      assertThat(emulator.webUrl("hello"))
          .isEqualTo("http://local--suffix-app-hello.localhost:" + emulator.port());
    }
  }

  @Test
  void anInvalidDevSuffixIsRefusedWithTheCloudClientsWords() {
    for (String suffix : new String[] {"pr-42", "abcdefghi", "dév"}) {
      assertThatThrownBy(() -> Emulator.builder().devSuffix(suffix))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Invalid value for dev_suffix config ('"
                  + suffix
                  + "'): Suffix must be an alphanumeric string of no more than 8 characters.");
    }
  }

  @Test
  void aCutLabelSaysLabelTruncatedAfterItsUrl() {
    try (Emulator emulator =
        Emulator.builder()
            .apps(LongLabels.class)
            .serveMode(true)
            .devSuffix("abcdefgh")
            .proxyAuthToken("wk-1", "ws-1")
            .start()) {
      int port = emulator.port();
      assertThat(emulator.startupLines())
          .containsExactly(
              "Created web function brief => http://local--short-abcdefgh.localhost:" + port,
              "Created web function guarded => http://local--secure-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-510ac2-abcdefgh.localhost:"
                  + port
                  + " \uD83D\uDD11 (label truncated)",
              // Expected hash: sha256("local--text-to-speech-" + 40 a's) in Python's hashlib.
              "Created web function speak =>"
                  + " http://local--text-to-speech-aaaaaaaaaaaaaaaaaaaaaaaaa-e169b5-abcdefgh.localhost:"
                  + port
                  + " (label truncated)",
              "Custom domain for speak => http://tts.example.com:" + port,
              "Emulator ready at http://127.0.0.1:"
                  + port
                  + " (also an HTTP proxy for the URLs above); hit Ctrl-C to stop.");
      assertThat(emulator.webFunctions())
          .extracting(WebFunction::labelTruncated)
          .containsExactly(false, true, true);
    }
  }

  @Test
  void strictWebEndpointRefusesWebEndpointWithTheClientsError() {
    assertThatThrownBy(
            () -> Emulator.builder().apps(OldStyle.class).strictWebEndpoint(true).start())
        .isInstanceOf(InvalidError.class)
        .hasMessage(
            "@WebEndpoint on [OldStyle.handler()] is refused (strict web_endpoint, as the cloud"
                + " client 1.4+): Deprecated on 2025-03-05: The `@modal.web_endpoint` decorator"
                + " has been renamed to `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the"
                + " same attributes.");
  }

  @Test
  void withoutStrictWebEndpointItIsServed() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(OldStyle.class).start()) {
      assertThat(RawHttp.get(emulator.port(), "local--old-style-handler.localhost", "/").body())
          .isEqualTo("{\"data\":\"value\"}");
    }
  }

  /** After a reload a server prints the lines it prints at start, a web function its own. */
  @Test
  void aReloadPrintsAServersFlashEndpointLines() {
    WebFunction server =
        new WebFunction(
            "shop",
            "Api",
            "server",
            "http://local--shop-api.us-east.localhost:9000",
            java.util.List.of(),
            true,
            false);
    WebFunction hello =
        new WebFunction(
            "shop",
            "hello",
            "fastapi_endpoint",
            "http://local--shop-hello.localhost:9000",
            java.util.List.of(),
            false,
            false);
    assertThat(
            io.github.modalemulator.internal.serve.ServeLoop.reloadLines(
                new Reloaded(
                    2,
                    java.util.List.of(server),
                    java.util.List.of(hello),
                    java.util.List.of(),
                    true),
                300))
        .containsExactly(
            "Created function Api.",
            "Created flash service endpoint for Api => http://local--shop-api.us-east.localhost:9000",
            "Created web function hello => http://local--shop-hello.localhost:9000",
            "Reloaded: generation 2 serves, in 300 ms.");
  }
}
