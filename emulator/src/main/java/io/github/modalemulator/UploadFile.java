package io.github.modalemulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file uploaded in a multipart form, the Java face of FastAPI's {@code UploadFile}: its name and
 * content type as the client sent them, its size, and its content, which the emulator streamed to a
 * temporary file as the body arrived (never whole into memory). The file is deleted when the
 * request ends: read it, or copy it elsewhere, during the call.
 *
 * <pre>{@code
 * // Python: def count_faces(file: UploadFile): data = await file.read()
 * public static Map<String, Object> countFaces(UploadFile file) {
 *   byte[] data = file.readAllBytes();
 *   ...
 * }
 * }</pre>
 */
public final class UploadFile {
  private final String filename;
  private final String contentType;
  private final long size;
  private final Path path;

  /**
   * An uploaded file whose content is in {@code path}.
   *
   * @param filename the name the client gave (empty when it gave an empty one)
   * @param contentType the part's content type, or null when it had none
   */
  public UploadFile(String filename, String contentType, long size, Path path) {
    this.filename = Objects.requireNonNull(filename, "filename");
    this.contentType = contentType;
    this.size = size;
    this.path = Objects.requireNonNull(path, "path");
  }

  /** The file's name as the client sent it ({@code UploadFile.filename}). */
  public String filename() {
    return filename;
  }

  /** The part's content type, or null when the client sent none ({@code content_type}). */
  public String contentType() {
    return contentType;
  }

  /** The content's length in bytes ({@code UploadFile.size}). */
  public long size() {
    return size;
  }

  /** The temporary file holding the content; it is deleted when the request ends. */
  public Path path() {
    return path;
  }

  /** A new stream of the content, from its start; close it when done. */
  public InputStream open() {
    try {
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw new UncheckedIOException("the upload " + filename + " can't be read", e);
    }
  }

  /** The whole content in memory ({@code await file.read()}); for files the heap can hold. */
  public byte[] readAllBytes() {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("the upload " + filename + " can't be read", e);
    }
  }

  @Override
  public String toString() {
    return "UploadFile[" + filename + ", " + contentType + ", " + size + " bytes]";
  }
}
