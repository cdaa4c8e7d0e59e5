package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpHandler;

/** One container of a function: the state made at its start, and what serves its inputs. */
interface Container {
  /** Serves one request; runs on a worker thread. */
  HttpHandler handler();

  /** Runs the shutdown work of what the container started; never throws. */
  void stop();

  /** True once the container can serve no more (its server died); it is then replaced. */
  default boolean failed() {
    return false;
  }
}
