package io.github.modalemulator.junit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.restassured.specification.RequestSpecification;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension, run on fixture test classes through the JUnit Platform's Engine TestKit. */
class ModalEmulatorExtensionTest {
  /** The emulators the fixtures' tests saw, in order. */
  static final List<Emulator> SEEN = new CopyOnWriteArrayList<>();

  @App("junit-fixture")
  public static class FixtureApp {
    @Function
    @FastapiEndpoint
    static Map<String, String> hello() {
      return Map.of("message", "Hello, world!");
    }

    @Function
    @FastapiEndpoint(requiresProxyAuth = true, customDomains = "api.fixture.example")
    static String secure() {
      return "secret stuff";
    }

    @Cls
    static class MyAPI {
      @FastapiEndpoint(method = "GET")
      Map<String, String> health() {
        return Map.of("status", "healthy");
      }
    }
  }

  @BeforeEach
  void reset() {
    SEEN.clear();
  }

  private static Events run(Class<?>... fixtures) {
    var request = EngineTestKit.engine("junit-jupiter");
    for (Class<?> fixture : fixtures) {
      request.selectors(selectClass(fixture));
    }
    return request.execute().testEvents();
  }

  // ---- one emulator per class, reused by @Nested classes ----

  @ModalEmulator(apps = FixtureApp.class)
  static class Declarative {
    @Test
    void first(Emulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void second(Emulator emulator) {
      SEEN.add(emulator);
    }

    @Nested
    class Inner {
      @Test
      void nested(Emulator emulator) {
        SEEN.add(emulator);
      }
    }
  }

  @Test
  void oneEmulatorPerClassAndNestedClassesReuseItOnTheSamePort() {
    run(Declarative.class).assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN).hasSize(3);
    assertThat(SEEN.stream().distinct()).hasSize(1);
    Emulator emulator = SEEN.get(0);
    assertThat(emulator.port()).isPositive();
    // Closed after the class: its port no longer answers.
    assertThat(isOpen(emulator.port())).isFalse();
  }

  private static boolean isOpen(int port) {
    try {
      new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port).close();
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  static class DeclaredOnSuperclass extends Declarative {}

  @Test
  void subclassesInheritTheAnnotation() {
    run(DeclaredOnSuperclass.class).assertStatistics(s -> s.succeeded(3));
    assertThat(SEEN.stream().distinct()).hasSize(1);
  }

  // ---- registered fields ----

  static class StaticField {
    @RegisterExtension
    static ModalEmulatorExtension modal =
        ModalEmulatorExtension.builder().apps(FixtureApp.class).build();

    @Test
    void first(Emulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void second(Emulator emulator) {
      SEEN.add(emulator);
    }
  }

  static class InstanceField {
    @RegisterExtension
    ModalEmulatorExtension modal = ModalEmulatorExtension.builder().apps(FixtureApp.class).build();

    @Test
    void first(Emulator emulator) {
      SEEN.add(emulator);
    }

    @Test
    void second(Emulator emulator) {
      SEEN.add(emulator);
    }
  }

  @Test
  void aStaticFieldGivesOneEmulatorPerClassAnInstanceFieldOnePerTest() {
    run(StaticField.class).assertStatistics(s -> s.succeeded(2));
    assertThat(SEEN.stream().distinct()).hasSize(1);
    SEEN.clear();
    run(InstanceField.class).assertStatistics(s -> s.succeeded(2));
    assertThat(SEEN.stream().distinct()).hasSize(2);
    assertThat(SEEN).allSatisfy(emulator -> assertThat(isOpen(emulator.port())).isFalse());
  }

  // ---- parameters ----

  @ModalEmulator(apps = FixtureApp.class, proxyAuthTokens = "wk-test:ws-test-secret")
  static class Parameters {
    @Test
    void urls(
        Emulator emulator,
        @WebUrl("hello") String hello,
        @WebUrl("MyAPI.health") URI health,
        @WebUrl(app = "junit-fixture", value = "secure") String secure) {
      assertThat(hello).isEqualTo("http://local--junit-fixture-hello.localhost:" + emulator.port());
      assertThat(health)
          .isEqualTo(
              URI.create("http://local--junit-fixture-myapi-health.localhost:" + emulator.port()));
      assertThat(secure)
          .isEqualTo("http://local--junit-fixture-secure.localhost:" + emulator.port());
    }

    @Test
    void specsReachFunctionsByLabelAndByDomainWithOrWithoutAToken(
        @FunctionSpec("hello") RequestSpecification hello,
        @FunctionSpec("secure") RequestSpecification noToken,
        @FunctionSpec(value = "secure", proxyAuth = true) RequestSpecification withToken,
        @FunctionSpec(value = "secure", domain = "API.fixture.example", proxyAuth = true)
            RequestSpecification byDomain) {
      assertThat(given(hello).get("/").then().statusCode(200).extract().asString())
          .isEqualTo("{\"message\":\"Hello, world!\"}");
      given(noToken).get("/").then().statusCode(401);
      assertThat(given(withToken).get("/").then().statusCode(200).extract().asString())
          .isEqualTo("\"secret stuff\"");
      assertThat(given(byDomain).get("/").then().statusCode(200).extract().asString())
          .isEqualTo("\"secret stuff\"");
    }

    @Test
    void unknownFunction(@WebUrl("nope") String url) {}

    @Test
    void unknownDomain(
        @FunctionSpec(value = "secure", domain = "elsewhere.example") RequestSpecification spec) {}
  }

  @Test
  void parametersOfEveryKindAndClearErrorsForUnknownNames() {
    Events events = run(Parameters.class);
    events.assertStatistics(s -> s.started(4).succeeded(2).failed(2));
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("unknownFunction"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.contains("no web function \"nope\"; the web functions are:")
                                && m.contains("junit-fixture/hello")
                                && m.contains("junit-fixture/MyAPI.health")))))
        .haveExactly(
            1,
            event(
                test("unknownDomain"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m -> m.contains("secure has no custom domain \"elsewhere.example\"")))));
  }

  // ---- between tests ----

  @ModalEmulator(apps = FixtureApp.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class BetweenTests {
    @Test
    @Order(1)
    void callsHealth(@FunctionSpec("MyAPI.health") RequestSpecification health, Emulator emulator) {
      given(health).get("/").then().statusCode(200);
      assertThat(emulator.requests()).hasSize(1);
    }

    @Test
    @Order(2)
    void startsWithAnEmptyJournalAndTheSameContainer(
        @FunctionSpec("MyAPI.health") RequestSpecification health, Emulator emulator) {
      assertThat(emulator.requests()).isEmpty();
      given(health).get("/").then().statusCode(200);
      // What the test can see of the containers, as of the cloud's: not the app's statics, which
      // each container has its own copy of.
      assertThat(emulator.containers("MyAPI.health").containersStarted()).isEqualTo(1);
    }

    @Test
    @Order(3)
    @FreshContainers
    void freshContainersWhenAsked(
        @FunctionSpec("MyAPI.health") RequestSpecification health, Emulator emulator) {
      given(health).get("/").then().statusCode(200);
      assertThat(emulator.containers("MyAPI.health").containersStarted()).isEqualTo(2);
      assertThat(emulator.containers("MyAPI.health").live()).isEqualTo(1);
    }
  }

  @Test
  void theJournalIsClearedBetweenTestsAndContainersKeptUnlessAsked() {
    run(BetweenTests.class).assertStatistics(s -> s.started(3).succeeded(3));
  }

  // ---- parallel classes, shared emulators ----

  @ModalEmulator(apps = FixtureApp.class)
  static class ParallelA {
    @Test
    void a(Emulator emulator, @FunctionSpec("hello") RequestSpecification hello) {
      SEEN.add(emulator);
      given(hello).get("/").then().statusCode(200);
    }
  }

  @ModalEmulator(apps = FixtureApp.class)
  static class ParallelB extends ParallelA {}

  @ModalEmulator(apps = FixtureApp.class)
  static class ParallelC extends ParallelA {}

  @Test
  void parallelClassesEachGetTheirOwnEmulator() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
            .configurationParameter(
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .selectors(
                selectClass(ParallelA.class),
                selectClass(ParallelB.class),
                selectClass(ParallelC.class))
            .execute();
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN.stream().distinct()).hasSize(3);
    assertThat(SEEN.stream().map(Emulator::port).distinct()).hasSize(3);
  }

  @ModalEmulator(apps = FixtureApp.class, shared = true)
  static class SharedOne extends ParallelA {}

  @ModalEmulator(apps = FixtureApp.class, shared = true)
  static class SharedTwo extends ParallelA {}

  @Test
  void classesThatAskToShareGetOneEmulatorPerRun() {
    run(SharedOne.class, SharedTwo.class).assertStatistics(s -> s.succeeded(2));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.stream().distinct()).hasSize(1);
    assertThat(isOpen(SEEN.get(0).port())).isFalse(); // stopped when the run ended
  }

  // ---- typed clients ----

  @ModalEmulator(apps = FixtureApp.class)
  static class TypedClient {
    @Test
    void myApi(Emulator emulator) {
      FixtureApp.MyAPI api = emulator.client(FixtureApp.MyAPI.class);
      assertThat(api.health()).isEqualTo(Map.of("status", "healthy"));
      EmulatorAssertions.assertInvoked(emulator, "MyAPI.health", 1);
    }
  }

  @Test
  void theTypedClientOfMyApiCallsItOverHttp() {
    run(TypedClient.class).assertStatistics(s -> s.started(1).succeeded(1));
  }

  // ---- @Nested classes with their own settings ----

  @App("other-fixture")
  public static class OtherApp {
    @Function
    @FastapiEndpoint
    static String other() {
      return "other";
    }
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @ModalEmulator(apps = OtherApp.class)
  @interface WithOtherApp {}

  @ModalEmulator(apps = FixtureApp.class)
  static class NestedWithItsOwn {
    @Test
    void outer(Emulator emulator) {
      SEEN.add(emulator);
    }

    @Nested
    @ModalEmulator(apps = OtherApp.class)
    class Own {
      @Test
      void inner(Emulator emulator, @WebUrl("other") String url) {
        SEEN.add(emulator);
      }
    }

    @Nested
    @WithOtherApp
    class Composed {
      @Test
      void inner(Emulator emulator, @WebUrl("other") String url) {
        SEEN.add(emulator);
      }
    }
  }

  @Test
  void aNestedClassWithItsOwnSettingsGetsItsOwnEmulator() {
    run(NestedWithItsOwn.class).assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN).hasSize(3);
    assertThat(SEEN.stream().distinct()).hasSize(3);
  }

  // ---- one class's tests run one at a time; classes in parallel ----

  @ModalEmulator(apps = FixtureApp.class)
  static class ConcurrentMethods {
    @Test
    void one(Emulator emulator, @FunctionSpec("hello") RequestSpecification hello)
        throws Exception {
      given(hello).get("/").then().statusCode(200);
      Thread.sleep(100); // a window for another test's journal reset, if they overlapped
      EmulatorAssertions.assertInvoked(emulator, "hello", 1);
    }

    @Test
    void two(Emulator emulator, @FunctionSpec("hello") RequestSpecification hello)
        throws Exception {
      given(hello).get("/").then().statusCode(200);
      Thread.sleep(100);
      EmulatorAssertions.assertInvoked(emulator, "hello", 1);
    }
  }

  @Test
  void testsOfOneClassDoNotShareTheirJournalEvenWhenMethodsRunConcurrently() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .selectors(selectClass(ConcurrentMethods.class))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.started(2).succeeded(2));
  }

  // ---- misuse ----

  @ModalEmulator(apps = FixtureApp.class)
  static class TwoRegistrations {
    @RegisterExtension
    static ModalEmulatorExtension modal =
        ModalEmulatorExtension.builder().apps(FixtureApp.class).build();

    @Test
    void test(Emulator emulator) {}
  }

  @Test
  void twoEmulatorsForOneClassAreRefusedWithAReason() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(TwoRegistrations.class))
            .execute();
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "gets two emulators: from @ModalEmulator and from a"
                                    + " registered ModalEmulatorExtension field")))));
  }

  @ModalEmulator(apps = FixtureApp.class)
  static class WrongParameterType {
    @Test
    void test(@WebUrl("hello") int url) {}
  }

  @Test
  void anAnnotatedParameterOfTheWrongTypeGetsOurMessage() {
    run(WrongParameterType.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("test"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(m -> m.startsWith("@WebUrl goes on a String or java.net.URI")))));
  }

  @org.junit.jupiter.api.extension.ExtendWith(ModalEmulatorExtension.class)
  static class NoSettings {
    @Test
    void test() {}
  }

  @Test
  void extendWithoutSettingsSaysHowToConfigure() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(NoSettings.class)).execute();
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        m -> m.contains("annotate the class with @ModalEmulator(apps = ...)")))));
  }
}
