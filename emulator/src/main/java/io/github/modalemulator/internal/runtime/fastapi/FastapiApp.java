package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.HttpException;
import io.github.modalemulator.Response;
import io.github.modalemulator.StreamingResponse;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.internal.definition.EndpointSignature;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.http.PlainText;
import io.github.modalemulator.internal.runtime.FunctionCall;
import io.github.modalemulator.internal.runtime.FunctionLog;
import io.github.modalemulator.internal.runtime.InputState;
import io.github.modalemulator.internal.runtime.UserCode;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The one-route FastAPI app the cloud wraps a {@code @FastapiEndpoint} function in: CORS, the route
 * ({@code /}, one method), parameter binding with 422s, and the result written as FastAPI writes
 * it. Binders and the invoker are made once; a request does no reflection lookups.
 */
public final class FastapiApp implements HttpHandler {
  private static final byte[] NOT_FOUND = bytes("{\"detail\":\"Not Found\"}");
  private static final byte[] METHOD_NOT_ALLOWED = bytes("{\"detail\":\"Method Not Allowed\"}");
  private static final String JSON = "application/json";
  private static final FunctionCall.Reply INTERNAL_ERROR =
      new FunctionCall.Reply(
          500, List.of(), PlainText.CONTENT_TYPE, bytes(PlainText.INTERNAL_SERVER_ERROR));

  private final FunctionDefinition function;
  private final FunctionLog log;
  private final ObjectMapper json;
  private final ObjectMapper results;
  private final FastapiStack stack;
  private final Cors cors;
  private final JsonFactory bodies;
  private final String method;
  private final List<Binder> binders;
  private final MethodHandle invoker;
  private final DocsPages docs; // null unless docs = true
  private final int[] order;
  private final boolean readsBody;
  private final boolean readsForm;

  /**
   * What 422 bodies are written with: FastAPI's shape, Jackson's plain settings whatever the user's
   * mapper does. Never written with itself: each app copies it, with caches of its own ({@link
   * #errors()}), as an error's input may be a container's record.
   */
  private static final ObjectMapper ERRORS = new ObjectMapper();

  private volatile ObjectMapper errors; // made on the first 422; a race makes two equal ones

  /** The endpoint around {@code function}, called on {@code instance} (null: a static method). */
  public FastapiApp(
      FunctionDefinition function, Object instance, FastapiOptions options, FunctionLog log) {
    this.function = function;
    this.json = options.json();
    this.results = options.results();
    this.stack = options.stack();
    this.cors = new Cors(stack);
    this.bodies = options.bodies();
    this.log = log;
    this.method = function.web().method().toUpperCase(Locale.ROOT);
    this.docs = function.web().docs() ? new DocsPages(function, json, stack) : null;
    var signature = function.endpoint();
    this.binders =
        new Binders(
                new BodyReader(json),
                options.constraintsOf(function.method().getDeclaringClass().getClassLoader()),
                signature.bodyEmbedded())
            .of(signature.parameters());
    this.order = Binders.resolutionOrder(signature.parameters());
    this.readsBody = readsBody(signature.parameters());
    this.readsForm = readsForm(signature.parameters());
    try {
      int arity = function.method().getParameterCount();
      MethodHandle target = MethodHandles.lookup().unreflect(function.method());
      if (instance != null) {
        target = target.bindTo(instance);
      }
      this.invoker =
          target.asType(MethodType.genericMethodType(arity)).asSpreader(Object[].class, arity);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(function.where() + " is not accessible", e);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (Cors.isPreflight(exchange, origin)) {
      if (InputState.claim(exchange) == InputState.Claim.ANSWER) {
        cors.answerPreflight(exchange, origin);
      }
      return;
    }
    Cors.OnCommit onCommit = cors.onCommit(exchange, origin);
    RequestScope scope = new RequestScope(exchange, json, bodies, stack == FastapiStack.CURRENT);
    String path = scope.path();
    // Starlette matches methods as sent: "get" is not GET
    String requestMethod = exchange.getRequestMethod().toString();
    if (!path.equals("/")) {
      if (docs != null && DocsPages.serves(path)) {
        if (InputState.claim(exchange) != InputState.Claim.ANSWER) {
          return;
        }
        if (!docs.answer(exchange, path, requestMethod)) {
          exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
          send(exchange, 405, JSON, METHOD_NOT_ALLOWED);
        }
        return;
      }
      String other = path.endsWith("/") ? path.replaceAll("/+$", "") : path + "/";
      if (docs != null && DocsPages.serves(other)) {
        redirect(exchange, other);
        return;
      }
      send(exchange, 404, JSON, NOT_FOUND);
      return;
    }
    if (!requestMethod.equals(method)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, method);
      send(exchange, 405, JSON, METHOD_NOT_ALLOWED);
      return;
    }
    boolean answered = false;
    try {
      answered = answer(exchange, scope);
    } finally {
      if (!answered && onCommit != null) {
        // Starlette's ServerErrorMiddleware sits outside CORS: its 500 carries no CORS headers.
        onCommit.cancel();
      }
    }
  }

  /**
   * Starlette's slash redirect: a path that misses every route but would match one with its
   * trailing slash added or removed gets a 307 to that path, query string kept.
   */
  private static void redirect(HttpServerExchange exchange, String path) {
    if (InputState.claim(exchange) != InputState.Claim.ANSWER) {
      return;
    }
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    String query = exchange.getQueryString();
    exchange.setStatusCode(307);
    exchange
        .getResponseHeaders()
        .put(
            Headers.LOCATION,
            exchange.getRequestScheme()
                + "://"
                + (host == null ? exchange.getHostAndPort() : host)
                + path
                + (query.isEmpty() ? "" : "?" + query));
    exchange.endExchange();
  }

  private ObjectMapper errors() {
    ObjectMapper made = errors;
    if (made == null) {
      made = PythonJson.writer(FastapiOptions.ownCopy(ERRORS));
      errors = made;
    }
    return made;
  }

  /** Binds, calls and writes the result; true when a response was sent. */
  private boolean answer(HttpServerExchange exchange, RequestScope scope) throws Exception {
    try {
      // FastAPI reads the body before anything else: invalid JSON is the only error then.
      if (readsBody && scope.bodyNode() == null && !scope.errors.isEmpty()) {
        send(exchange, 422, JSON, errors().writeValueAsBytes(Map.of("detail", scope.errors)));
        return true;
      }
      if (readsForm) {
        scope.form(); // a multipart body Starlette refuses is a 400 before any binding
      }
      Object[] arguments = bind(exchange, scope);
      if (!scope.errors.isEmpty()) {
        send(exchange, 422, JSON, errors().writeValueAsBytes(Map.of("detail", scope.errors)));
        return true;
      }
      Object result;
      try {
        InputState.invoking(exchange);
        result = await(invoker.invokeExact(arguments));
      } catch (RequestScope.UnparseableBody e) {
        throw e;
      } catch (Throwable outcome) {
        if (!mayAnswer(exchange, outcome)) {
          return true;
        }
        throw outcome;
      }
      if (mayAnswer(exchange, result)) {
        writeResult(exchange, result);
      }
      return true;
    } catch (RequestScope.UnparseableBody e) {
      send(exchange, 400, JSON, bytes("{\"detail\":\"There was an error parsing the body\"}"));
      return true;
    } catch (HttpException e) {
      if (InputState.claim(exchange) == InputState.Claim.ANSWER) {
        reply(e).sendTo(exchange);
      }
      return true;
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable other) {
      throw new IllegalStateException(other);
    }
  }

  /**
   * Whether the function's outcome (a result, an {@link HttpException}, a failure) goes to the
   * client. Not when the input timed out (the emulator answered; the outcome is dropped) or when
   * the client was sent a 303: the outcome is then kept as the call's result.
   */
  private boolean mayAnswer(HttpServerExchange exchange, Object outcome) {
    switch (InputState.claim(exchange)) {
      case ANSWER -> {
        return true;
      }
      case DIVERT -> {
        FunctionCall call = InputState.divertedCall(exchange);
        try {
          call.complete(reply(outcome));
        } catch (Exception | Error e) {
          log.error("request to " + function.name() + " failed (its client had a 303)", e);
          call.complete(INTERNAL_ERROR);
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /** The whole response an outcome makes, kept for a result URL. */
  private FunctionCall.Reply reply(Object outcome) throws Exception {
    if (outcome instanceof HttpException e) {
      boolean bodyless = e.status() == 204 || e.status() == 304 || e.status() < 200;
      return new FunctionCall.Reply(
          e.status(),
          List.copyOf(e.headers().entrySet()),
          bodyless ? null : JSON,
          bodyless
              ? new byte[0]
              : results.writeValueAsBytes(Collections.singletonMap("detail", detail(e))));
    }
    if (outcome instanceof Throwable failure) {
      log.error("request to " + function.name() + " failed (its client had a 303)", failure);
      return INTERNAL_ERROR;
    }
    if (outcome instanceof Response response
        && response.content() instanceof Response.FileContent file) {
      FileFacts facts = FileFacts.of(file.path());
      List<Map.Entry<String, String>> headers = new java.util.ArrayList<>(response.headers());
      headers.addAll(facts.headers(response.headers()));
      return new FunctionCall.Reply(
          response.status(),
          headers,
          withCharset(response.mediaType()),
          java.nio.file.Files.readAllBytes(file.path()));
    }
    if (outcome instanceof Response response) {
      Object content = response.content();
      return new FunctionCall.Reply(
          response.status(),
          response.headers(),
          withCharset(response.mediaType()),
          content instanceof Response.JsonContent value
              ? results.writeValueAsBytes(value.value())
              : (byte[]) content);
    }
    if (outcome instanceof StreamingResponse streaming) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        for (Iterator<?> chunks = streaming.chunks(); chunks.hasNext(); ) {
          all.write(bytesOf(chunks.next()));
        }
      } finally {
        if (streaming.onClose() != null) {
          streaming.onClose().close();
        }
      }
      return new FunctionCall.Reply(
          streaming.status(), List.of(), withCharset(streaming.mediaType()), all.toByteArray());
    }
    return new FunctionCall.Reply(200, List.of(), JSON, results.writeValueAsBytes(outcome));
  }

  /** The arguments; dependencies that need closing are closed once the response is sent. */
  private Object[] bind(HttpServerExchange exchange, RequestScope scope) throws Throwable {
    try {
      return Binders.bindAll(binders, order, scope);
    } finally {
      if (!scope.closeables.isEmpty()) {
        ClassLoader appLoader = function.method().getDeclaringClass().getClassLoader();
        exchange.addExchangeCompleteListener(
            (done, next) -> {
              // Off the I/O thread: a dependency's close may block (a pool, a database).
              done.getConnection()
                  .getWorker()
                  .execute(
                      () -> {
                        ClassLoader previous = UserCode.enter(appLoader);
                        try {
                          closeAll(scope.closeables);
                        } finally {
                          UserCode.leave(previous);
                        }
                      });
              next.proceed();
            });
      }
    }
  }

  private static Object await(Object result) throws Throwable {
    if (result instanceof CompletionStage<?> stage) {
      try {
        return stage.toCompletableFuture().get();
      } catch (ExecutionException e) {
        throw e.getCause();
      }
    }
    return result;
  }

  private void writeResult(HttpServerExchange exchange, Object result) throws Exception {
    if (result instanceof Response response
        && response.content() instanceof Response.FileContent file) {
      sendFile(exchange, response, file.path());
    } else if (result instanceof Response) {
      reply(result).sendTo(exchange);
    } else if (result instanceof StreamingResponse streaming) {
      stream(exchange, streaming);
    } else {
      send(exchange, 200, JSON, results.writeValueAsBytes(result));
    }
  }

  /** Starlette's HTTPException: no detail means the status's phrase. */
  private static Object detail(HttpException e) {
    return e.detail() != null ? e.detail() : StatusPhrases.of(e.status());
  }

  private static boolean readsBody(List<EndpointSignature.Param> params) {
    for (EndpointSignature.Param param : params) {
      if (param instanceof EndpointSignature.BodyParam
          || (param instanceof EndpointSignature.DependsParam d && readsBody(d.parameters()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean readsForm(List<EndpointSignature.Param> params) {
    for (EndpointSignature.Param param : params) {
      if (param instanceof EndpointSignature.FormParam
          || param instanceof EndpointSignature.FileParam
          || (param instanceof EndpointSignature.DependsParam d && readsForm(d.parameters()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@code FileResponse}: Starlette's headers from the file's size and time, then the file,
   * copied from disk in chunks as the client takes them, never whole in memory.
   */
  private static void sendFile(HttpServerExchange exchange, Response response, Path path)
      throws Exception {
    FileFacts facts = FileFacts.of(path);
    List<Map.Entry<String, String>> headers = new java.util.ArrayList<>(response.headers());
    headers.addAll(facts.headers(response.headers()));
    String contentType = withCharset(response.mediaType());
    List<FileRanges.Range> ranges = List.of();
    String range = exchange.getRequestHeaders().getFirst(Headers.RANGE);
    String ifRange = exchange.getRequestHeaders().getFirst(Headers.IF_RANGE);
    if (response.status() == 200
        && range != null
        && (ifRange == null
            || ifRange.equals(header(headers, "last-modified"))
            || ifRange.equals(header(headers, "etag")))) {
      try {
        ranges = FileRanges.parse(range, facts.size());
      } catch (FileRanges.Malformed e) {
        send(exchange, 400, PlainText.CONTENT_TYPE, bytes(e.getMessage()));
        return;
      } catch (FileRanges.NotSatisfiable e) {
        exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes */" + facts.size());
        send(exchange, 416, PlainText.CONTENT_TYPE, new byte[0]);
        return;
      }
    }
    io.undertow.util.HeaderMap out = exchange.getResponseHeaders();
    headers.forEach(
        h -> out.add(io.undertow.util.HttpString.tryFromString(h.getKey()), h.getValue()));
    if (ranges.size() > 1) {
      sendRanges(exchange, path, facts.size(), contentType, ranges);
      return;
    }
    if (contentType != null && !out.contains(Headers.CONTENT_TYPE)) {
      out.put(Headers.CONTENT_TYPE, contentType);
    }
    long start = 0;
    long length = facts.size();
    if (ranges.size() == 1) {
      start = ranges.get(0).start();
      length = ranges.get(0).end() - start;
      exchange.setStatusCode(206);
      out.put(
          Headers.CONTENT_RANGE,
          "bytes " + start + "-" + (ranges.get(0).end() - 1) + "/" + facts.size());
    } else {
      exchange.setStatusCode(response.status());
    }
    exchange.setResponseContentLength(length);
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    try (OutputStream body = exchange.getOutputStream()) {
      copy(path, start, length, body);
    }
  }

  /**
   * Several ranges as Starlette sends them: {@code multipart/byteranges}, each part with the file's
   * content type and its {@code Content-Range}, under a random boundary of 26 hex digits.
   */
  private static void sendRanges(
      HttpServerExchange exchange,
      Path path,
      long size,
      String contentType,
      List<FileRanges.Range> ranges)
      throws Exception {
    byte[] random = new byte[13];
    new java.security.SecureRandom().nextBytes(random);
    String boundary = java.util.HexFormat.of().formatHex(random);
    List<byte[]> heads = new java.util.ArrayList<>();
    long length = 0;
    for (FileRanges.Range range : ranges) {
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Type: "
                  + contentType
                  + "\r\nContent-Range: bytes "
                  + range.start()
                  + "-"
                  + (range.end() - 1)
                  + "/"
                  + size
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
      heads.add(head);
      length += head.length + (range.end() - range.start()) + 2;
    }
    byte[] tail = ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1);
    length += tail.length;
    exchange.setStatusCode(206);
    exchange
        .getResponseHeaders()
        .put(Headers.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
    exchange.setResponseContentLength(length);
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    try (OutputStream body = exchange.getOutputStream()) {
      for (int i = 0; i < ranges.size(); i++) {
        body.write(heads.get(i));
        copy(path, ranges.get(i).start(), ranges.get(i).end() - ranges.get(i).start(), body);
        body.write(new byte[] {'\r', '\n'});
      }
      body.write(tail);
    }
  }

  /** Copies {@code length} bytes of the file from {@code start}, a buffer at a time. */
  private static void copy(Path path, long start, long length, OutputStream out)
      throws java.io.IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path)) {
      java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel.position(start));
      byte[] buffer = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          break; // the file shrank since its size was read: send what there is
        }
        out.write(buffer, 0, read);
        left -= read;
      }
    }
  }

  private static String header(List<Map.Entry<String, String>> headers, String name) {
    return headers.stream()
        .filter(h -> h.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** What Starlette's {@code FileResponse} says of a file: its size and time. */
  record FileFacts(long size, long seconds, int nanos) {
    private static final java.time.format.DateTimeFormatter HTTP_DATE =
        java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(java.time.ZoneOffset.UTC);

    static FileFacts of(Path path) throws java.io.IOException {
      java.nio.file.attribute.BasicFileAttributes attributes =
          java.nio.file.Files.readAttributes(
              path, java.nio.file.attribute.BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new IllegalStateException("File at path " + path + " is not a file.");
      }
      java.time.Instant modified = attributes.lastModifiedTime().toInstant();
      return new FileFacts(attributes.size(), modified.getEpochSecond(), modified.getNano());
    }

    /**
     * {@code accept-ranges}, {@code content-length}'s siblings {@code last-modified} and {@code
     * etag} (the MD5 of Python's {@code str(st_mtime)}, a dash and the size), each unless the
     * response already names it.
     */
    List<Map.Entry<String, String>> headers(List<Map.Entry<String, String>> given) {
      List<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
      addUnlessGiven(headers, given, "accept-ranges", "bytes");
      addUnlessGiven(
          headers,
          given,
          "last-modified",
          HTTP_DATE.format(java.time.Instant.ofEpochSecond(seconds)));
      addUnlessGiven(headers, given, "etag", "\"" + etag() + "\"");
      return headers;
    }

    private String etag() {
      // Python's st_mtime: the seconds and nanoseconds summed as a double, printed by repr()
      String text = pythonRepr(seconds + nanos * 1e-9);
      try {
        byte[] digest =
            java.security.MessageDigest.getInstance("MD5")
                .digest((text + "-" + size).getBytes(StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(digest);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is part of every Java platform", e);
      }
    }

    /**
     * Python's {@code repr} of a time in seconds: the fewest significant digits that read back as
     * the same double, written without an exponent, with at least one decimal ({@code
     * 1700000000.0}). Worked out here rather than by {@code Double.toString}, which before Java 19
     * sometimes gave a digit more than the shortest.
     */
    static String pythonRepr(double value) {
      java.math.BigDecimal exact = new java.math.BigDecimal(value);
      java.math.BigDecimal shortest = exact;
      for (int digits = 1; digits <= 17; digits++) {
        java.math.BigDecimal rounded =
            exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
        if (rounded.doubleValue() == value) {
          shortest = rounded;
          break;
        }
      }
      String text = shortest.stripTrailingZeros().toPlainString();
      return text.contains(".") ? text : text + ".0";
    }

    private static void addUnlessGiven(
        List<Map.Entry<String, String>> headers,
        List<Map.Entry<String, String>> given,
        String name,
        String value) {
      if (given.stream().noneMatch(h -> h.getKey().equalsIgnoreCase(name))) {
        headers.add(Map.entry(name, value));
      }
    }
  }

  /** Starlette adds a charset to text types that have none. */
  private static String withCharset(String mediaType) {
    if (mediaType != null && mediaType.startsWith("text/") && !mediaType.contains("charset")) {
      return mediaType + "; charset=utf-8";
    }
    return mediaType;
  }

  private static void stream(HttpServerExchange exchange, StreamingResponse streaming)
      throws Exception {
    exchange.setStatusCode(streaming.status());
    if (streaming.mediaType() != null) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, withCharset(streaming.mediaType()));
    }
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    OutputStream out = exchange.getOutputStream();
    try {
      for (Iterator<?> chunks = streaming.chunks(); chunks.hasNext(); ) {
        out.write(bytesOf(chunks.next()));
        out.flush();
      }
      out.close(); // the last chunk: only a stream that ran to its end is complete
    } finally {
      if (streaming.onClose() != null) {
        streaming.onClose().close();
      }
    }
  }

  private static void send(HttpServerExchange exchange, int status, String mediaType, byte[] body) {
    if (InputState.claim(exchange) != InputState.Claim.ANSWER) {
      return; // the timeout or a 303 answered the client
    }
    exchange.setStatusCode(status);
    if (mediaType != null && !exchange.getResponseHeaders().contains(Headers.CONTENT_TYPE)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, mediaType);
    }
    if (exchange.isInIoThread() || exchange.isBlocking()) {
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
      return;
    }
    // The answer is whole and the function has returned: the connection's I/O thread writes it
    // and ends the exchange, as it would for a handler of its own. Written from the worker, the
    // exchange's end handed the connection back to the I/O thread from there, waking it for that
    // alone, and on one core a next request that came in meanwhile met Undertow's read listener
    // spinning until the worker ran again; the first 5 s of load at 1 and 50 connections served
    // about a third and a sixth more this way (README, "Cold, warm-up and steady state").
    InputState input = InputState.answerHandedOver(exchange);
    exchange.dispatch(
        exchange.getIoThread(),
        () -> {
          Connectors.executeRootHandler(
              writing -> writing.getResponseSender().send(ByteBuffer.wrap(body)), exchange);
          if (input != null) {
            input.answerUnderway(); // a client slow to read holds no slot
          }
        });
  }

  private void closeAll(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.error("closing a dependency of " + function.name() + " failed", e);
      }
    }
  }

  /** A streamed chunk as Starlette writes it: bytes as they are, anything else as UTF-8 text. */
  private static byte[] bytesOf(Object chunk) {
    return chunk instanceof byte[] raw
        ? raw
        : String.valueOf(chunk).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
