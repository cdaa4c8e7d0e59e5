package io.github.modalemulator.fastapi.current;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exchanges captured from current FastAPI ({@code fastapi-current/fastapi-current-captures.md}
 * among the test resources, a copy of the project's reference captures), read as the file writes
 * them: one {@code ## id} heading and one fenced block per exchange, request lines starting with
 * {@code >}, response lines with {@code <}, and a response body that runs to the end of the block.
 */
record CapturedExchanges(List<Exchange> all) {
  /** Where the captures sit on the test class path: inside this repository, so a clone has them. */
  static final String RESOURCE = "/fastapi-current/fastapi-current-captures.md";

  private static final Pattern REQUEST_LINE =
      Pattern.compile("> label ([a-z0-9-]+): (\\S+) (\\S+)");
  private static final Pattern TRUNCATED = Pattern.compile("\\.\\.\\. \\((\\d+) bytes\\)$");

  /** One request and the answer the reference stack gave it. */
  record Exchange(
      String id,
      String label,
      String method,
      String target,
      List<String> requestHeaders,
      byte[] requestBody,
      int status,
      List<String> responseHeaders,
      String responseBody,
      int truncatedAt,
      long bodyBytes) {

    /**
     * The request line and headers as captured, sent to the emulator on {@code port} by the
     * function's label host; the blank line is the caller's.
     */
    StringBuilder requestHead(int port) {
      StringBuilder head =
          new StringBuilder()
              .append(method)
              .append(' ')
              .append(target)
              .append(" HTTP/1.1\r\nHost: local--")
              .append(label)
              .append(".localhost:")
              .append(port)
              .append("\r\n");
      for (String header : requestHeaders) {
        head.append(header).append("\r\n");
      }
      return head;
    }

    /** Whether the capture kept only the start of the body (then {@code bodyBytes} is its size). */
    boolean truncated() {
      return truncatedAt >= 0;
    }

    @Override
    public String toString() {
      return id;
    }
  }

  static CapturedExchanges read() throws IOException {
    return read(RESOURCE);
  }

  /** The captures in another test resource written in the same notation. */
  static CapturedExchanges read(String resource) throws IOException {
    try (InputStream in = CapturedExchanges.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the captured exchanges are missing: expected the test resource "
                + resource
                + "; the replay test can't run without them");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static CapturedExchanges parse(String markdown) {
    List<Exchange> exchanges = new ArrayList<>();
    String[] sections = markdown.split("\n## ");
    for (int s = 1; s < sections.length; s++) {
      exchanges.add(exchange(sections[s]));
    }
    return new CapturedExchanges(List.copyOf(exchanges));
  }

  private static Exchange exchange(String section) {
    String id = section.substring(0, section.indexOf('\n')).trim();
    int open = section.indexOf("\n```\n");
    int close = section.lastIndexOf("\n```");
    if (open < 0 || close <= open) {
      throw new IllegalArgumentException("capture [" + id + "] has no fenced block");
    }
    String block = section.substring(open + 5, close);
    int bodyAt = block.indexOf("\n< body: ");
    if (bodyAt < 0) {
      throw new IllegalArgumentException("capture [" + id + "] has no response body line");
    }
    String body = block.substring(bodyAt + "\n< body: ".length());
    String[] lines = block.substring(0, bodyAt).split("\n");

    Matcher requestLine = REQUEST_LINE.matcher(lines[0]);
    if (!requestLine.matches()) {
      throw new IllegalArgumentException("capture [" + id + "] starts with " + lines[0]);
    }
    List<String> requestHeaders = new ArrayList<>();
    byte[] requestBody = new byte[0];
    Integer status = null;
    List<String> responseHeaders = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("> body: ")) {
        requestBody = bodyBytes(line.substring("> body: ".length()));
      } else if (line.startsWith("> ")) {
        requestHeaders.add(line.substring(2));
      } else if (line.startsWith("< ") && status == null) {
        status = Integer.parseInt(line.substring(2).trim());
      } else if (line.startsWith("< ")) {
        responseHeaders.add(line.substring(2));
      } else {
        throw new IllegalArgumentException("capture [" + id + "] has a line I can't read: " + line);
      }
    }
    if (status == null) {
      throw new IllegalArgumentException("capture [" + id + "] has no status");
    }
    if (body.startsWith("(base64) ")) {
      throw new IllegalArgumentException(
          "capture [" + id + "] has a binary response body; the replay compares text only");
    }
    int truncatedAt = -1;
    long bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
    Matcher truncated = TRUNCATED.matcher(body);
    if (truncated.find()) {
      truncatedAt = truncated.start();
      bodyBytes = Long.parseLong(truncated.group(1));
      body = body.substring(0, truncatedAt);
    }
    return new Exchange(
        id,
        requestLine.group(1),
        requestLine.group(2),
        requestLine.group(3),
        List.copyOf(requestHeaders),
        requestBody,
        status,
        List.copyOf(responseHeaders),
        body,
        truncatedAt,
        bodyBytes);
  }

  private static byte[] bodyBytes(String text) {
    return text.startsWith("(base64) ")
        ? Base64.getDecoder().decode(text.substring("(base64) ".length()).trim())
        : text.getBytes(StandardCharsets.UTF_8);
  }
}
