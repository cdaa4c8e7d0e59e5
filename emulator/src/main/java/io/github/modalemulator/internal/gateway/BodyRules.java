package io.github.modalemulator.internal.gateway;

import java.time.Duration;

/**
 * How the edge receives the bodies of the functions that get them whole (the FastAPI kinds).
 *
 * @param limit the largest body such a function is handed, in bytes: a function holds it, or the
 *     values parsed from it, in memory
 * @param memoryThreshold bodies up to this size stay in memory; larger ones go to a temporary file
 * @param minBytesPerSecond the slowest a body may arrive, averaged over each {@code window}; 0: no
 *     minimum
 * @param window how long a body may fall short of the rate before its client gets a 408
 * @param firstBytes how long the first bytes of a body may take before its client gets the cloud's
 *     408 ({@link io.github.modalemulator.internal.http.MissingRequest}); 5 s, as in the cloud
 */
public record BodyRules(
    long limit, int memoryThreshold, long minBytesPerSecond, Duration window, Duration firstBytes) {

  /** The least a body must bring in one window. */
  long minBytesPerWindow() {
    return minBytesPerSecond * window.toMillis() / 1000;
  }
}
