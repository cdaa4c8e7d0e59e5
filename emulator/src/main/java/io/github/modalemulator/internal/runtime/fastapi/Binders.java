package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modalemulator.UploadFile;
import io.github.modalemulator.internal.definition.EndpointSignature;
import io.github.modalemulator.internal.definition.EndpointSignature.BodyParam;
import io.github.modalemulator.internal.definition.EndpointSignature.Cardinality;
import io.github.modalemulator.internal.definition.EndpointSignature.CookieParam;
import io.github.modalemulator.internal.definition.EndpointSignature.DependsParam;
import io.github.modalemulator.internal.definition.EndpointSignature.FileParam;
import io.github.modalemulator.internal.definition.EndpointSignature.FormParam;
import io.github.modalemulator.internal.definition.EndpointSignature.HeaderParam;
import io.github.modalemulator.internal.definition.EndpointSignature.Param;
import io.github.modalemulator.internal.definition.EndpointSignature.QueryParam;
import io.github.modalemulator.internal.definition.EndpointSignature.RequestParam;
import io.github.modalemulator.internal.runtime.UserCode;
import io.github.modalemulator.internal.runtime.fastapi.ValidationError.Problem;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Binders for an endpoint's parameters, made from its {@link EndpointSignature}. */
final class Binders {
  private final BodyReader bodies;
  private final BodyConstraints constraints;
  private final boolean bodyEmbedded;

  Binders(BodyReader bodies, BodyConstraints constraints, boolean bodyEmbedded) {
    this.bodies = bodies;
    this.constraints = constraints;
    this.bodyEmbedded = bodyEmbedded;
  }

  /**
   * Binders for parameters, in declaration order. {@link #bindAll} runs them in FastAPI's order, so
   * errors are listed as FastAPI lists them.
   */
  List<Binder> of(List<Param> params) {
    return params.stream().map(this::of).toList();
  }

  /**
   * FastAPI's order of resolution: dependencies, then query, header, cookie and body (or form)
   * values; a request parameter any time. Arguments keep their declaration order.
   */
  static int[] resolutionOrder(List<Param> params) {
    return java.util.stream.IntStream.range(0, params.size())
        .boxed()
        .sorted(java.util.Comparator.comparingInt(i -> phase(params.get(i))))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static int phase(Param param) {
    if (param instanceof DependsParam) {
      return 0;
    }
    if (param instanceof QueryParam) {
      return 1;
    }
    if (param instanceof HeaderParam) {
      return 2;
    }
    if (param instanceof CookieParam) {
      return 3;
    }
    return param instanceof BodyParam || param instanceof FormParam || param instanceof FileParam
        ? 4
        : 5;
  }

  /** Binds every argument in resolution order; see {@link #resolutionOrder}. */
  static Object[] bindAll(List<Binder> binders, int[] order, RequestScope scope) throws Throwable {
    Object[] values = new Object[binders.size()];
    for (int index : order) {
      values[index] = binders.get(index).bind(scope);
    }
    return values;
  }

  /** What a dependency binds to when its own parameters failed: it is never called. */
  static final Object FAILED = new Object();

  private Binder of(Param param) {
    if (param instanceof QueryParam q) {
      return scope ->
          values(
              scope,
              "query",
              q.name(),
              q.scalar(),
              q.cardinality(),
              q.collection(),
              scope.query().get(q.name()),
              true);
    }
    if (param instanceof HeaderParam h) {
      return scope ->
          values(
              scope,
              "header",
              h.name(),
              h.scalar(),
              h.cardinality(),
              h.collection(),
              scope.exchange.getRequestHeaders().get(h.name()),
              false);
    }
    if (param instanceof CookieParam c) {
      return scope -> {
        String value = scope.cookies().get(c.name());
        return values(
            scope,
            "cookie",
            c.name(),
            c.scalar(),
            c.cardinality(),
            null,
            value == null ? null : List.of(value),
            true);
      };
    }
    if (param instanceof FormParam f) {
      return scope -> formField(scope, f);
    }
    if (param instanceof FileParam f) {
      return scope -> file(scope, f);
    }
    if (param instanceof BodyParam b) {
      return scope -> body(scope, b);
    }
    if (param instanceof RequestParam) {
      return RequestScope::request;
    }
    return dependency((DependsParam) param);
  }

  /**
   * @param lastWins for a single value out of several: the query string's last (Starlette's
   *     multi-dict), a header's first
   */
  private static Object values(
      RequestScope scope,
      String source,
      String name,
      Class<?> scalar,
      Cardinality cardinality,
      Class<?> collection,
      Collection<String> raw,
      boolean lastWins) {
    List<Object> loc = List.of(source, name);
    if (cardinality == Cardinality.MANY) {
      Collection<Object> values =
          collection == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
      int index = 0;
      for (String text : raw == null ? List.<String>of() : raw) {
        values.add(parse(scope, text, scalar, ValidationError.loc(loc, index++)));
      }
      return values; // with a failed value (null) in it, the request ends in a 422 anyway
    }
    if (raw == null || raw.isEmpty()) {
      if (cardinality == Cardinality.OPTIONAL) {
        return Optional.empty();
      }
      scope.errors.add(ValidationError.missing(loc, null));
      return null;
    }
    List<String> all = List.copyOf(raw);
    Object value = parse(scope, all.get(lastWins ? all.size() - 1 : 0), scalar, loc);
    return cardinality == Cardinality.OPTIONAL ? Optional.ofNullable(value) : value;
  }

  private static Object parse(RequestScope scope, String text, Class<?> scalar, List<Object> loc) {
    Object value = ScalarParser.parse(text, scalar);
    if (value instanceof Problem problem) {
      scope.errors.add(problem.at(loc, text));
      return null;
    }
    return value;
  }

  /** Python's {@code str} where an {@code UploadFile} belongs: FastAPI's own check refuses it. */
  private static final Problem NOT_AN_UPLOAD =
      new Problem(
          "value_error",
          "Value error, Expected UploadFile, received: <class 'str'>",
          java.util.Map.of("error", java.util.Map.of()));

  /** A form field; as FastAPI reads forms, an empty value is a missing one. */
  private static Object formField(RequestScope scope, FormParam param) {
    List<Object> all = scope.form().getOrDefault(param.name(), List.of());
    List<Object> loc = List.of("body", param.name());
    if (param.cardinality() == Cardinality.MANY) { // none is an empty list, as for a query
      Collection<Object> values =
          param.collection() == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
      int index = 0;
      for (Object value : all) {
        List<Object> at = ValidationError.loc(loc, index++);
        if (value instanceof UploadFile upload) {
          scope.errors.add(
              BodyReader.typeProblem(param.scalar()).at(at, uploadAsPydanticSeesIt(scope, upload)));
          values.add(null);
        } else {
          values.add(parse(scope, (String) value, param.scalar(), at));
        }
      }
      return values;
    }
    Object value = all.isEmpty() ? null : all.get(all.size() - 1);
    if (value == null || "".equals(value)) {
      if (param.cardinality() == Cardinality.OPTIONAL) {
        return Optional.empty();
      }
      scope.errors.add(ValidationError.missing(loc, null));
      return null;
    }
    if (value instanceof UploadFile upload) {
      scope.errors.add(
          BodyReader.typeProblem(param.scalar()).at(loc, uploadAsPydanticSeesIt(scope, upload)));
      return null;
    }
    Object parsed = parse(scope, (String) value, param.scalar(), loc);
    return param.cardinality() == Cardinality.OPTIONAL ? Optional.ofNullable(parsed) : parsed;
  }

  /**
   * How FastAPI's 422 echoes a file where a field belongs: Starlette's {@code UploadFile} through
   * {@code jsonable_encoder}, its spooled temporary file's attributes and all (the file rolls to
   * disk past 1 MiB).
   */
  private static java.util.Map<String, Object> uploadAsPydanticSeesIt(
      RequestScope scope, UploadFile upload) {
    java.util.Map<String, Object> arguments = new java.util.LinkedHashMap<>();
    arguments.put("mode", "w+b");
    arguments.put("buffering", -1);
    for (String name : List.of("suffix", "prefix", "encoding", "newline", "dir", "errors")) {
      arguments.put(name, null);
    }
    java.util.Map<String, Object> spooled = new java.util.LinkedHashMap<>();
    spooled.put("_file", java.util.Map.of());
    spooled.put("_max_size", FormBody.MAX_PART_SIZE);
    spooled.put("_rolled", upload.size() > FormBody.MAX_PART_SIZE);
    spooled.put("_TemporaryFileArgs", arguments);
    java.util.Map<String, Object> encoded = new java.util.LinkedHashMap<>();
    encoded.put("filename", upload.filename());
    encoded.put("file", spooled);
    encoded.put("size", upload.size());
    encoded.put("headers", scope.partHeaders(upload));
    encoded.put("_max_mem_size", FormBody.MAX_PART_SIZE);
    return encoded;
  }

  /** An uploaded file, as bytes or as itself; a plain field's text is bytes too, as in FastAPI. */
  private static Object file(RequestScope scope, FileParam param) {
    List<Object> all = scope.form().getOrDefault(param.name(), List.of());
    List<Object> loc = List.of("body", param.name());
    Object value = all.isEmpty() ? null : all.get(all.size() - 1);
    if (value == null || "".equals(value)) {
      if (param.optional()) {
        return Optional.empty();
      }
      scope.errors.add(ValidationError.missing(loc, null));
      return null;
    }
    Object bound;
    if (param.upload()) {
      if (value instanceof String text) {
        scope.errors.add(NOT_AN_UPLOAD.at(loc, text));
        return null;
      }
      bound = value;
    } else {
      bound =
          value instanceof UploadFile upload
              ? upload.readAllBytes()
              : ((String) value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return param.optional() ? Optional.of(bound) : bound;
  }

  private Object body(RequestScope scope, BodyParam param) {
    int errorsBefore = scope.errors.size();
    JsonNode node = scope.bodyNode();
    if (scope.errors.size() > errorsBefore) {
      return null; // json_invalid, recorded once for the whole body
    }
    List<Object> loc = bodyEmbedded ? List.of("body", param.name()) : List.of("body");
    if (node != null && bodyEmbedded) {
      node = node.isObject() ? node.get(param.name()) : null;
    }
    if (node == RequestScope.UNDECODABLE) {
      // FastAPI's own failure: pydantic's value or error holds the bytes, which don't decode.
      throw new IllegalArgumentException(
          "the "
              + param.name()
              + " body is text whose bytes aren't UTF-8 (UnicodeDecodeError in FastAPI, which"
              + " answers 500 too); send it as UTF-8");
    }
    if (node == null || node.isNull()) { // JSON null is no body, as for FastAPI
      if (param.optional()) {
        return Optional.empty();
      }
      scope.errors.add(ValidationError.missing(loc, null));
      return null;
    }
    Object value = bodies.read(node, param.type(), loc, scope.errors);
    constraints.check(value, loc, scope.errors);
    return param.optional() && value != null ? Optional.of(value) : value;
  }

  private Binder dependency(DependsParam param) {
    List<Binder> arguments = of(param.parameters());
    int[] order = resolutionOrder(param.parameters());
    return scope -> {
      if (scope.dependencies.containsKey(param.provider())) {
        return scope.dependencies.get(param.provider()); // called once per request
      }
      int errorsBefore = scope.errors.size();
      Object[] values = bindAll(arguments, order, scope);
      if (scope.errors.size() > errorsBefore || java.util.Arrays.asList(values).contains(FAILED)) {
        // Not called, and not cached: FastAPI validates a failed dependency again at each use.
        return FAILED;
      }
      Object result =
          param.provider() instanceof Method method
              ? UserCode.invoke(method, null, values)
              : UserCode.construct((Constructor<?>) param.provider(), values);
      if (result instanceof AutoCloseable closeable) {
        scope.closeables.add(closeable);
      }
      scope.dependencies.put(param.provider(), result);
      return result;
    };
  }
}
