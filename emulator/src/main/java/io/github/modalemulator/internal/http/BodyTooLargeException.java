package io.github.modalemulator.internal.http;

import io.undertow.server.RequestTooBigException;

/**
 * A request body over its exchange's {@link BodyLimit}: the one signal of it, whoever counts (the
 * connection's chunk scanner, the conduit that counts a body of unknown length, the edge that
 * receives a body whole). Its message is the cloud's 413 text; {@link BodyLimit#answer} sends it.
 * It is Undertow's own type, so that code reading a body sees the failure it knows.
 */
public final class BodyTooLargeException extends RequestTooBigException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  public BodyTooLargeException(long limit) {
    super("modal-http: request body is larger than the limit of " + limit + " bytes");
    this.limit = limit;
  }

  /** The limit the body went past, in bytes. */
  public long limit() {
    return limit;
  }
}
