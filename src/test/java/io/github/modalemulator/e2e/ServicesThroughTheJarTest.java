package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The existing services of {@code examples-services/} (Spring Boot, Javalin, Micronaut, each
 * started in-process by {@code @WebServer}) through the real {@code emulator.jar}: its {@code
 * serve} command, behind the emulator's edge, and its {@code container} command, as an exported
 * app's container runs it. Each service starts once per mode, with its own class path beside the
 * jar and its framework's own logging. Strict about the bind address: each binds {@code
 * ExecutionContext.bindAddress()}, so none is refused for listening on loopback here.
 */
class ServicesThroughTheJarTest {
  private static final Pattern CREATED = Pattern.compile("Created web function (\\S+) => (\\S+)");

  /** {@code examples-services/}, where each service's module keeps its classes and class path. */
  private static final Path SERVICES =
      Path.of(System.getProperty("services.dir", "examples-services"));

  /** Spring Boot's start on a busy machine: its own startupTimeout is 60 s. */
  private static final Duration START = Duration.ofSeconds(90);

  /** A request and what the service answers to it. */
  private record Exchange(String method, String path, String body, int status, String answer) {}

  /** A service: its module, {@code @App} class, function, port, and a conversation with it. */
  private record Service(
      String module, String appClass, String function, int port, List<Exchange> exchanges) {
    @Override
    public String toString() {
      return module;
    }

    String classPath() {
      Path target = SERVICES.resolve(module).resolve("target");
      try {
        return target.resolve("classes")
            + File.pathSeparator
            + Files.readString(target.resolve("classpath.txt")).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("build examples-services first (mvn package)", e);
      }
    }
  }

  static Stream<Service> services() {
    return Stream.of(
        new Service(
            "spring-boot",
            "io.github.modalemulator.examples.services.springboot.SpringShop",
            "shop",
            29710,
            List.of(
                // Logback, as Spring Boot sets it up: the user's binding, not the emulator's.
                new Exchange("GET", "/logging", null, 200, "ch.qos.logback.classic.LoggerContext"),
                new Exchange(
                    "POST",
                    "/items",
                    "{\"name\":\"teapot\",\"priceCents\":1899}",
                    201,
                    "{\"id\":1,\"name\":\"teapot\",\"priceCents\":1899}"),
                new Exchange(
                    "GET",
                    "/items/1",
                    null,
                    200,
                    "{\"id\":1,\"name\":\"teapot\",\"priceCents\":1899}"),
                new Exchange("GET", "/items/2", null, 404, ""))),
        new Service(
            "javalin",
            "io.github.modalemulator.examples.services.javalin.JavalinShop",
            "notes",
            29711,
            List.of(
                new Exchange("GET", "/hello?name=Ada", null, 200, "Hello, Ada"),
                new Exchange("POST", "/notes", "buy milk", 201, "1"),
                new Exchange("GET", "/notes/1", null, 200, "buy milk"),
                new Exchange(
                    "GET", "/logging", null, 200, "org.slf4j.simple.SimpleLoggerFactory"))),
        new Service(
            "micronaut",
            "io.github.modalemulator.examples.services.micronaut.MicronautGreeter",
            "greeter",
            29712,
            List.of(
                new Exchange("GET", "/hello?name=Ada", null, 200, "{\"message\":\"Hello, Ada\"}"),
                new Exchange(
                    "POST",
                    "/greetings",
                    "{\"name\":\"Grace\"}",
                    201,
                    "{\"message\":\"Welcome, Grace\"}"),
                new Exchange(
                    "GET", "/logging", null, 200, "ch.qos.logback.classic.LoggerContext"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void answersThroughTheJarsServeCommand(Service service) throws Exception {
    try (EmulatorProcess serve =
        EmulatorProcess.start(
            "serve",
            "--port",
            "0",
            "--no-reload",
            "--strict-web-server-bind",
            "--cp",
            service.classPath(),
            service.appClass())) {
      List<String> lines =
          serve.linesUntil(l -> l.startsWith("Emulator ready at "), Duration.ofSeconds(60));
      String url =
          lines.stream()
              .map(CREATED::matcher)
              .filter(Matcher::matches)
              .filter(m -> m.group(1).equals(service.function()))
              .map(m -> m.group(2))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no URL for the function in " + lines));
      // The emulator is an HTTP proxy for its own hosts: *.localhost needs no DNS.
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(
                  ProxySelector.of(new InetSocketAddress("127.0.0.1", URI.create(url).getPort())))
              .build();
      converse(client, url, service);
      assertThat(serve.terminate()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void answersInContainerModeAsAnExportedAppsContainerRunsIt(Service service) throws Exception {
    try (EmulatorProcess container =
        EmulatorProcess.start(
            "container",
            "--cp",
            service.classPath(),
            "--bind",
            "127.0.0.1",
            "--strict-web-server-bind",
            service.appClass(),
            service.function())) {
      container.linesUntil(
          l ->
              l.equals(
                  "Function "
                      + service.function()
                      + " is ready: its own server on port "
                      + service.port()),
          START);
      converse(HttpClient.newHttpClient(), "http://127.0.0.1:" + service.port(), service);
      assertThat(container.terminate()).isZero();
    }
  }

  private static void converse(HttpClient client, String url, Service service) throws Exception {
    for (Exchange exchange : service.exchanges()) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url + exchange.path())).timeout(START);
      if (exchange.body() != null && exchange.body().startsWith("{")) {
        request.header("Content-Type", "application/json");
      }
      request.method(
          exchange.method(),
          exchange.body() == null
              ? BodyPublishers.noBody()
              : BodyPublishers.ofString(exchange.body()));
      HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
      String what = service + ": " + exchange.method() + " " + exchange.path();
      assertThat(response.statusCode()).as(what).isEqualTo(exchange.status());
      if (exchange.status() != 404) {
        assertThat(response.body()).as(what).isEqualTo(exchange.answer());
      }
    }
  }
}
