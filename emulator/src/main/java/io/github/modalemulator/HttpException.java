package io.github.modalemulator;

import java.util.Map;

/**
 * Ends a request with a status and a detail, the Java face of {@code
 * fastapi.HTTPException(status_code, detail)}: the client gets that status and {@code {"detail":
 * detail}} as JSON.
 *
 * <pre>{@code
 * if (item == null) {
 *   throw new HttpException(404, "Item not found");
 * }
 * }</pre>
 */
public class HttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Object detail;
  private final Map<String, String> headers;

  /** {@code detail} may be any value Jackson can write: a string, a map, a list, a record. */
  public HttpException(int status, Object detail) {
    this(status, detail, Map.of());
  }

  /** With headers to add to the response (as FastAPI's {@code headers=}). */
  public HttpException(int status, Object detail, Map<String, String> headers) {
    super(status + ": " + detail);
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("an HTTP status is 100 to 599, got " + status);
    }
    this.status = status;
    this.detail = detail;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public Object detail() {
    return detail;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
