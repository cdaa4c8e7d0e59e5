package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * wsgi_app: a servlet deployed once per container, init at start, destroy at stop.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class WsgiAppTest {

  @App("wsgi")
  static class Lifecycle {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static final AtomicInteger FACTORY_CALLS = new AtomicInteger();

    @Function
    @WsgiApp(requiresProxyAuth = true, customDomains = "www.example.com")
    static Servlet createApp() {
      FACTORY_CALLS.incrementAndGet();
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        public void init(ServletConfig config) throws ServletException {
          super.init(config);
          EVENTS.add("init");
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          response.setContentType("text/plain");
          response
              .getWriter()
              .write(
                  request.getMethod()
                      + " "
                      + request.getRequestURI()
                      + "?"
                      + request.getQueryString()
                      + " modal-key="
                      + request.getHeader("Modal-Key"));
        }

        @Override
        public void destroy() {
          EVENTS.add("destroy");
        }
      };
    }
  }

  private static final String AUTH = "Modal-Key: wk-a\r\nModal-Secret: ws-b\r\n";

  @Test
  void deploysTheServletOnceInitsItAtStartAndDestroysItAtStop() throws Exception {
    Lifecycle.EVENTS.clear();
    int calls = Lifecycle.FACTORY_CALLS.get();
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Lifecycle.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      for (int i = 0; i < 3; i++) {
        Response response =
            RawHttp.exchange(
                emulator.port(),
                "GET /a/b?c=d HTTP/1.1\r\nHost: local--wsgi-create-app.localhost\r\n" + AUTH,
                new byte[0]);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("GET /a/b?c=d modal-key=null");
      }
      assertThat(Lifecycle.FACTORY_CALLS.get()).isEqualTo(calls + 1);
      assertThat(Lifecycle.EVENTS).containsExactly("init");
    }
    assertThat(Lifecycle.EVENTS).containsExactly("init", "destroy");
  }

  @Test
  void proxyAuthAndCustomDomainsApplyToServletsToo() throws Exception {
    try (Emulator emulator =
        Emulator.builder()
            .isolation(Isolation.GENERATION)
            .apps(Lifecycle.class)
            .proxyAuthToken("wk-a", "ws-b")
            .start()) {
      Response refused =
          RawHttp.exchange(
              emulator.port(), "GET / HTTP/1.1\r\nHost: www.example.com\r\n", new byte[0]);
      assertThat(refused.status()).isEqualTo(401);
      Response allowed =
          RawHttp.exchange(
              emulator.port(), "GET / HTTP/1.1\r\nHost: www.example.com\r\n" + AUTH, new byte[0]);
      assertThat(allowed.body()).isEqualTo("GET /?null modal-key=null");
    }
  }

  @App("wsgi-broken")
  static class BrokenInit {
    @Function
    @WsgiApp
    static Servlet createApp() {
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        public void init() throws ServletException {
          throw new ServletException("no database");
        }
      };
    }
  }

  @Test
  void aFailingInitFailsTheContainerStart() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(BrokenInit.class).start()) {
      Response response =
          RawHttp.get(emulator.port(), "local--wsgi-broken-create-app.localhost", "/");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo("modal-http: internal error: function container failed to start");
      assertThat(emulator.logs("createApp")).anyMatch(line -> line.contains("no database"));
    }
  }

  @App("wsgi-failing")
  static class Failing {
    @Function
    @WsgiApp
    static Servlet createApp() {
      return new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
          throw new IllegalStateException("the stock table is locked");
        }
      };
    }
  }

  @Test
  void aServletsFailureIsAPlain500AndGoesToTheFunctionsLog() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Failing.class).start()) {
      Response response =
          RawHttp.get(emulator.port(), "local--wsgi-failing-create-app.localhost", "/orders");
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo(
              "<html><head><title>Error</title></head><body>Internal Server Error</body></html>");
      assertThat(emulator.logs("createApp"))
          .anyMatch(line -> line.contains("request GET /orders to createApp failed"))
          .anyMatch(line -> line.contains("the stock table is locked"));
    }
  }

  @App("wsgi-bad")
  static class BadFactories {
    @Function
    @WsgiApp
    static String notAServlet() {
      return "";
    }

    @Function
    @WsgiApp
    static CompletableFuture<Servlet> later() {
      return null;
    }

    @Function
    @WsgiApp
    static Servlet withConfig(String config) {
      return null;
    }

    @Function
    @WsgiApp
    static Both both() {
      return null;
    }
  }

  /** A servlet that is also an initializer: the emulator can't tell which one the app means. */
  abstract static class Both extends HttpServlet implements ServletContainerInitializer {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void definitionErrorsFollowTheAsgiRules() {
    InvalidError error =
        Assertions.catchThrowableOfType(
            InvalidError.class,
            () ->
                Emulator.builder()
                    .isolation(Isolation.GENERATION)
                    .apps(BadFactories.class)
                    .start());
    assertThat(error.problems())
        .containsExactly(
            "@WsgiApp method [BadFactories.both()] returns Both, which is both a Servlet and a"
                + " ServletContainerInitializer; return one of them, so that it is clear what the"
                + " app serves",
            "@WsgiApp method [BadFactories.later()] can't be async (it returns CompletableFuture);"
                + " return the Servlet or ServletContainerInitializer itself",
            "@WsgiApp method [BadFactories.notAServlet()] must return jakarta.servlet.Servlet or"
                + " jakarta.servlet.ServletContainerInitializer, not String; return the app's"
                + " servlet, or a ServletContainerInitializer that sets up the whole servlet"
                + " application (Spring Boot's: new SpringServletContainerInitializer())",
            "@WsgiApp method [BadFactories.withConfig(String)] can't have parameters; read"
                + " configuration inside the method instead");
  }
}
