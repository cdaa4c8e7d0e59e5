package io.github.modalemulator.internal.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.WebFunction;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The emulator's own page at its bare host: a JSON index of the apps and their web functions. */
public final class IndexPage implements HttpHandler {
  /** Made with the first page asked for, not at start: most runs never ask. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * One generation's page and its JSON, made when first asked for. The bytes live beside the page
   * they render, so a rendering that a reload overtakes fills only its own generation's holder.
   */
  private static final class Content {
    final Map<String, Object> page;
    volatile byte[] json;

    Content(Map<String, Object> page) {
      this.page = page;
    }

    byte[] json() {
      byte[] made = json;
      if (made == null) {
        try {
          made = Json.MAPPER.writeValueAsBytes(page);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("the index is plain data and always serialises", e);
        }
        json = made; // the same bytes whoever makes them
      }
      return made;
    }
  }

  private volatile Content content; // null until the port is known

  /** Set once the port is known, before the first request can arrive at it. */
  public void setContent(
      String workspace, String environment, boolean serveMode, List<WebFunction> functions) {
    Map<String, List<WebFunction>> byApp = new LinkedHashMap<>();
    functions.forEach(f -> byApp.computeIfAbsent(f.app(), a -> new ArrayList<>()).add(f));
    List<Map<String, Object>> apps = new ArrayList<>();
    byApp.forEach(
        (app, list) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("name", app);
          entry.put("functions", list);
          apps.add(entry);
        });
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("emulator", "modal-emulator");
    page.put("workspace", workspace);
    page.put("environment", environment);
    page.put("serveMode", serveMode);
    page.put("apps", apps);
    this.content = new Content(page); // a reload's functions: rendered when next asked for
  }

  /** The page's JSON, or null before the port is known. */
  byte[] json() {
    Content current = content;
    return current == null ? null : current.json();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    byte[] page = json();
    if (page == null) {
      PlainText.send(exchange, 503, "modal-http: the emulator is starting");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(page));
  }
}
