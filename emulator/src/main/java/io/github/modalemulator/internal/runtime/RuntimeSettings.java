package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.emulator.Isolation;
import java.time.Duration;

/**
 * What the runtime takes from the emulator's settings.
 *
 * @param scaledownWindow replaces every function's scaledown window when not null (tests)
 * @param pendingInputLimit inputs that may wait for a container before the next gets a 429
 * @param gatewayTimeout how long a request may go without response headers before its client gets a
 *     303 to its result URL (150 s in the cloud)
 * @param ticker the clock of deadlines, idle times and backoffs
 * @param isolation whether each container loads the app's classes anew, or is a process
 * @param local where secrets and volumes come from on this machine
 * @param firstMessage how long a request's body may take to start once its input runs, before its
 *     client gets the cloud's 408 (5 s)
 */
public record RuntimeSettings(
    Duration scaledownWindow,
    int pendingInputLimit,
    Duration gatewayTimeout,
    Ticker ticker,
    Isolation isolation,
    LocalResources local,
    Duration firstMessage) {
  /** How long "never" is for the gateway's limit: ten years. */
  private static final Duration NEVER = Duration.ofDays(3650);

  /** Whether an edge sends 303s: false {@link #withoutGateway()}. */
  public boolean hasGateway() {
    return gatewayTimeout.compareTo(NEVER) < 0;
  }

  /** The same, with no edge in front: no request is ever diverted to a 303. */
  public RuntimeSettings withoutGateway() {
    return new RuntimeSettings(
        scaledownWindow, pendingInputLimit, NEVER, ticker, isolation, local, firstMessage);
  }
}
