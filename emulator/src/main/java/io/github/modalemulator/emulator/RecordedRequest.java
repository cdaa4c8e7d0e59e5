package io.github.modalemulator.emulator;

import java.time.Duration;
import java.time.Instant;

/**
 * One request the emulator answered, as {@link Emulator#requests()} lists them.
 *
 * <p>The journal keeps at most 8 KiB (8,192 characters) of each text (host, path, query, a header's
 * name or value) and 64 KiB of one request's texts together; a text cut short keeps its start and
 * ends with {@code ...[truncated from N chars]}, N its whole length, so a test can tell.
 *
 * @param app the function's app, or null when the request reached no function
 * @param function the function's name ({@code createApp}), or null when it reached none (an unknown
 *     host, the emulator's own pages)
 * @param host the request's host, without port
 * @param method the HTTP method
 * @param path the path, without query string
 * @param query the query string, empty when there was none
 * @param status the response status
 * @param startedAt when the request arrived
 * @param duration from arrival until the response headers were sent (the end of the exchange when
 *     it had no response)
 * @param containerId the container that served it ({@code ct-1}, ...), or null when none did (a
 *     refusal, an unknown host, a failed start)
 * @param coldStart whether it waited for its container to start
 * @param headers the request's headers as the function received them (no proxy auth credentials)
 */
public record RecordedRequest(
    String app,
    String function,
    String host,
    String method,
    String path,
    String query,
    int status,
    Instant startedAt,
    Duration duration,
    String containerId,
    boolean coldStart,
    RecordedHeaders headers) {}
