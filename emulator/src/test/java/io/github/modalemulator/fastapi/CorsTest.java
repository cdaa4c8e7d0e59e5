package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starlette's CORSMiddleware with the cloud's settings, in front of every fastapi_endpoint, as the
 * releases before Starlette's CORS change answer ({@link FastapiStack#LEGACY}); {@code
 * CurrentCorsTest} has the current releases' answers.
 */
class CorsTest {
  static final String HOST = "local--cors-submit.localhost";
  static Emulator emulator;

  @App("cors")
  static class CorsApp {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Object> submit(Map<String, Object> data) {
      CALLS.incrementAndGet();
      return Map.of("ok", true);
    }

    @Function
    @FastapiEndpoint
    static Object broken() {
      throw new IllegalStateException("broken");
    }

    @Function
    @FastapiEndpoint
    static io.github.modalemulator.Response ownCors() {
      return io.github.modalemulator.Response.text("mine")
          .withHeader("Access-Control-Allow-Origin", "https://only-me.example")
          .withHeader("Vary", "Accept-Encoding");
    }
  }

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(CorsApp.class).fastapiStack(FastapiStack.LEGACY).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Response send(String method, String host, String headers, String body)
      throws Exception {
    return RawHttp.exchange(
        emulator.port(),
        method + " / HTTP/1.1\r\nHost: " + host + "\r\n" + headers,
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aPreflightIsAnsweredByTheMiddlewareNeverByTheFunction() throws Exception {
    int calls = CorsApp.CALLS.get();
    Response response =
        send(
            "OPTIONS",
            HOST,
            "Origin: https://app.example.org\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: x-custom, content-type\r\n",
            "");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("OK");
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.org");
    assertThat(response.header("Vary")).isEqualTo("Origin");
    assertThat(response.header("Access-Control-Allow-Methods"))
        .isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    assertThat(response.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.header("Access-Control-Allow-Headers")).isEqualTo("x-custom, content-type");
    assertThat(CorsApp.CALLS.get()).isEqualTo(calls);
  }

  @Test
  void aPreflightWithoutRequestedHeadersHasNoAllowHeaders() throws Exception {
    Response response =
        send(
            "OPTIONS",
            HOST,
            "Origin: https://app.example.org\r\nAccess-Control-Request-Method: POST\r\n",
            "");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).doesNotContainKey("access-control-allow-headers");
  }

  @Test
  void aPreflightForAMethodOutsideTheListIsRefused() throws Exception {
    for (String method : new String[] {"FOO", "post"}) {
      Response response =
          send(
              "OPTIONS",
              HOST,
              "Origin: https://app.example.org\r\nAccess-Control-Request-Method: "
                  + method
                  + "\r\n",
              "");
      assertThat(response.status()).as(method).isEqualTo(400);
      assertThat(response.body()).isEqualTo("Disallowed CORS method");
      assertThat(response.header("Access-Control-Allow-Origin"))
          .isEqualTo("https://app.example.org");
    }
  }

  @Test
  void aPreflightNeedsAnOriginOtherwiseTheRouteAnswers() throws Exception {
    Response response = send("OPTIONS", HOST, "Access-Control-Request-Method: POST\r\n", "");
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
  }

  @Test
  void aSimpleRequestGetsStarAndCredentials() throws Exception {
    Response response =
        send(
            "POST",
            HOST,
            "Origin: https://app.example.org\r\nContent-Type: application/json\r\n",
            "{}");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.headers()).doesNotContainKey("vary");
  }

  @Test
  void aSimpleRequestWithACookieGetsItsOriginEchoedAndVary() throws Exception {
    Response response =
        send(
            "POST",
            HOST,
            "Origin: https://app.example.org\r\nCookie: session=1\r\n"
                + "Content-Type: application/json\r\n",
            "{}");
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.org");
    assertThat(response.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.header("Vary")).isEqualTo("Origin");
  }

  @Test
  void aRequestWithoutOriginGetsNoCorsHeaders() throws Exception {
    Response response = send("POST", HOST, "Content-Type: application/json\r\n", "{}");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
    assertThat(response.headers()).doesNotContainKey("vary");
  }

  @Test
  void errorsFromInsideTheAppCarryCorsHeadersTooButA500DoesNot() throws Exception {
    Response notFound =
        RawHttp.exchange(
            emulator.port(),
            "GET /nope HTTP/1.1\r\nHost: " + HOST + "\r\nOrigin: https://a.example\r\n",
            new byte[0]);
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.header("Access-Control-Allow-Origin")).isEqualTo("*");
    Response invalid =
        send("POST", HOST, "Origin: https://a.example\r\nContent-Type: application/json\r\n", "[]");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.header("Access-Control-Allow-Origin")).isEqualTo("*");
    Response broken =
        send("GET", "local--cors-broken.localhost", "Origin: https://a.example\r\n", "");
    assertThat(broken.status()).isEqualTo(500);
    assertThat(broken.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
  }

  @Test
  void theMiddlewaresHeadersWinOverTheFunctionsOwn() throws Exception {
    Response response =
        send(
            "GET",
            "local--cors-own-cors.localhost",
            "Origin: https://a.example\r\nCookie: c=1\r\n",
            "");
    assertThat(response.body()).isEqualTo("mine");
    assertThat(response.headers().get("access-control-allow-origin"))
        .containsExactly("https://a.example");
    assertThat(response.header("Vary")).isEqualTo("Accept-Encoding, Origin");
  }
}
