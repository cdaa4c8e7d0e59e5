package io.github.modalemulator.internal.http;

import java.time.Duration;

/**
 * The cloud's answer to a request whose body doesn't start in time: the client library's ASGI
 * wrapper, which runs every web function in its container, waits {@link #TIMEOUT} for the request's
 * first message ({@code FIRST_MESSAGE_TIMEOUT_SECONDS}), then answers {@code 408} with this body
 * and no header fields of its own, and tells the app the client disconnected.
 */
public final class MissingRequest {
  /** How long the first message of a request may take to reach its container: 5 s. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  public static final int STATUS = 408;

  /** The status line's phrase, as the cloud's edge writes it (Undertow's own is "Time-out"). */
  public static final String REASON = "Request Timeout";

  public static final String BODY = "Missing request, possibly due to expiry or cancellation";

  private MissingRequest() {}
}
