package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpHandler;

/** One function's part of a container: the state made at its start, and what serves its inputs. */
public interface ServingPart {
  /** Serves one request; runs on a worker thread unless {@link #nonBlocking()}. */
  HttpHandler handler();

  /**
   * True when the handler is called on the I/O thread that read the request, as Undertow calls any
   * handler: it hands the exchange to asynchronous I/O, or dispatches its blocking work itself.
   */
  default boolean nonBlocking() {
    return false;
  }

  /** Runs the shutdown work of what the container started; never throws. */
  void stop();

  /** True once the container can serve no more (its server died); it is then replaced. */
  default boolean failed() {
    return false;
  }
}
