package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.internal.definition.Scalars;
import io.github.modalemulator.internal.runtime.fastapi.ValidationError.Problem;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON body to a Java value by pydantic v2's rules, reporting every problem with its location
 * ({@code ["body", "field", 0]}) rather than stopping at the first, as FastAPI does. Records, maps,
 * lists and scalars are checked here; other classes are left to Jackson.
 */
final class BodyReader {
  private static final Problem DICT_TYPE =
      new Problem("dict_type", "Input should be a valid dictionary");
  private static final Problem MODEL_TYPE =
      new Problem(
          "model_attributes_type",
          "Input should be a valid dictionary or object to extract fields from");
  private static final Problem LIST_TYPE = new Problem("list_type", "Input should be a valid list");

  private final ObjectMapper json;
  private final Map<Class<?>, Map<String, String>> names =
      new java.util.concurrent.ConcurrentHashMap<>();

  BodyReader(ObjectMapper json) {
    this.json = json;
  }

  /** The value, or null with the problems added to {@code errors}. */
  Object read(JsonNode node, Type type, List<Object> loc, List<ValidationError> errors) {
    Class<?> raw = rawClass(type);
    if (raw == Optional.class) {
      return node.isNull()
          ? Optional.empty()
          : optional(read(node, typeArgument(type, 0), loc, errors));
    }
    if (raw == Object.class) {
      return natural(node);
    }
    if (raw == JsonNode.class) {
      return node;
    }
    if (Scalars.isScalar(raw)) {
      return scalar(node, raw, loc, errors);
    }
    if (raw.isRecord()) {
      return record(node, raw, loc, errors);
    }
    if (Map.class.isAssignableFrom(raw)) {
      return map(node, type, loc, errors);
    }
    if (Collection.class.isAssignableFrom(raw)) {
      return collection(node, type, raw, loc, errors);
    }
    return bean(node, type, loc, errors);
  }

  private static Object optional(Object value) {
    return value == null ? null : Optional.of(value);
  }

  private Object scalar(
      JsonNode node, Class<?> type, List<Object> loc, List<ValidationError> errors) {
    Object value;
    if (node.isTextual()) {
      value = ScalarParser.parse(node.textValue(), type);
    } else if (node.isNumber() && type != String.class && !type.isEnum()) {
      value = number(node, type);
    } else if (node.isBoolean() && (type == boolean.class || type == Boolean.class)) {
      value = node.booleanValue();
    } else if (node.isBoolean() && isNumber(type)) {
      value = ScalarParser.parse(node.booleanValue() ? "1" : "0", type); // Python's bool is an int
    } else {
      value = ScalarParser.parse(node.isValueNode() ? node.asText() : "", type);
      value = value instanceof Problem p && p.type().equals("enum") ? p : typeProblem(type);
    }
    if (value instanceof Problem problem) {
      errors.add(problem.at(loc, natural(node)));
      return null;
    }
    return value;
  }

  private static boolean isNumber(Class<?> type) {
    return type != boolean.class
        && type != Boolean.class
        && (type.isPrimitive() || Number.class.isAssignableFrom(type));
  }

  private static Object number(JsonNode node, Class<?> type) {
    if (type == boolean.class || type == Boolean.class) {
      return numberAsBoolean(node);
    }
    boolean integerType =
        type == int.class
            || type == Integer.class
            || type == long.class
            || type == Long.class
            || type == short.class
            || type == Short.class
            || type == java.math.BigInteger.class;
    if (integerType && !node.isIntegralNumber()) {
      java.math.BigDecimal decimal = node.decimalValue();
      if (decimal.stripTrailingZeros().scale() > 0) {
        return ScalarParser.INT_FROM_FLOAT;
      }
      return ScalarParser.parse(decimal.toBigInteger().toString(), type);
    }
    return ScalarParser.parse(
        node.isIntegralNumber()
            ? node.bigIntegerValue().toString()
            : node.decimalValue().toString(),
        type);
  }

  private static Object numberAsBoolean(JsonNode node) {
    if (node.isIntegralNumber() && (node.asLong() == 0 || node.asLong() == 1)) {
      return node.asLong() == 1;
    }
    return ScalarParser.BOOL_PARSING;
  }

  /** pydantic's error for a value of the wrong JSON kind (an object where a number belongs). */
  static Problem typeProblem(Class<?> type) {
    if (type == String.class) {
      return new Problem("string_type", "Input should be a valid string");
    }
    if (type == boolean.class || type == Boolean.class) {
      return new Problem("bool_type", "Input should be a valid boolean");
    }
    if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class) {
      return new Problem("float_type", "Input should be a valid number");
    }
    if (type == java.util.UUID.class) {
      return new Problem("uuid_type", "UUID input should be a string, bytes or UUID object");
    }
    if (type == java.time.LocalDate.class) {
      return new Problem("date_type", "Input should be a valid date");
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return new Problem("datetime_type", "Input should be a valid datetime");
    }
    if (type == java.math.BigDecimal.class) {
      return new Problem(
          "decimal_type", "Decimal input should be an integer, float, string or Decimal object");
    }
    return new Problem("int_type", "Input should be a valid integer");
  }

  private Object record(
      JsonNode node, Class<?> type, List<Object> loc, List<ValidationError> errors) {
    if (!node.isObject()) {
      errors.add(MODEL_TYPE.at(loc, natural(node)));
      return null;
    }
    RecordComponent[] components = type.getRecordComponents();
    Map<String, String> jsonNames = jsonNames(type);
    Object[] values = new Object[components.length];
    int before = errors.size();
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String name = jsonNames.getOrDefault(component.getName(), component.getName());
      JsonNode field = node.get(name);
      List<Object> fieldLoc = ValidationError.loc(loc, name);
      if (field == null || (field.isNull() && component.getType() == Optional.class)) {
        if (component.getType() == Optional.class) {
          values[i] = Optional.empty();
        } else {
          errors.add(ValidationError.missing(fieldLoc, natural(node)));
        }
        continue;
      }
      values[i] = read(field, component.getGenericType(), fieldLoc, errors);
    }
    if (errors.size() > before) {
      return null;
    }
    try {
      return construct(type, components, values);
    } catch (BodyRejected rejected) {
      // The record's own checks refused the values: a value error, as a pydantic validator's.
      String message = String.valueOf(rejected.getCause().getMessage());
      errors.add(
          new Problem("value_error", "Value error, " + message, Map.of("error", Map.of()))
              .at(loc, natural(node)));
      return null;
    }
  }

  /** Component name to JSON name, as the mapper writes them, so a client can send back output. */
  private Map<String, String> jsonNames(Class<?> record) {
    return names.computeIfAbsent(
        record,
        type -> {
          Map<String, String> byComponent = new LinkedHashMap<>();
          for (com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition property :
              json.getSerializationConfig().introspect(json.constructType(type)).findProperties()) {
            byComponent.put(property.getInternalName(), property.getName());
          }
          return byComponent;
        });
  }

  private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      parameterTypes[i] = components[i].getType();
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new BodyRejected(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record " + type.getName() + " can't be constructed", e);
    }
  }

  private Object map(JsonNode node, Type type, List<Object> loc, List<ValidationError> errors) {
    if (!node.isObject()) {
      errors.add(DICT_TYPE.at(loc, natural(node)));
      return null;
    }
    Type valueType = type instanceof ParameterizedType ? typeArgument(type, 1) : Object.class;
    Map<String, Object> map = new LinkedHashMap<>();
    int before = errors.size();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      map.put(
          entry.getKey(),
          read(entry.getValue(), valueType, ValidationError.loc(loc, entry.getKey()), errors));
    }
    return errors.size() > before ? null : map;
  }

  private Object collection(
      JsonNode node, Type type, Class<?> raw, List<Object> loc, List<ValidationError> errors) {
    if (!node.isArray()) {
      errors.add(LIST_TYPE.at(loc, natural(node)));
      return null;
    }
    Type elementType = type instanceof ParameterizedType ? typeArgument(type, 0) : Object.class;
    Collection<Object> values =
        Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
    int before = errors.size();
    for (int i = 0; i < node.size(); i++) {
      values.add(read(node.get(i), elementType, ValidationError.loc(loc, i), errors));
    }
    return errors.size() > before ? null : values;
  }

  private Object bean(JsonNode node, Type type, List<Object> loc, List<ValidationError> errors) {
    if (!node.isObject()) {
      errors.add(MODEL_TYPE.at(loc, natural(node)));
      return null;
    }
    try {
      // pydantic ignores fields a model doesn't declare; so does this reader.
      return json.readerFor(json.constructType(type))
          .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(node);
    } catch (java.io.IOException e) {
      String message =
          e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      errors.add(
          new Problem("value_error", "Value error, " + message, Map.of("error", message))
              .at(loc, natural(node)));
      return null;
    }
  }

  /** The JSON value as plain Java (maps, lists, strings, numbers), as errors echo it. */
  Object natural(JsonNode node) {
    try {
      return json.treeToValue(node, Object.class);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      Type argument = p.getActualTypeArguments()[index];
      return argument instanceof java.lang.reflect.WildcardType w
          ? w.getUpperBounds()[0]
          : argument;
    }
    return Object.class;
  }

  /** A record's constructor refused the values. */
  static final class BodyRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyRejected(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
