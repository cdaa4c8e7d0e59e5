package io.github.modalemulator.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.WsgiApp;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/** The same hello, as each endpoint kind the throughput benchmark compares. */
@App("bench")
public final class BenchApps {
  /** The fixed port of the web_server backend (a {@code @WebServer} port is a constant). */
  public static final int BACKEND_PORT = 29401;

  static final String HELLO_JSON = "{\"message\":\"Hello, world!\"}";
  private static final byte[] HELLO = HELLO_JSON.getBytes(UTF_8);

  private BenchApps() {}

  @Function
  @AsgiApp
  public static HttpHandler asgiHello() {
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseSender().send(ByteBuffer.wrap(HELLO));
    };
  }

  @Function
  @WsgiApp
  public static Servlet wsgiHello() {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType("application/json");
        response.setContentLength(HELLO.length);
        response.getOutputStream().write(HELLO);
      }
    };
  }

  /** The examples' hello again, reached by a custom domain (routing by domain). */
  @Function
  @FastapiEndpoint(customDomains = "bench.example.com")
  public static Map<String, String> helloByDomain() {
    return Map.of("message", "Hello, world!");
  }

  /** The examples' hello again, behind proxy auth. */
  @Function
  @FastapiEndpoint(requiresProxyAuth = true)
  public static Map<String, String> helloWithAuth() {
    return Map.of("message", "Hello, world!");
  }

  /** An empty class: its cold start is the container layer's own cost. */
  @Cls
  public static class Empty {
    @FastapiEndpoint
    public String ping() {
      return "pong";
    }
  }

  /** The backend a web_server forwards to: raw Undertow, the same server wrk calls directly. */
  @Function
  @WebServer(BACKEND_PORT)
  public static AutoCloseable webServerHello() {
    Undertow backend = HelloThroughput.rawUndertow(BACKEND_PORT);
    backend.start();
    return backend::stop;
  }
}
