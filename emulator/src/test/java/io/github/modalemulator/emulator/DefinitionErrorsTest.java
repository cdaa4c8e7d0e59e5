package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.undertow.server.HttpHandler;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DefinitionErrorsTest {
  static final HttpHandler OK = exchange -> exchange.getResponseSender().send("ok");

  private static InvalidError startFails(Class<?>... apps) {
    Set<Thread> before = liveThreads();
    InvalidError error =
        (InvalidError)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> Emulator.builder().apps(apps).start().close());
    assertThat(error).as("start() should throw InvalidError").isNotNull();
    // Nothing was started: a server made before validation leaves its I/O, accept or autoscaler
    // threads behind when validation throws, whatever they are named.
    Set<Thread> after = liveThreads();
    after.removeAll(before);
    assertThat(after).as("threads started by a start() that failed validation").isEmpty();
    return error;
  }

  private static Set<Thread> liveThreads() {
    Set<Thread> live = new HashSet<>(Thread.getAllStackTraces().keySet());
    live.removeIf(thread -> !thread.isAlive());
    return live;
  }

  @BeforeAll
  static void loadTheBuilder() throws Exception {
    // The builder's class starts the default JSON mapper on a thread of its own when first used;
    // let that finish so it isn't taken for a thread the failed start left behind.
    Emulator.builder();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals("modal-default-json")) {
        thread.join(10_000);
      }
    }
  }

  @App("async-app")
  static class AsyncApp {
    @Function
    @AsgiApp
    static CompletableFuture<HttpHandler> createApp() {
      return CompletableFuture.completedFuture(OK);
    }
  }

  @Test
  void rejectsAnAsyncFactory() {
    assertThat(startFails(AsyncApp.class))
        .hasMessage(
            "@AsgiApp method [AsyncApp.createApp()] can't be async (it returns CompletableFuture);"
                + " return the HttpHandler itself");
  }

  @App("future-app")
  static class FutureApp {
    @Function
    @AsgiApp
    static Future<HttpHandler> createApp() {
      return CompletableFuture.completedFuture(OK);
    }
  }

  @Test
  void rejectsAFactoryReturningAFuture() {
    assertThat(startFails(FutureApp.class))
        .hasMessage(
            "@AsgiApp method [FutureApp.createApp()] can't be async (it returns Future);"
                + " return the HttpHandler itself");
  }

  @App("params-app")
  static class ParamsApp {
    @Function
    @AsgiApp
    static HttpHandler createApp(Map<String, Object> config) {
      return OK;
    }
  }

  @Test
  void rejectsAFactoryWithParameters() {
    assertThat(startFails(ParamsApp.class))
        .hasMessage(
            "@AsgiApp method [ParamsApp.createApp(Map)] can't have parameters; read configuration"
                + " inside the method instead");
  }

  @App("instance-app")
  static class InstanceApp {
    @Function
    @AsgiApp
    HttpHandler createApp() {
      return OK;
    }
  }

  @Test
  void rejectsAnInstanceMethod() {
    assertThat(startFails(InstanceApp.class))
        .hasMessage(
            "@Function method [InstanceApp.createApp()] must be static; declare it static in the"
                + " @App class");
  }

  @App("no-function-app")
  static class NoFunctionApp {
    @AsgiApp
    static HttpHandler createApp() {
      return OK;
    }
  }

  @Test
  void rejectsAWebAnnotationWithoutFunction() {
    assertThat(startFails(NoFunctionApp.class))
        .hasMessage(
            "@AsgiApp method [NoFunctionApp.createApp()] has no @Function; add @Function so the app"
                + " runs it (as @app.function() does)");
  }

  @App("wrong-return-app")
  static class WrongReturnApp {
    @Function
    @AsgiApp
    static String createApp() {
      return "not an app";
    }
  }

  @Test
  void rejectsAFactoryThatDoesNotReturnAnHttpHandler() {
    assertThat(startFails(WrongReturnApp.class))
        .hasMessage(
            "@AsgiApp method [WrongReturnApp.createApp()] must return"
                + " io.undertow.server.HttpHandler, not String; return the app's root handler");
  }

  static class NotAnApp {
    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return OK;
    }
  }

  @Test
  void rejectsAClassWithoutApp() {
    assertThat(startFails(NotAnApp.class))
        .hasMessage(
            "class [io.github.modalemulator.emulator.DefinitionErrorsTest$NotAnApp] has no @App"
                + " annotation; annotate it with @App(\"my-app\") or leave it out of the apps");
  }

  @App("my app")
  static class BadNameApp {
    @Function
    @AsgiApp
    static HttpHandler createApp() {
      return OK;
    }
  }

  @Test
  void rejectsABadAppName() {
    assertThat(startFails(BadNameApp.class))
        .hasMessage(
            "@App name \"my app\" of class"
                + " [io.github.modalemulator.emulator.DefinitionErrorsTest$BadNameApp] is invalid:"
                + " app names may contain only letters, digits, dashes, periods and underscores,"
                + " and at most 64 characters");
  }

  @App("bad-label-app")
  static class BadLabelApp {
    @Function
    @AsgiApp(label = "My_Label")
    static HttpHandler createApp() {
      return OK;
    }
  }

  @Test
  void rejectsAnInvalidUserLabelWithoutNormalisingIt() {
    assertThat(startFails(BadLabelApp.class))
        .hasMessage(
            "label \"My_Label\" of [BadLabelApp.createApp()] is invalid: a label must match"
                + " ^(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$ (lower-case letters, digits and"
                + " dashes, 1 to 63 characters, not all digits, no dash at either end)");
  }

  @App("dup")
  static class DuplicateLabelApp {
    @Function
    @AsgiApp(label = "dup-b")
    static HttpHandler a() {
      return OK;
    }

    @Function
    @AsgiApp
    static HttpHandler b() {
      return OK;
    }
  }

  @Test
  void rejectsTwoFunctionsWithTheSameLabel() {
    // b's default label is "dup-b": the same host as a's user label.
    assertThat(startFails(DuplicateLabelApp.class))
        .hasMessage(
            "label \"local--dup-b\" is claimed by both [DuplicateLabelApp.a()] and"
                + " [DuplicateLabelApp.b()]; give one of them another label");
  }

  @App("other")
  static class ClashingAcrossAppsApp {
    @Function
    @AsgiApp(label = "dup-b")
    static HttpHandler c() {
      return OK;
    }
  }

  @Test
  void rejectsTheSameLabelInTwoApps() {
    InvalidError error = startFails(DuplicateLabelApp.class, ClashingAcrossAppsApp.class);
    assertThat(error.problems())
        .containsExactly(
            "label \"local--dup-b\" is claimed by both [DuplicateLabelApp.a()] and"
                + " [DuplicateLabelApp.b()]; give one of them another label",
            "label \"local--dup-b\" is claimed by both [DuplicateLabelApp.a()] and"
                + " [ClashingAcrossAppsApp.c()]; give one of them another label");
  }

  @App("domains-a")
  static class DomainOwnerApp {
    @Function
    @AsgiApp(customDomains = "api.example.com")
    static HttpHandler owner() {
      return OK;
    }
  }

  @App("domains-b")
  static class DomainThiefApp {
    @Function
    @AsgiApp(customDomains = "API.Example.com")
    static HttpHandler thief() {
      return OK;
    }
  }

  @Test
  void rejectsACustomDomainClaimedTwiceWhateverItsCase() {
    assertThat(startFails(DomainOwnerApp.class, DomainThiefApp.class))
        .hasMessage(
            "custom domain \"api.example.com\" is claimed by both [DomainOwnerApp.owner()] and"
                + " [DomainThiefApp.thief()]; a domain routes to one function only");
  }

  @App("bad-domains")
  static class BadDomainsApp {
    @Function
    @AsgiApp(
        customDomains = {
          "not a domain",
          "localhost.localhost",
          "x.modal.run",
          "10.0.0.1",
          "single",
          "ok.example.com",
          "OK.example.com"
        })
    static HttpHandler createApp() {
      return OK;
    }
  }

  @Test
  void rejectsMalformedReservedAndRepeatedCustomDomains() {
    assertThat(startFails(BadDomainsApp.class).problems())
        .containsExactly(
            "custom domain \"not a domain\" of [BadDomainsApp.createApp()] is not a host name; use"
                + " a name such as api.example.com",
            "custom domain \"localhost.localhost\" of [BadDomainsApp.createApp()] is reserved for"
                + " label URLs; use a domain you own, such as api.example.com",
            "custom domain \"x.modal.run\" of [BadDomainsApp.createApp()] is reserved for label"
                + " URLs; use a domain you own, such as api.example.com",
            "custom domain \"10.0.0.1\" of [BadDomainsApp.createApp()] is not a host name; use a"
                + " name such as api.example.com",
            "custom domain \"single\" of [BadDomainsApp.createApp()] is not a host name; use a"
                + " name such as api.example.com",
            "custom domain \"OK.example.com\" is listed twice on [BadDomainsApp.createApp()]");
  }

  @App("many-problems")
  static class ManyProblemsApp {
    @Function
    @AsgiApp(label = "-bad")
    static HttpHandler first(String parameter) {
      return OK;
    }

    @Function
    @AsgiApp
    HttpHandler second() {
      return OK;
    }
  }

  @Test
  void collectsEveryProblemOfAnAppIntoOneError() {
    InvalidError error = startFails(ManyProblemsApp.class);
    assertThat(error.problems())
        .containsExactly(
            "@AsgiApp method [ManyProblemsApp.first(String)] can't have parameters; read"
                + " configuration inside the method instead",
            "label \"-bad\" of [ManyProblemsApp.first(String)] is invalid: a label must match"
                + " ^(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$ (lower-case letters, digits and"
                + " dashes, 1 to 63 characters, not all digits, no dash at either end)",
            "@Function method [ManyProblemsApp.second()] must be static; declare it static in the"
                + " @App class");
    assertThat(error).hasMessage(String.join("\n", error.problems()));
  }

  @App("dup-name")
  static class FirstOfAName {}

  @App("dup-name")
  static class SecondOfAName {}

  @Test
  void rejectsTwoAppsWithOneName() {
    assertThat(startFails(FirstOfAName.class, SecondOfAName.class))
        .hasMessage(
            "app name \"dup-name\" is used by both"
                + " [io.github.modalemulator.emulator.DefinitionErrorsTest$FirstOfAName] and"
                + " [io.github.modalemulator.emulator.DefinitionErrorsTest$SecondOfAName]; give"
                + " each @App its own name");
  }

  @Test
  void rejectsAStartWithNoApps() {
    assertThatThrownBy(() -> Emulator.builder().start())
        .isInstanceOf(InvalidError.class)
        .hasMessage("no @App class was given; pass at least one, as in apps(MyApp.class)");
  }

  @App("two-kinds")
  static class PlainFunctionApp {
    @Function
    static String notAWebFunction() {
      return "ignored by the web layer";
    }

    @Function
    @AsgiApp
    static HttpHandler web() {
      return OK;
    }
  }

  @Test
  void servesOnlyWebFunctionsAndIgnoresPlainOnes() {
    try (Emulator emulator = Emulator.builder().apps(PlainFunctionApp.class).start()) {
      assertThat(emulator.webFunctions()).extracting(WebFunction::name).containsExactly("web");
    }
  }
}
