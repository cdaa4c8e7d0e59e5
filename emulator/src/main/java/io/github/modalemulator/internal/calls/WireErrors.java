package io.github.modalemulator.internal.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modalemulator.ExecutionError;
import io.github.modalemulator.FunctionTimeoutError;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.NotFoundError;
import io.github.modalemulator.RemoteFunctionException;
import io.github.modalemulator.SerializationError;
import io.github.modalemulator.TimeoutError;
import java.util.ArrayList;
import java.util.List;

/**
 * A call's failure as it crosses between processes of an exported container (the JVM's call port,
 * the Python process's bridge): a JSON object whose {@code kind} says which exception the caller
 * gets.
 *
 * <pre>{@code
 * {"kind": "remote", "function": "process", "type": "java.lang.IllegalStateException",
 *  "message": "...", "frames": [{"class": "...", "method": "...", "file": "...", "line": 12}],
 *  "cause": {...}}
 * }</pre>
 *
 * Kinds: {@code remote} (the function raised: {@link RemoteFunctionException}, with the callee's
 * type, message, frames and causes), {@code timeout} ({@link TimeoutError}: no result yet), {@code
 * function_timeout}, {@code not_found}, {@code invalid}, {@code serialization}, and {@code
 * execution} for anything else ({@link ExecutionError}).
 */
public final class WireErrors {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WireErrors() {}

  /** The failure of a call of {@code function} as JSON. */
  public static ObjectNode write(String function, Throwable failure) {
    ObjectNode error = NODES.objectNode();
    if (failure instanceof RemoteFunctionException remote) {
      error.put("kind", "remote");
      error.put("function", remote.function());
      thrown(error, remote.getCause());
      return error;
    }
    error.put("kind", kind(failure));
    error.put("function", function);
    thrown(error, failure);
    return error;
  }

  private static String kind(Throwable failure) {
    if (failure instanceof FunctionTimeoutError) {
      return "function_timeout"; // before its base class, TimeoutError
    } else if (failure instanceof TimeoutError) {
      return "timeout";
    } else if (failure instanceof NotFoundError) {
      return "not_found";
    } else if (failure instanceof InvalidError || failure instanceof IllegalArgumentException) {
      return "invalid";
    } else if (failure instanceof SerializationError) {
      return "serialization";
    } else if (failure instanceof ExecutionError) {
      return "execution";
    }
    return "remote";
  }

  private static void thrown(ObjectNode node, Throwable thrown) {
    node.put(
        "type",
        thrown instanceof RemoteFunctionException.Thrown t
            ? t.type()
            : thrown.getClass().getName());
    node.put("message", thrown.getMessage());
    ArrayNode frames = node.putArray("frames");
    for (StackTraceElement frame : thrown.getStackTrace()) {
      ObjectNode f = frames.addObject();
      f.put("class", frame.getClassName());
      f.put("method", frame.getMethodName());
      f.put("file", frame.getFileName());
      f.put("line", frame.getLineNumber());
    }
    if (thrown.getCause() != null && thrown.getCause() != thrown) {
      thrown(node.putObject("cause"), thrown.getCause());
    }
  }

  /** The exception the caller gets for a failure read from JSON. */
  public static RuntimeException read(JsonNode error, String function) {
    String kind = error.path("kind").asText("execution");
    String message =
        error.path("message").isTextual()
            ? error.path("message").asText()
            : error.path("type").asText("an error") + " in a call of " + function;
    String named = error.path("function").asText(function);
    return switch (kind) {
      case "remote" -> new RemoteFunctionException(named, chain(error));
      case "timeout" -> new TimeoutError(message);
      case "function_timeout" -> new FunctionTimeoutError(message);
      case "not_found" -> new NotFoundError(message);
      case "invalid" -> new InvalidError(message);
      case "serialization" -> new SerializationError(message);
      default -> new ExecutionError(message);
    };
  }

  private static RemoteFunctionException.Thrown chain(JsonNode node) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (JsonNode f : node.path("frames")) {
      frames.add(
          new StackTraceElement(
              f.path("class").asText("?"),
              f.path("method").asText("?"),
              f.path("file").isTextual() ? f.path("file").asText() : null,
              f.path("line").asInt(-1)));
    }
    JsonNode cause = node.get("cause");
    return new RemoteFunctionException.Thrown(
        node.path("type").asText("Exception"),
        node.path("message").isNull() ? null : node.path("message").asText(),
        frames,
        cause == null || !cause.isObject() ? null : chain(cause));
  }
}
