package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.emulator.FastapiStack;
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
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The OpenAPI 3.1 document FastAPI serves at {@code /openapi.json} for the one-route app: the
 * route, its query and header parameters, its JSON body, and schemas from the Java types.
 */
final class OpenApiDocument {
  private final Map<String, Object> schemas = new LinkedHashMap<>();
  private final FastapiStack stack;

  private OpenApiDocument(FastapiStack stack) {
    this.stack = stack;
  }

  static Map<String, Object> of(FunctionDefinition function, FastapiStack stack) {
    return new OpenApiDocument(stack).build(function);
  }

  private Map<String, Object> build(FunctionDefinition function) {
    String pythonName = Labels.snakeCase(function.name());
    String method = function.web().method().toLowerCase(Locale.ROOT);
    EndpointSignature signature = function.endpoint();

    List<Param> flat = new ArrayList<>();
    flatten(signature.parameters(), flat);
    List<Object> parameters = new ArrayList<>();
    List<BodyParam> bodies = new ArrayList<>();
    List<Object> cookies = new ArrayList<>();
    List<Param> formFields = new ArrayList<>();
    for (Param param : flat) {
      if (param instanceof CookieParam c) {
        cookies.add(parameter(c.name(), "cookie", c.scalar(), c.cardinality()));
      } else if (param instanceof FormParam || param instanceof FileParam) {
        formFields.add(param);
      }
      if (param instanceof QueryParam q) {
        parameters.add(parameter(q.name(), "query", q.scalar(), q.cardinality()));
      } else if (param instanceof HeaderParam h) {
        parameters.add(parameter(h.name(), "header", h.scalar(), h.cardinality()));
      } else if (param instanceof BodyParam b) {
        bodies.add(b);
      }
    }

    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("summary", title(pythonName));
    String operationId = pythonName + "__" + method;
    operation.put("operationId", operationId);
    parameters.addAll(cookies); // FastAPI lists cookies after query and header parameters
    if (!parameters.isEmpty()) {
      operation.put("parameters", parameters);
    }
    if (!formFields.isEmpty()) {
      operation.put("requestBody", formBody(formFields, operationId));
    }
    if (!bodies.isEmpty()) {
      operation.put("requestBody", requestBody(bodies, signature.bodyEmbedded(), operationId));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put(
        "200",
        ordered(
            "description",
            "Successful Response",
            "content",
            ordered("application/json", ordered("schema", ordered()))));
    if (!flat.isEmpty()) {
      responses.put(
          "422",
          ordered(
              "description",
              "Validation Error",
              "content",
              ordered(
                  "application/json",
                  ordered("schema", ordered("$ref", "#/components/schemas/HTTPValidationError")))));
      addValidationErrorSchemas();
    }
    operation.put("responses", responses);

    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put("info", ordered("title", "FastAPI", "version", "0.1.0"));
    document.put("paths", ordered("/", ordered(method, operation)));
    if (!schemas.isEmpty()) {
      // FastAPI lists the component schemas by name
      document.put("components", ordered("schemas", new java.util.TreeMap<>(schemas)));
    }
    return document;
  }

  private static void flatten(List<Param> params, List<Param> into) {
    for (Param param : params) {
      if (param instanceof DependsParam d) {
        flatten(d.parameters(), into);
      } else {
        into.add(param);
      }
    }
  }

  private Map<String, Object> parameter(
      String name, String in, Class<?> scalar, Cardinality cardinality) {
    Map<String, Object> schema = new LinkedHashMap<>(schema(scalar));
    if (cardinality == Cardinality.MANY) {
      schema = new LinkedHashMap<>(ordered("items", schema, "type", "array"));
    } else if (cardinality == Cardinality.OPTIONAL) {
      schema = new LinkedHashMap<>(ordered("anyOf", List.of(schema, ordered("type", "null"))));
    }
    if (!schema.containsKey("$ref")) {
      schema.put("title", title(name)); // pydantic puts no title beside a reference
    }
    Map<String, Object> parameter = new LinkedHashMap<>();
    parameter.put("name", name);
    parameter.put("in", in);
    parameter.put("required", cardinality == Cardinality.ONE);
    parameter.put("schema", schema);
    return parameter;
  }

  private Map<String, Object> requestBody(
      List<BodyParam> bodies, boolean embedded, String operationId) {
    Map<String, Object> schema;
    boolean required;
    if (!embedded) {
      BodyParam body = bodies.get(0);
      schema = new LinkedHashMap<>(schema(body.type()));
      if (!schema.containsKey("$ref")) {
        schema.put("title", title(body.name()));
      }
      required = !body.optional();
    } else {
      Map<String, Object> properties = new LinkedHashMap<>();
      List<String> requiredNames = new ArrayList<>();
      for (BodyParam body : bodies) {
        properties.put(body.name(), schema(body.type()));
        if (!body.optional()) {
          requiredNames.add(body.name());
        }
      }
      String name = "Body_" + operationId;
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("properties", properties);
      object.put("type", "object");
      object.put("required", requiredNames);
      object.put("title", name);
      schemas.put(name, object);
      schema = ordered("$ref", "#/components/schemas/" + name);
      required = !requiredNames.isEmpty();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("required", required);
    body.put("content", ordered("application/json", ordered("schema", schema)));
    return body;
  }

  /**
   * A form body as FastAPI describes it: its fields in a {@code Body_<operation>} schema, sent
   * multipart when a file is among them, else url-encoded.
   */
  private Map<String, Object> formBody(List<Param> fields, String operationId) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> requiredNames = new ArrayList<>();
    boolean multipart = false;
    for (Param field : fields) {
      Map<String, Object> schema;
      boolean required;
      if (field instanceof FileParam file) {
        multipart = true;
        Map<String, Object> binary =
            ordered("type", "string", "contentMediaType", "application/octet-stream");
        schema =
            new LinkedHashMap<>(
                file.optional()
                    ? ordered("anyOf", List.of(binary, ordered("type", "null")))
                    : binary);
        required = !file.optional();
      } else {
        FormParam form = (FormParam) field;
        schema = new LinkedHashMap<>(schema(form.scalar()));
        if (form.cardinality() == Cardinality.MANY) {
          schema = new LinkedHashMap<>(ordered("items", schema, "type", "array"));
        } else if (form.cardinality() == Cardinality.OPTIONAL) {
          schema = new LinkedHashMap<>(ordered("anyOf", List.of(schema, ordered("type", "null"))));
        }
        required = form.cardinality() == Cardinality.ONE;
      }
      if (!schema.containsKey("$ref")) {
        schema.put("title", title(field.name()));
      }
      properties.put(field.name(), schema);
      if (required) {
        requiredNames.add(field.name());
      }
    }
    String name = "Body_" + operationId;
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("properties", properties);
    object.put("type", "object");
    if (!requiredNames.isEmpty()) {
      object.put("required", requiredNames);
    }
    object.put("title", name);
    schemas.put(name, object);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "content",
        ordered(
            multipart ? "multipart/form-data" : "application/x-www-form-urlencoded",
            ordered("schema", ordered("$ref", "#/components/schemas/" + name))));
    if (!requiredNames.isEmpty()) {
      body.put("required", true);
    }
    return body;
  }

  /** A JSON schema for a Java type, as pydantic would give its Python twin. */
  private Map<String, Object> schema(Type type) {
    Class<?> raw = BodyReader.rawClass(type);
    if (raw == String.class) {
      return ordered("type", "string");
    }
    if (raw == int.class
        || raw == Integer.class
        || raw == long.class
        || raw == Long.class
        || raw == short.class
        || raw == Short.class
        || raw == BigInteger.class) {
      return ordered("type", "integer");
    }
    if (raw == double.class
        || raw == Double.class
        || raw == float.class
        || raw == Float.class
        || raw == BigDecimal.class) {
      return ordered("type", "number");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return ordered("type", "boolean");
    }
    if (raw == UUID.class) {
      return ordered("type", "string", "format", "uuid");
    }
    if (raw == LocalDate.class) {
      return ordered("type", "string", "format", "date");
    }
    if (raw == LocalTime.class) {
      return ordered("type", "string", "format", "time");
    }
    if (raw == LocalDateTime.class || raw == OffsetDateTime.class || raw == Instant.class) {
      return ordered("type", "string", "format", "date-time");
    }
    if (raw.isEnum()) {
      return reference(
          raw,
          () -> {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "string");
            schema.put(
                "enum",
                Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
            schema.put("title", raw.getSimpleName());
            return schema;
          });
    }
    if (raw == Optional.class) {
      return ordered("anyOf", List.of(schema(argument(type, 0)), ordered("type", "null")));
    }
    if (Collection.class.isAssignableFrom(raw)) {
      return ordered("items", schema(argument(type, 0)), "type", "array");
    }
    if (Map.class.isAssignableFrom(raw)) {
      Map<String, Object> values = schema(argument(type, 1));
      return ordered("type", "object", "additionalProperties", values.isEmpty() ? true : values);
    }
    if (raw.isRecord()) {
      return reference(raw, () -> recordSchema(raw));
    }
    return ordered();
  }

  private Map<String, Object> recordSchema(Class<?> record) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      Map<String, Object> property = new LinkedHashMap<>(schema(component.getGenericType()));
      if (!property.containsKey("$ref")) {
        property.put("title", title(component.getName()));
      }
      properties.put(component.getName(), property);
      if (component.getType() != Optional.class) {
        required.add(component.getName());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("properties", properties);
    schema.put("type", "object");
    schema.put("required", required);
    schema.put("title", record.getSimpleName());
    return schema;
  }

  private Map<String, Object> reference(
      Class<?> type, java.util.function.Supplier<Map<String, Object>> schema) {
    if (!schemas.containsKey(type.getSimpleName())) {
      schemas.put(type.getSimpleName(), ordered()); // a placeholder stops recursion
      schemas.put(type.getSimpleName(), schema.get());
    }
    return ordered("$ref", "#/components/schemas/" + type.getSimpleName());
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  private void addValidationErrorSchemas() {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("items", ordered("$ref", "#/components/schemas/ValidationError"));
    detail.put("type", "array");
    detail.put("title", "Detail");
    Map<String, Object> httpError = new LinkedHashMap<>();
    httpError.put("properties", ordered("detail", detail));
    httpError.put("type", "object");
    httpError.put("title", "HTTPValidationError");
    schemas.put("HTTPValidationError", httpError);

    Map<String, Object> loc = new LinkedHashMap<>();
    loc.put(
        "items", ordered("anyOf", List.of(ordered("type", "string"), ordered("type", "integer"))));
    loc.put("type", "array");
    loc.put("title", "Location");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("loc", loc);
    properties.put("msg", ordered("type", "string", "title", "Message"));
    properties.put("type", ordered("type", "string", "title", "Error Type"));
    if (stack == FastapiStack.CURRENT) {
      // pydantic 2's errors carry these, and current FastAPI documents them
      properties.put("input", ordered("title", "Input"));
      properties.put("ctx", ordered("type", "object", "title", "Context"));
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("properties", properties);
    error.put("type", "object");
    error.put("required", List.of("loc", "msg", "type"));
    error.put("title", "ValidationError");
    schemas.put("ValidationError", error);
  }

  /**
   * FastAPI's titles: {@code api_handler} -> {@code Api Handler}, {@code x-token} -> {@code
   * X-Token}.
   */
  static String title(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean start = true;
    for (char c : name.replace('_', ' ').toCharArray()) {
      out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = !Character.isLetterOrDigit(c);
    }
    return out.toString();
  }

  /** A map that keeps the order written, as FastAPI's document does. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
