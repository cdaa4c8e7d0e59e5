package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FastAPI's documentation routes for {@code docs = true}: {@code /openapi.json}, {@code /docs}
 * (Swagger UI) and {@code /redoc}. The pages are FastAPI's, except that their scripts and styles
 * come from the emulator's jar rather than a CDN, so they work offline.
 */
final class DocsPages {
  private static final String SWAGGER = "META-INF/resources/webjars/swagger-ui/5.34.1/";
  private static final String REDOC = "META-INF/resources/webjars/redoc/2.1.4/bundles/";

  /** Served paths and where their bytes come from; nothing else is served. */
  private static final Map<String, String> ASSETS =
      Map.of(
          "/docs/assets/swagger-ui.css", SWAGGER + "swagger-ui.css",
          "/docs/assets/swagger-ui-bundle.js", SWAGGER + "swagger-ui-bundle.js",
          "/redoc/assets/redoc.standalone.js", REDOC + "redoc.standalone.js");

  private static final Map<String, byte[]> LOADED = new ConcurrentHashMap<>();

  /**
   * FastAPI's Swagger UI page, byte for byte but for its assets: the style sheet and script are the
   * emulator's copies, and the favicon (fastapi.tiangolo.com) is left out.
   */
  static final String SWAGGER_HTML =
      "\n"
          + "    <!DOCTYPE html>\n"
          + "    <html>\n"
          + "    <head>\n"
          + "    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
          + "    <link type=\"text/css\" rel=\"stylesheet\" href=\"/docs/assets/swagger-ui.css\">\n"
          + "    <title>FastAPI - Swagger UI</title>\n"
          + "    </head>\n"
          + "    <body>\n"
          + "    <div id=\"swagger-ui\">\n"
          + "    </div>\n"
          + "    <script src=\"/docs/assets/swagger-ui-bundle.js\"></script>\n"
          + "    <!-- `SwaggerUIBundle` is now available on the page -->\n"
          + "    <script>\n"
          + "    const ui = SwaggerUIBundle({\n"
          + "        url: '/openapi.json',\n"
          + "    \"dom_id\": \"#swagger-ui\",\n"
          + "\"layout\": \"BaseLayout\",\n"
          + "\"deepLinking\": true,\n"
          + "\"showExtensions\": true,\n"
          + "\"showCommonExtensions\": true,\n"
          + "oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect',\n"
          + "    presets: [\n"
          + "        SwaggerUIBundle.presets.apis,\n"
          + "        SwaggerUIBundle.SwaggerUIStandalonePreset\n"
          + "        ],\n"
          + "    })\n"
          + "    </script>\n"
          + "    </body>\n"
          + "    </html>\n"
          + "    ";

  /** FastAPI's ReDoc page, but for its assets: the emulator's script; no web fonts, no favicon. */
  static final String REDOC_HTML =
      "\n"
          + "    <!DOCTYPE html>\n"
          + "    <html>\n"
          + "    <head>\n"
          + "    <title>FastAPI - ReDoc</title>\n"
          + "    <!-- needed for adaptive design -->\n"
          + "    <meta charset=\"utf-8\"/>\n"
          + "    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          + "    \n"
          + "    <!--\n"
          + "    ReDoc doesn't change outer page styles\n"
          + "    -->\n"
          + "    <style>\n"
          + "      body {\n"
          + "        margin: 0;\n"
          + "        padding: 0;\n"
          + "      }\n"
          + "    </style>\n"
          + "    </head>\n"
          + "    <body>\n"
          + "    <noscript>\n"
          + "        ReDoc requires Javascript to function. Please enable it to browse the"
          + " documentation.\n"
          + "    </noscript>\n"
          + "    <redoc spec-url=\"/openapi.json\"></redoc>\n"
          + "    <script src=\"/redoc/assets/redoc.standalone.js\"> </script>\n"
          + "    </body>\n"
          + "    </html>\n"
          + "    ";

  /** Swagger UI's OAuth2 redirect page as FastAPI serves it (its copy of swagger-ui 4.14.0's). */
  private static final String OAUTH2_REDIRECT = "oauth2-redirect.html";

  private final byte[] openApi;

  DocsPages(FunctionDefinition function, ObjectMapper json, FastapiStack stack) {
    try {
      this.openApi = json.writeValueAsBytes(OpenApiDocument.of(function, stack));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the OpenAPI document is plain data", e);
    }
  }

  /** Whether {@code path} is one of the documentation routes. */
  static boolean serves(String path) {
    return path.equals("/openapi.json")
        || path.equals("/docs")
        || path.equals("/redoc")
        || path.equals("/docs/oauth2-redirect")
        || ASSETS.containsKey(path);
  }

  /** Answers a documentation route; false when the method is not GET or HEAD (as written). */
  boolean answer(HttpServerExchange exchange, String path, String method) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return false;
    }
    switch (path) {
      case "/openapi.json" -> send(exchange, "application/json", openApi);
      case "/docs" -> send(exchange, "text/html; charset=utf-8", bytes(SWAGGER_HTML));
      case "/redoc" -> send(exchange, "text/html; charset=utf-8", bytes(REDOC_HTML));
      case "/docs/oauth2-redirect" ->
          send(
              exchange,
              "text/html; charset=utf-8",
              LOADED.computeIfAbsent(OAUTH2_REDIRECT, DocsPages::loadOwn));
      default -> send(exchange, contentType(path), LOADED.computeIfAbsent(path, DocsPages::load));
    }
    return true;
  }

  private static String contentType(String path) {
    return path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
  }

  private static byte[] load(String path) {
    String resource = ASSETS.get(path);
    try (InputStream in = DocsPages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the emulator's class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] loadOwn(String name) {
    try (InputStream in = DocsPages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the emulator's class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpServerExchange exchange, String contentType, byte[] body) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
