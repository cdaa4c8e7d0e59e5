package io.github.modalemulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * return Response.html("<h1>Hello</h1>");                 // HTMLResponse
 * return Response.redirect("/next");                      // RedirectResponse, 307
 * return Response.file(Path.of("out.mp4"), "clip.mp4");   // FileResponse, streamed from disk
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

  /**
   * 200 with an HTML body ({@code text/html; charset=utf-8}), as FastAPI's {@code HTMLResponse}.
   */
  public static Response html(String html) {
    return new Response(
        200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), List.of());
  }

  /**
   * A redirect to {@code url}, as Starlette's {@code RedirectResponse}: 307 (change it with {@link
   * #withStatus}), no body, and the URL in {@code location} with the characters a URL can't hold
   * percent-encoded as Starlette encodes them.
   */
  public static Response redirect(String url) {
    return new Response(307, null, new byte[0], List.of())
        .withHeader("location", Percent.encode(url, ":/%#?=@[]!$&'()*+,;"));
  }

  /**
   * A file sent from disk as it is, as Starlette's {@code FileResponse}: streamed when the response
   * is written, never read whole into memory, with its media type guessed from its name and
   * Starlette's {@code accept-ranges}, {@code etag} and {@code last-modified} headers.
   */
  public static Response file(Path path) {
    return file(path, null);
  }

  /**
   * A file sent from disk as an attachment named {@code filename} ({@code FileResponse(path,
   * filename=...)}): the media type is guessed from {@code filename}, and {@code
   * content-disposition} is written as Starlette writes it.
   */
  public static Response file(Path path, String filename) {
    Objects.requireNonNull(path, "path");
    String name = filename != null ? filename : path.getFileName().toString();
    Response response = new Response(200, MediaTypes.guess(name), new FileContent(path), List.of());
    if (filename == null) {
      return response;
    }
    String quoted = Percent.encode(filename, "/");
    return response.withHeader(
        "content-disposition",
        quoted.equals(filename)
            ? "attachment; filename=\"" + filename + "\""
            : "attachment; filename*=utf-8''" + quoted);
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

  /**
   * The body: a {@code byte[]}, a {@link JsonContent} to write as JSON, or a {@link FileContent} to
   * stream from disk.
   */
  public Object content() {
    return content instanceof byte[] bytes ? bytes.clone() : content;
  }

  /** A value to be written as JSON when the response is sent. */
  public record JsonContent(Object value) {}

  /** A file to be streamed from disk when the response is sent. */
  public record FileContent(Path path) {}

  /** Python's {@code urllib.parse.quote}: UTF-8 bytes, percent-encoded unless safe. */
  private static final class Percent {
    private Percent() {}

    static String encode(String text, String safe) {
      StringBuilder out = new StringBuilder();
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xFF;
        boolean unreserved =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '-'
                || c == '~';
        if (unreserved || (c < 0x80 && safe.indexOf(c) >= 0)) {
          out.append((char) c);
        } else {
          out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
          out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
      }
      return out.toString();
    }
  }

  /** Python's {@code mimetypes.guess_type} for the common extensions. */
  private static final class MediaTypes {
    private static final Map<String, String> BY_EXTENSION =
        Map.ofEntries(
            Map.entry("txt", "text/plain"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"),
            Map.entry("csv", "text/csv"),
            Map.entry("js", "text/javascript"),
            Map.entry("json", "application/json"),
            Map.entry("xml", "text/xml"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/x-wav"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"));

    private MediaTypes() {}

    static String guess(String name) {
      int dot = name.lastIndexOf('.');
      String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
      return BY_EXTENSION.getOrDefault(extension, "application/octet-stream");
    }
  }
}
