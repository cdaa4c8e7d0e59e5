package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpHandler;

/** One container of a function: the state made at its start, and what serves its inputs. */
interface Container {
  /** Serves one request; runs on a worker thread unless {@link #nonBlocking()}. */
  HttpHandler handler();

  /**
   * True when the handler never blocks (it only hands the exchange to asynchronous I/O), so a ready
   * container may serve on the I/O thread that read the request, without a hop to a worker.
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
