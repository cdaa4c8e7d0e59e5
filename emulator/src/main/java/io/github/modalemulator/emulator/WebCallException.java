package io.github.modalemulator.emulator;

/**
 * A web function called through a typed client ({@link Emulator#client(Class)}, {@link
 * Emulator#call(String, Class, Object...)}) answered with a status other than 2xx.
 */
public final class WebCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String body;

  public WebCallException(String request, int status, String body) {
    super(request + " answered " + status + ": " + body);
    this.status = status;
    this.body = body;
  }

  /** The HTTP status, such as 422 or 500. */
  public int status() {
    return status;
  }

  /** The response body, as text. */
  public String body() {
    return body;
  }
}
