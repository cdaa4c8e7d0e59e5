package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.modalemulator.Request;
import io.github.modalemulator.UploadFile;
import io.github.modalemulator.internal.http.ReceivedBody;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Executable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request's binding state: its body (read once), dependency results, errors, closeables. */
final class RequestScope {
  final HttpServerExchange exchange;
  final List<ValidationError> errors = new ArrayList<>();
  final Map<Executable, Object> dependencies = new HashMap<>();
  final List<AutoCloseable> closeables = new ArrayList<>();
  private final ObjectMapper json;
  private final JsonFactory bodies;
  private final boolean strictContentType;
  private byte[] body;
  private JsonNode bodyNode;
  private boolean bodyParsed;
  private Request request;
  private Map<String, List<String>> query;
  private Map<String, List<Object>> form;

  // Each upload's part headers, which FastAPI echoes when a file stands where a field belongs;
  // made with the form, so a request without one pays nothing for it.
  private Map<UploadFile, Map<String, String>> partHeaders;

  private Map<String, String> cookies;

  /**
   * @param strictContentType FastAPI 0.132's rule: a body without a {@code Content-Type} is not
   *     JSON
   */
  RequestScope(
      HttpServerExchange exchange,
      ObjectMapper json,
      JsonFactory bodies,
      boolean strictContentType) {
    this.exchange = exchange;
    this.json = json;
    this.bodies = bodies;
    this.strictContentType = strictContentType;
  }

  byte[] body() {
    if (body == null) {
      ReceivedBody received = ReceivedBody.of(exchange);
      if (received != null) {
        body = received.bytes();
        return body;
      }
      if (!exchange.isBlocking()) {
        exchange.startBlocking();
      }
      try {
        body = exchange.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return body;
  }

  /**
   * The body as FastAPI sees it: null when empty, a JSON tree when the content type is JSON (or,
   * before FastAPI 0.132, missing), else the raw text. A body that isn't valid JSON records
   * FastAPI's {@code json_invalid} error once, and reads as null.
   */
  JsonNode bodyNode() {
    if (bodyParsed) {
      return bodyNode;
    }
    bodyParsed = true;
    String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    boolean readAsJson =
        contentType == null || contentType.isEmpty() ? !strictContentType : isJson(contentType);
    ReceivedBody received = ReceivedBody.of(exchange);
    if (readAsJson && received != null && received.spilled()) {
      bodyNode = parseStream(received);
      if (bodyNode != null) {
        return bodyNode;
      }
      // Not JSON to Jackson: read the text whole to find where and why Python refuses it
    }
    byte[] bytes = body();
    if (bytes.length == 0) {
      return null;
    }
    if (!readAsJson) {
      bodyNode = text(bytes);
      return bodyNode;
    }
    bodyNode = JsonDecodeErrors.parse(json, bodies, decode(bytes, jsonCharset(bytes)), errors);
    return bodyNode;
  }

  /**
   * A body too large for memory, parsed by Jackson as it streams from its file; null when Jackson
   * refuses it. Python and Jackson agree on which texts are JSON, so only a refused body is read
   * whole, by the scanner that words the refusal as Python does.
   */
  private JsonNode parseStream(ReceivedBody received) {
    byte[] head = new byte[4];
    int headLength;
    try (InputStream in = received.open()) {
      headLength = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Charset charset = jsonCharset(java.util.Arrays.copyOf(head, headLength));
    try (Reader reader =
            new InputStreamReader(
                received.open(),
                charset
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
        JsonParser parser = bodies.createParser(skipByteOrderMark(reader))) {
      return json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser);
    } catch (CharacterCodingException e) {
      throw new UnparseableBody();
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        throw new UnparseableBody();
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reader skipByteOrderMark(Reader reader) throws IOException {
    PushbackReader pushback = new PushbackReader(new BufferedReader(reader, 64 * 1024), 1);
    int first = pushback.read();
    if (first != -1 && first != '\uFEFF') {
      pushback.unread(first);
    }
    return pushback;
  }

  /**
   * A body that isn't JSON, as FastAPI hands it on: its bytes, which pydantic reads as UTF-8 text
   * (a byte order mark stays a character). Bytes that aren't UTF-8 read as {@link #UNDECODABLE}.
   */
  private static JsonNode text(byte[] bytes) {
    try {
      return TextNode.valueOf(
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return UNDECODABLE;
    }
  }

  /**
   * A text body whose bytes aren't UTF-8. Where FastAPI validates it whole (a {@code dict}, a
   * model, a {@code str} body), pydantic's error or value can't be encoded as text and FastAPI
   * fails with {@code 500}; where it looks for fields in it (embedded bodies) they are missing.
   */
  static final JsonNode UNDECODABLE = new TextNode("");

  private static String decode(byte[] bytes, Charset charset) {
    try {
      String text = charset.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      // Python decodes a leading byte order mark away (utf-8-sig, utf-16, utf-32)
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new UnparseableBody();
    }
  }

  /**
   * The encoding Python's {@code json.loads} guesses for bytes: from a byte order mark, else from
   * where the first bytes are zero (JSON text starts with ASCII), else UTF-8.
   */
  static Charset jsonCharset(byte[] b) {
    if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF) || startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) {
      return Charset.forName("UTF-32");
    }
    if (startsWith(b, 0xFE, 0xFF) || startsWith(b, 0xFF, 0xFE)) {
      return StandardCharsets.UTF_16;
    }
    if (b.length >= 4) {
      if (b[0] == 0) {
        return b[1] != 0 ? StandardCharsets.UTF_16BE : Charset.forName("UTF-32BE");
      }
      if (b[1] == 0) {
        return b[2] != 0 || b[3] != 0 ? StandardCharsets.UTF_16LE : Charset.forName("UTF-32LE");
      }
    } else if (b.length == 2) {
      if (b[0] == 0) {
        return StandardCharsets.UTF_16BE;
      }
      if (b[1] == 0) {
        return StandardCharsets.UTF_16LE;
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A body that is not valid UTF-8: FastAPI answers 400, not 422. */
  static final class UnparseableBody extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnparseableBody() {
      super("There was an error parsing the body", null, false, false);
    }
  }

  /** {@code application/json} and {@code application/*+json}, as FastAPI decides. */
  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"));
  }

  /** The query string as Starlette parses it (not as Undertow would): keys in order. */
  Map<String, List<String>> query() {
    if (query == null) {
      query = PythonUrl.parseQuery(exchange.getQueryString());
    }
    return query;
  }

  private static void deleteAll(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // In the temporary folder, which the system cleans; nothing else to do.
      }
    }
  }

  /**
   * The body as a form ({@link FormBody}), read once; its uploads' temporary files are deleted when
   * the exchange ends.
   */
  Map<String, List<Object>> form() {
    if (form == null) {
      List<Path> files = new ArrayList<>();
      exchange.addExchangeCompleteListener(
          (done, next) -> {
            if (!files.isEmpty()) {
              Runnable delete = () -> deleteAll(files);
              if (done.isInIoThread()) {
                done.getConnection().getWorker().execute(delete); // file system work, off the loop
              } else {
                delete.run();
              }
            }
            next.proceed();
          });
      String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
      ReceivedBody received = ReceivedBody.of(exchange);
      try {
        InputStream in;
        if (received != null) {
          in = received.open();
        } else {
          if (!exchange.isBlocking()) {
            exchange.startBlocking();
          }
          in = exchange.getInputStream();
        }
        try (InputStream body = in) {
          partHeaders = new IdentityHashMap<>();
          form = FormBody.read(contentType, body, files, partHeaders);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return form;
  }

  /** The part headers of an upload of this request's form; none for any other value. */
  Map<String, String> partHeaders(UploadFile upload) {
    return partHeaders == null ? Map.of() : partHeaders.getOrDefault(upload, Map.of());
  }

  /**
   * The request's cookies as Starlette's {@code cookie_parser} reads them: every {@code Cookie}
   * header, pairs split at {@code ;}, name and value trimmed, a quoted value unquoted, the last of
   * a repeated name winning.
   */
  Map<String, String> cookies() {
    if (cookies == null) {
      cookies = new LinkedHashMap<>();
      HeaderValues headers = exchange.getRequestHeaders().get(Headers.COOKIE);
      if (headers != null) {
        for (String chunk : String.join(";", headers).split(";", -1)) {
          int equals = chunk.indexOf('=');
          String name = (equals < 0 ? "" : chunk.substring(0, equals)).strip();
          String value = (equals < 0 ? chunk : chunk.substring(equals + 1)).strip();
          if (!name.isEmpty() || !value.isEmpty()) {
            cookies.put(name, unquoteCookie(value));
          }
        }
      }
    }
    return cookies;
  }

  /** Python's {@code http.cookies._unquote}: a quoted value loses its quotes and escapes. */
  private static String unquoteCookie(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    String inner = value.substring(1, value.length() - 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\\' && isOctal(inner, i + 1)) {
        out.append((char) Integer.parseInt(inner.substring(i + 1, i + 4), 8));
        i += 3;
      } else if (c == '\\' && i + 1 < inner.length()) {
        out.append(inner.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String text, int from) {
    if (from + 3 > text.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '3' + (i > from ? 4 : 0)) {
        return false;
      }
    }
    return true;
  }

  /** The path, percent-decoded (by Undertow's parser, as uvicorn decodes it). */
  String path() {
    return exchange.getRequestPath();
  }

  Request request() {
    if (request == null) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HeaderValues values : exchange.getRequestHeaders()) {
        headers.put(
            values.getHeaderName().toString().toLowerCase(Locale.ROOT), List.copyOf(values));
      }
      Map<String, List<String>> params = new LinkedHashMap<>();
      query().forEach((key, values) -> params.put(key, List.copyOf(values)));
      String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
      String url =
          exchange.getRequestScheme()
              + "://"
              + (host == null ? exchange.getHostAndPort() : host)
              + exchange.getRequestURI()
              + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
      request =
          new Request(
              exchange.getRequestMethod().toString(),
              url,
              path(),
              exchange.getQueryString(),
              headers,
              params,
              body(),
              exchange.getSourceAddress());
    }
    return request;
  }

  /** Python's json module names its errors differently from Jackson; FastAPI echoes Python's. */
  static final class JsonDecodeErrors {
    private JsonDecodeErrors() {}

    /**
     * The JSON value of {@code text}, or null with FastAPI's json_invalid recorded; a text nested
     * deeper than Python decodes is a parse failure ({@link UnparseableBody}).
     */
    static JsonNode parse(
        ObjectMapper json, JsonFactory bodies, String text, List<ValidationError> errors) {
      PythonJsonSyntax.Refusal refusal = PythonJsonSyntax.check(text);
      if (refusal != null) {
        if (refusal.tooDeep()) {
          throw new UnparseableBody();
        }
        errors.add(error(refusal.position(), refusal.message()));
        return null;
      }
      try (JsonParser parser = bodies.createParser(text)) {
        return json.readTree(parser);
      } catch (JsonProcessingException e) {
        // Python read it, so Jackson should have: a limit of Jackson's own
        throw new UnparseableBody();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The parser for bodies Python has read: with {@code json}'s settings, NaN and Infinity, and no
     * limits tighter than Python's.
     */
    static JsonFactory factory(ObjectMapper json) {
      return json.getFactory()
          .rebuild()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(PythonJsonSyntax.MAX_DEPTH + 1)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .build();
    }

    private static ValidationError error(long offset, String python) {
      return new ValidationError(
          "json_invalid",
          List.of("body", offset),
          "JSON decode error",
          Map.of(),
          Map.of("error", python));
    }
  }
}
