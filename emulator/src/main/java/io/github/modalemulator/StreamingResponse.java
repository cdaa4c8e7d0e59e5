package io.github.modalemulator;

import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A response whose body is sent chunk by chunk as it is produced, the Java face of FastAPI's {@code
 * StreamingResponse}. Web endpoints can't be generators; return one of these instead.
 *
 * <pre>{@code
 * return new StreamingResponse(Stream.of("one\n", "two\n").peek(x -> sleep()), "text/plain");
 * }</pre>
 *
 * <p>Chunks are {@code String}s (sent as UTF-8) or {@code byte[]}s; each is flushed to the client
 * before the next is asked for. A stream is closed once sent.
 */
public final class StreamingResponse {
  private final Iterator<?> chunks;
  private final AutoCloseable onClose;
  private final String mediaType;
  private final int status;

  public StreamingResponse(Stream<?> chunks, String mediaType) {
    this(chunks.iterator(), chunks, mediaType, 200);
  }

  public StreamingResponse(Iterator<?> chunks, String mediaType) {
    this(chunks, null, mediaType, 200);
  }

  private StreamingResponse(
      Iterator<?> chunks, AutoCloseable onClose, String mediaType, int status) {
    this.chunks = Objects.requireNonNull(chunks, "chunks");
    this.onClose = onClose;
    this.mediaType = mediaType;
    this.status = status;
  }

  public StreamingResponse withStatus(int status) {
    return new StreamingResponse(chunks, onClose, mediaType, status);
  }

  public Iterator<?> chunks() {
    return chunks;
  }

  /** What to close after the last chunk, or null. */
  public AutoCloseable onClose() {
    return onClose;
  }

  public String mediaType() {
    return mediaType;
  }

  public int status() {
    return status;
  }
}
