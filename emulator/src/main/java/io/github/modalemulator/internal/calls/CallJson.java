package io.github.modalemulator.internal.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.modalemulator.SerializationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The boundary between a caller and a function's container, the twin of the client's pickling: a
 * value crosses as a JSON tree written and read by Jackson (with the JSR-310 and JDK 8 modules,
 * dates as ISO text). A value Jackson can't write, or can't read back as the type the other side
 * declares, fails the call.
 *
 * <p>Each class loader's types are read by a mapper of their own, kept with a class of that loader
 * (a {@link ClassValue}), so that Jackson's caches never hold a stopped container's classes alive.
 */
public final class CallJson {
  private static final ObjectMapper SHARED = newMapper();

  private static final ClassValue<ObjectMapper> BY_LOADER =
      new ClassValue<>() {
        @Override
        protected ObjectMapper computeValue(Class<?> type) {
          return newMapper();
        }
      };

  private CallJson() {}

  private static ObjectMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
  }

  /**
   * The mapper for types of {@code anchor}'s class loader: a JDK class (or null) shares one mapper.
   */
  public static ObjectMapper mapper(Class<?> anchor) {
    if (anchor == null || anchor.getClassLoader() == null) {
      return SHARED;
    }
    return BY_LOADER.get(anchor);
  }

  /** A value as it crosses: its JSON tree. */
  public static JsonNode write(Object value, Class<?> anchor) {
    return mapper(anchor).valueToTree(value);
  }

  /**
   * A tree read as {@code type} (a type of {@code anchor}'s loader); {@code Object}: as JSON is.
   */
  public static Object read(JsonNode tree, Type type, Class<?> anchor) {
    ObjectMapper mapper = mapper(anchor);
    return mapper.convertValue(tree, mapper.constructType(type));
  }

  /**
   * Arguments of {@code function} as the trees they cross as, each by its own class's mapper.
   *
   * @throws io.github.modalemulator.SerializationError naming the argument and its type when one
   *     can't be written
   */
  public static List<JsonNode> arguments(List<?> arguments, String function) {
    List<JsonNode> trees = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      Object value = arguments.get(i);
      try {
        trees.add(write(value, value == null ? null : value.getClass()));
      } catch (IllegalArgumentException e) {
        throw new SerializationError(
            "argument "
                + i
                + " of "
                + function
                + ": the "
                + value.getClass().getName()
                + " given can't be sent as JSON: "
                + e.getMessage());
      }
    }
    return trees;
  }

  /** A tree as plain values: maps, lists, strings, numbers, booleans and null. */
  public static Object plain(JsonNode tree) {
    return SHARED.convertValue(tree, Object.class);
  }

  /** A tree as compact JSON text, for logs and pages. */
  public static String text(JsonNode tree) {
    return tree == null ? "null" : tree.toString();
  }

  /**
   * A tree as compact JSON text cut at {@code characters}, then marked {@value #CUT}. Writing stops
   * there: a value the record keeps whole (up to 64 KiB) costs a preview no more than its start.
   */
  public static String text(JsonNode tree, int characters) {
    if (tree == null) {
      return "null";
    }
    Bounded out = new Bounded(characters);
    try {
      SHARED.writeValue(out, tree);
    } catch (IOException e) {
      if (!out.full) {
        throw new UncheckedIOException(e); // writing a tree to a buffer fails only when full
      }
    }
    return out.full ? out.text + CUT : out.text.toString();
  }

  /** What ends a cut text; the call's own record ({@code /api/calls/ID}) has it all. */
  public static final String CUT = "...[truncated]";

  /** A buffer that takes {@code limit} characters, then refuses the rest: writing stops there. */
  private static final class Bounded extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final int limit;
    private boolean full;

    Bounded(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      int room = limit - text.length();
      if (length > room) {
        text.append(buffer, offset, Math.max(room, 0));
        full = true;
        throw new IOException("more than " + limit + " characters");
      }
      text.append(buffer, offset, length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
