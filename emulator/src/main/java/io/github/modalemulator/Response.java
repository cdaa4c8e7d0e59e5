package io.github.modalemulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response sent as it is, the Java face of FastAPI's {@code Response}: return one to choose the
 * status, headers, media type and raw body. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * return Response.text("created").withStatus(201).withHeader("Location", "/items/7");
 * return Response.json(Map.of("id", 7)).withStatus(201);
 * }</pre>
 */
public final class Response {
  private final int status;
  private final String mediaType;
  private final Object content;
  private final List<Map.Entry<String, String>> headers;

  private Response(
      int status, String mediaType, Object content, List<Map.Entry<String, String>> headers) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("an HTTP status is 100 to 599, got " + status);
    }
    this.status = status;
    this.mediaType = mediaType;
    this.content = content;
    this.headers = List.copyOf(headers);
  }

  /** 200 with a UTF-8 text body ({@code text/plain; charset=utf-8}). */
  public static Response text(String text) {
    return new Response(
        200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), List.of());
  }

  /** 200 with raw bytes of the given media type (null for none). */
  public static Response bytes(byte[] content, String mediaType) {
    return new Response(200, mediaType, content.clone(), List.of());
  }

  /**
   * 200 with a value written as JSON ({@code application/json}), as FastAPI's {@code JSONResponse}.
   */
  public static Response json(Object value) {
    return new Response(200, "application/json", new JsonContent(value), List.of());
  }

  /** An empty response with this status, such as 204. */
  public static Response empty(int status) {
    return new Response(status, null, new byte[0], List.of());
  }

  public Response withStatus(int status) {
    return new Response(status, mediaType, content, headers);
  }

  /** Adds a header; a name may repeat. */
  public Response withHeader(String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    more.add(
        Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
    return new Response(status, mediaType, content, more);
  }

  public Response withMediaType(String mediaType) {
    return new Response(status, mediaType, content, headers);
  }

  public int status() {
    return status;
  }

  /** The media type, or null when the response has none. */
  public String mediaType() {
    return mediaType;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The body: a {@code byte[]}, or a {@link JsonContent} to write as JSON. */
  public Object content() {
    return content instanceof byte[] bytes ? bytes.clone() : content;
  }

  /** A value to be written as JSON when the response is sent. */
  public record JsonContent(Object value) {}
}
