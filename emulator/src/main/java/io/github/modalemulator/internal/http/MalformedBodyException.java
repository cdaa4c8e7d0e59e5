package io.github.modalemulator.internal.http;

import java.io.IOException;

/**
 * A request body that breaks its own framing (a chunk size that is no hex number): the client's
 * fault, answered {@code 400} with this message and a closed connection.
 */
public final class MalformedBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedBodyException(String message) {
    super(message);
  }
}
