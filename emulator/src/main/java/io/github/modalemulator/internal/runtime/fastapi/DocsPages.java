package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
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

  static final String SWAGGER_HTML =
      """
      <!DOCTYPE html>
      <html>
      <head>
      <link type="text/css" rel="stylesheet" href="/docs/assets/swagger-ui.css">
      <title>FastAPI - Swagger UI</title>
      </head>
      <body>
      <div id="swagger-ui">
      </div>
      <script src="/docs/assets/swagger-ui-bundle.js"></script>
      <script>
      const ui = SwaggerUIBundle({
          url: '/openapi.json',
          "dom_id": "#swagger-ui",
          "layout": "BaseLayout",
          "deepLinking": true,
          "showExtensions": true,
          "showCommonExtensions": true,
          presets: [
          SwaggerUIBundle.presets.apis,
          SwaggerUIBundle.SwaggerUIStandalonePreset
          ],
      })
      </script>
      </body>
      </html>
      """;

  static final String REDOC_HTML =
      """
      <!DOCTYPE html>
      <html>
      <head>
      <title>FastAPI - ReDoc</title>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <style>
        body {
          margin: 0;
          padding: 0;
        }
      </style>
      </head>
      <body>
      <noscript>
          ReDoc requires Javascript to function. Please enable it to browse the documentation.
      </noscript>
      <redoc spec-url="/openapi.json"></redoc>
      <script src="/redoc/assets/redoc.standalone.js"> </script>
      </body>
      </html>
      """;

  private final byte[] openApi;

  DocsPages(FunctionDefinition function, ObjectMapper json) {
    try {
      this.openApi = json.writeValueAsBytes(OpenApiDocument.of(function));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the OpenAPI document is plain data", e);
    }
  }

  /** Whether {@code path} is one of the documentation routes. */
  static boolean serves(String path) {
    return path.equals("/openapi.json")
        || path.equals("/docs")
        || path.equals("/redoc")
        || ASSETS.containsKey(path);
  }

  /** Answers a documentation route; false when the method is not GET or HEAD. */
  boolean answer(HttpServerExchange exchange, String path) {
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      return false;
    }
    switch (path) {
      case "/openapi.json" -> send(exchange, "application/json", openApi);
      case "/docs" -> send(exchange, "text/html; charset=utf-8", bytes(SWAGGER_HTML));
      case "/redoc" -> send(exchange, "text/html; charset=utf-8", bytes(REDOC_HTML));
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

  private static void send(HttpServerExchange exchange, String contentType, byte[] body) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
