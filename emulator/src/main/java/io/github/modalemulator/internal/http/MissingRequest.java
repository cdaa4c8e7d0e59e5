package io.github.modalemulator.internal.http;

/**
 * The cloud's answer to a request whose body doesn't start in time: the client library's ASGI
 * wrapper, which runs every web function in its container, waits 5 s for the request's first
 * message ({@code FIRST_MESSAGE_TIMEOUT_SECONDS}; the builder's {@code firstMessageTimeout}), then
 * answers {@code 408} with this body and no header fields of its own, and tells the app the client
 * disconnected.
 */
public final class MissingRequest {
  public static final int STATUS = 408;

  /** The status line's phrase, as the cloud's edge writes it (Undertow's own is "Time-out"). */
  public static final String REASON = "Request Timeout";

  public static final String BODY = "Missing request, possibly due to expiry or cancellation";

  private MissingRequest() {}
}
