package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.HttpException;
import io.github.modalemulator.UploadFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A form body as Starlette reads it for FastAPI's {@code Form()} and {@code File()}: url-encoded
 * fields, or multipart parts streamed from the received body, fields into memory (at most 1 MiB
 * each, Starlette's limit) and files into temporary files, never the body whole. Any other content
 * type is an empty form. Values are a {@code String} or an {@link UploadFile}, by name, in order.
 */
final class FormBody {
  /** Starlette's limits on one multipart body. */
  static final int MAX_PART_SIZE = 1024 * 1024;

  static final int MAX_FILES = 1000;
  static final int MAX_FIELDS = 1000;
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private FormBody() {}

  /**
   * The form in {@code body}, read as {@code contentType} says.
   *
   * @param files every temporary file made is added here, for the caller to delete
   * @param partHeaders each upload's part headers (names in lower case) are put here
   * @throws HttpException 400 with python-multipart's message for a multipart body it refuses
   */
  static Map<String, List<Object>> read(
      String contentType,
      InputStream body,
      List<Path> files,
      Map<UploadFile, Map<String, String>> partHeaders)
      throws IOException {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim();
    type = type.toLowerCase(Locale.ROOT);
    if (type.equals("application/x-www-form-urlencoded")) {
      Map<String, List<Object>> form = new LinkedHashMap<>();
      String text = new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
      PythonUrl.parseQuery(text).forEach((name, values) -> form.put(name, new ArrayList<>(values)));
      return form;
    }
    if (type.equals("multipart/form-data")) {
      String boundary = parameter(contentType, "boundary");
      if (boundary == null) {
        throw new HttpException(400, "Missing boundary in multipart.");
      }
      return new Multipart(boundary, body, files, partHeaders).read();
    }
    return new LinkedHashMap<>();
  }

  /** A parameter of a header value ({@code ; name=value} or {@code ; name="value"}), or null. */
  static String parameter(String header, String name) {
    for (String piece : splitParameters(header)) {
      int equals = piece.indexOf('=');
      if (equals > 0 && piece.substring(0, equals).trim().equalsIgnoreCase(name)) {
        return unquote(piece.substring(equals + 1).trim());
      }
    }
    return null;
  }

  /** The pieces of a header value between {@code ;}s outside quotes; the first is the value. */
  private static List<String> splitParameters(String header) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted && c == '\\' && i + 1 < header.length()) {
        piece.append(c).append(header.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        pieces.add(piece.toString());
        piece.setLength(0);
      } else {
        piece.append(c);
      }
    }
    pieces.add(piece.toString());
    return pieces;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).replace("\\\\", "\\").replace("\\\"", "\"");
    }
    return value;
  }

  /** UTF-8, or Latin-1 for bytes that aren't UTF-8, as Starlette decodes fields and names. */
  static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** One multipart body, read once, part by part. */
  private static final class Multipart {
    private final byte[] delimiter;
    private final int[] fallback;
    private final InputStream in;
    private final List<Path> files;
    private final Map<UploadFile, Map<String, String>> partHeaders;
    private final Map<String, List<Object>> form = new LinkedHashMap<>();
    private int fileCount;
    private int fieldCount;

    Multipart(
        String boundary,
        InputStream body,
        List<Path> files,
        Map<UploadFile, Map<String, String>> partHeaders) {
      // The first boundary may start the body: a CRLF before it makes every delimiter alike.
      this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      this.fallback = fallbacks(delimiter);
      this.in =
          new BufferedInputStream(
              new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}), body),
              64 * 1024);
      this.files = files;
      this.partHeaders = partHeaders;
    }

    Map<String, List<Object>> read() throws IOException {
      if (!skipTo(OutputStream.nullOutputStream())) {
        return form; // no part at all
      }
      while (true) {
        int first = in.read();
        int second = in.read();
        if (first == '-' && second == '-') {
          return form; // the closing delimiter
        }
        if (!(first == '\r' && second == '\n') && !skipLine(first, second)) {
          return form;
        }
        Map<String, String> headers = headers();
        if (headers == null) {
          return form;
        }
        if (!part(headers)) {
          return form; // the body ended inside a part: the part is dropped
        }
      }
    }

    /** Rest of a delimiter line (transport padding); false at the end of the body. */
    private boolean skipLine(int first, int second) throws IOException {
      int previous = first;
      int c = second;
      while (c != -1 && !(previous == '\r' && c == '\n')) {
        previous = c;
        c = in.read();
      }
      return c != -1;
    }

    /** A part's headers, names in lower case; null at the end of the body. */
    private Map<String, String> headers() throws IOException {
      Map<String, String> headers = new LinkedHashMap<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int total = 0;
      while (true) {
        int c = in.read();
        if (c == -1) {
          return null;
        }
        if (++total > MAX_HEADER_BYTES) {
          throw new HttpException(400, "There was an error parsing the body");
        }
        if (c == '\n') {
          byte[] bytes = line.toByteArray();
          int length = bytes.length;
          if (length > 0 && bytes[length - 1] == '\r') {
            length--;
          }
          if (length == 0) {
            return headers;
          }
          String text = decode(java.util.Arrays.copyOf(bytes, length));
          int colon = text.indexOf(':');
          if (colon > 0) {
            headers.put(
                text.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                text.substring(colon + 1).trim());
          }
          line.reset();
        } else {
          line.write(c);
        }
      }
    }

    private boolean part(Map<String, String> headers) throws IOException {
      String disposition = headers.getOrDefault("content-disposition", "");
      String name = parameter(disposition, "name");
      if (name == null) {
        throw new HttpException(
            400, "The Content-Disposition header field \"name\" must be provided.");
      }
      String filename = parameter(disposition, "filename");
      if (filename == null) {
        if (++fieldCount > MAX_FIELDS) {
          throw new HttpException(
              400, "Too many fields. Maximum number of fields is " + MAX_FIELDS + ".");
        }
        LimitedBuffer data = new LimitedBuffer();
        if (!skipTo(data)) {
          return false;
        }
        add(name, decode(data.toByteArray()));
        return true;
      }
      if (++fileCount > MAX_FILES) {
        throw new HttpException(
            400, "Too many files. Maximum number of files is " + MAX_FILES + ".");
      }
      Path file = Files.createTempFile("modal-emulator-upload-", ".bin");
      files.add(file);
      boolean complete;
      try (CountingOutputStream out =
          new CountingOutputStream(
              new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024))) {
        complete = skipTo(out);
        if (complete) {
          UploadFile upload =
              new UploadFile(filename, headers.get("content-type"), out.count, file);
          partHeaders.put(upload, headers);
          add(name, upload);
        }
      }
      return complete;
    }

    private void add(String name, Object value) {
      form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    /**
     * Copies the bytes up to the next delimiter to {@code sink} and consumes the delimiter; false
     * when the body ends first. Bytes that began a delimiter and turned out not to be one are
     * written as they go (Knuth-Morris-Pratt), so nothing is held but the delimiter's length.
     */
    private boolean skipTo(OutputStream sink) throws IOException {
      int matched = 0;
      int b;
      while ((b = in.read()) != -1) {
        while (matched > 0 && (delimiter[matched] & 0xFF) != b) {
          int keep = fallback[matched - 1];
          sink.write(delimiter, 0, matched - keep);
          matched = keep;
        }
        if ((delimiter[matched] & 0xFF) == b) {
          if (++matched == delimiter.length) {
            return true;
          }
        } else {
          sink.write(b);
        }
      }
      return false;
    }

    private static int[] fallbacks(byte[] pattern) {
      int[] table = new int[pattern.length];
      int k = 0;
      for (int i = 1; i < pattern.length; i++) {
        while (k > 0 && pattern[i] != pattern[k]) {
          k = table[k - 1];
        }
        if (pattern[i] == pattern[k]) {
          k++;
        }
        table[i] = k;
      }
      return table;
    }
  }

  /** A field's bytes, refused past Starlette's part size. */
  private static final class LimitedBuffer extends ByteArrayOutputStream {
    @Override
    public void write(int b) {
      check(1);
      super.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      check(len);
      super.write(b, off, len);
    }

    private void check(int more) {
      if (count + more > MAX_PART_SIZE) {
        throw new HttpException(
            400, "Part exceeded maximum size of " + MAX_PART_SIZE / 1024 + "KB.");
      }
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
