package io.github.modalemulator.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A request body the edge received whole before the function ran: in memory up to a threshold, then
 * in a temporary file, so that a body's size costs disk, not heap. Deleted when the exchange ends.
 */
public final class ReceivedBody implements AutoCloseable {
  /** Set on an exchange whose body was received before its function was called. */
  public static final AttachmentKey<ReceivedBody> KEY = AttachmentKey.create(ReceivedBody.class);

  private final int memoryThreshold;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream();
  private Path file;
  private FileChannel channel;
  private long size;

  public ReceivedBody(int memoryThreshold) {
    this.memoryThreshold = memoryThreshold;
  }

  /** The body received by the edge, or null when the edge did not receive it. */
  public static ReceivedBody of(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY);
  }

  /** Appends bytes; past the threshold they go to a temporary file. */
  public void append(byte[] bytes) throws IOException {
    size += bytes.length;
    if (channel == null && memory.size() + bytes.length <= memoryThreshold) {
      memory.write(bytes, 0, bytes.length);
      return;
    }
    if (channel == null) {
      file = Files.createTempFile("modal-emulator-body-", ".bin");
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
      write(ByteBuffer.wrap(memory.toByteArray()));
      memory = null;
    }
    write(ByteBuffer.wrap(bytes));
  }

  private void write(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** The body's length in bytes. */
  public long size() {
    return size;
  }

  /** Whether the body went to a file (it is then read as a stream, never whole). */
  public boolean spilled() {
    return file != null;
  }

  /** A stream of the body, from its start; each call opens a new one. */
  public InputStream open() {
    if (file == null) {
      return new ByteArrayInputStream(memory.toByteArray());
    }
    try {
      channel.force(false);
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("the received body in " + file + " can't be read", e);
    }
  }

  /** The whole body in memory; only for bodies the limit lets a function hold. */
  public byte[] bytes() {
    if (file == null) {
      return memory.toByteArray();
    }
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the received body in " + file + " can't be read", e);
    }
  }

  /** Frees the memory and deletes the file; a body is closed once its exchange has ended. */
  @Override
  public void close() {
    memory = null;
    if (channel != null) {
      try {
        channel.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // The file is in the temporary folder, which the system cleans; nothing else to do.
      }
    }
  }
}
