package io.github.modalemulator.junit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebEndpoint;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.FastapiStack;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The FastAPI stack, dev suffix and strict web_endpoint settings, by annotation and builder. */
class ModalEmulatorSettingsTest {
  /** What the fixtures saw: their URL, then the CORS origin the function answered with. */
  static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @App("settings-fixture")
  public static class HelloApp {
    @Function
    @FastapiEndpoint
    static Map<String, String> hello() {
      return Map.of("message", "Hello, world!");
    }
  }

  @App("old-fixture")
  public static class OldApp {
    @Function
    @SuppressWarnings("removal")
    @WebEndpoint
    static String old() {
      return "old";
    }
  }

  @BeforeEach
  void reset() {
    SEEN.clear();
  }

  private static void record(String url, RequestSpecification hello) {
    SEEN.add(url);
    SEEN.add(
        given(hello)
            .header("Origin", "https://app.example")
            .get("/")
            .then()
            .statusCode(200)
            .extract()
            .header("Access-Control-Allow-Origin"));
  }

  @ModalEmulator(
      apps = HelloApp.class,
      serveMode = true,
      devSuffix = "pr7",
      fastapiStack = FastapiStack.LEGACY)
  static class Annotated {
    @Test
    void hello(@WebUrl("hello") String url, @FunctionSpec("hello") RequestSpecification hello) {
      record(url, hello);
    }
  }

  static class Registered {
    @RegisterExtension
    static ModalEmulatorExtension modal =
        ModalEmulatorExtension.builder()
            .apps(HelloApp.class)
            .serveMode(true)
            .devSuffix("pr7")
            .fastapiStack(FastapiStack.LEGACY)
            .build();

    @Test
    void hello(@WebUrl("hello") String url, @FunctionSpec("hello") RequestSpecification hello) {
      record(url, hello);
    }
  }

  @ModalEmulator(apps = HelloApp.class, serveMode = true)
  static class Defaults {
    @Test
    void hello(@WebUrl("hello") String url, @FunctionSpec("hello") RequestSpecification hello) {
      record(url, hello);
    }
  }

  @Test
  void theAnnotationSetsTheStackAndTheDevSuffix() {
    runAndExpectSuccess(Annotated.class);
    assertThat(SEEN.get(0)).matches("http://local--settings-fixture-hello-pr7\\.localhost:\\d+");
    assertThat(SEEN.get(1)).isEqualTo("*"); // legacy Starlette: '*' without a cookie
  }

  @Test
  void theBuilderSetsTheStackAndTheDevSuffix() {
    runAndExpectSuccess(Registered.class);
    assertThat(SEEN.get(0)).matches("http://local--settings-fixture-hello-pr7\\.localhost:\\d+");
    assertThat(SEEN.get(1)).isEqualTo("*");
  }

  @Test
  void byDefaultTheCurrentStackAndDev() {
    runAndExpectSuccess(Defaults.class);
    assertThat(SEEN.get(0)).matches("http://local--settings-fixture-hello-dev\\.localhost:\\d+");
    assertThat(SEEN.get(1)).isEqualTo("https://app.example"); // current Starlette echoes it
  }

  private static void runAndExpectSuccess(Class<?> fixture) {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(fixture))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.started(1).succeeded(1));
  }

  @ModalEmulator(apps = OldApp.class, strictWebEndpoint = true)
  static class Strict {
    @Test
    void test() {}
  }

  @ModalEmulator(apps = OldApp.class)
  static class Lenient {
    @Test
    void old(@FunctionSpec("old") RequestSpecification old) {
      SEEN.add(given(old).get("/").then().statusCode(200).extract().asString());
    }
  }

  @Test
  void strictWebEndpointFailsTheClassWithTheCloudClientsError() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Strict.class))
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(
                        "@WebEndpoint on [OldApp.old()] is refused (strict web_endpoint, as the"
                            + " cloud client 1.4+): Deprecated on 2025-03-05: The"
                            + " `@modal.web_endpoint` decorator has been renamed to"
                            + " `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the same"
                            + " attributes."))));
  }

  @Test
  void withoutStrictWebEndpointItIsServed() {
    runAndExpectSuccess(Lenient.class);
    assertThat(SEEN).containsExactly("\"old\"");
  }

  @App("loopback-fixture")
  public static class LoopbackApp {
    @Function
    @WebServer(29740)
    static AutoCloseable loopback() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 29740), 0);
      server.createContext(
          "/",
          exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return () -> server.stop(0);
    }
  }

  @ModalEmulator(apps = LoopbackApp.class, strictWebServerBind = true)
  static class StrictBind {
    @Test
    void loopback(@FunctionSpec("loopback") RequestSpecification loopback) {
      SEEN.add(given(loopback).get("/").then().extract().statusLine());
    }
  }

  @Test
  void strictWebServerBindFailsALoopbackOnlyServersContainer() {
    runAndExpectSuccess(StrictBind.class);
    assertThat(SEEN).containsExactly("HTTP/1.1 500 Internal Server Error");
  }
}
