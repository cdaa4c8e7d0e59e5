package io.github.modalemulator.testing;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Apps the emulator's tests serve. */
public final class Fixtures {
  private Fixtures() {}

  /** Answers with what it saw, so tests can check what reached the app. */
  static String describe(HttpServerExchange exchange, String who) {
    List<String> headers = new ArrayList<>();
    for (HeaderValues values : exchange.getRequestHeaders()) {
      headers.add(values.getHeaderName() + "=" + values.getFirst());
    }
    headers.sort(String.CASE_INSENSITIVE_ORDER);
    return who
        + " "
        + exchange.getRequestMethod()
        + " "
        + exchange.getRequestURI()
        + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString())
        + "\n"
        + String.join("\n", headers);
  }

  /** Describes the request, or with {@code X-Ask: url}, answers its {@code getRequestURL()}. */
  static HttpHandler echo(String who) {
    return exchange -> {
      String answer =
          "url".equals(exchange.getRequestHeaders().getFirst("X-Ask"))
              ? exchange.getRequestURL()
              : describe(exchange, who);
      exchange.getResponseSender().send(answer, StandardCharsets.UTF_8);
    };
  }

  @App("echo-app")
  public static class EchoApp {
    public static final AtomicInteger FACTORY_CALLS = new AtomicInteger();

    @Function
    @AsgiApp
    public static HttpHandler echo() {
      FACTORY_CALLS.incrementAndGet();
      return Fixtures.echo("echo");
    }

    @Function
    @AsgiApp(label = "my-label")
    public static HttpHandler labelled() {
      return Fixtures.echo("labelled");
    }

    @Function
    @AsgiApp(customDomains = {"api.mycompany.com", "API-v2.MyCompany.com"})
    public static HttpHandler apiHandler() {
      return Fixtures.echo("apiHandler");
    }

    @Function
    @AsgiApp(requiresProxyAuth = true, customDomains = "secure.mycompany.com")
    public static HttpHandler secureEndpoint() {
      return Fixtures.echo("secureEndpoint");
    }
  }
}
