package io.github.modalemulator.internal.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.modalemulator.emulator.RecordedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One call's story, written by the call as it goes and read by assertions and the dashboard. */
public final class CallRecord {
  private final String id;
  private final String app;
  private final String function;
  private final String verb;
  private final List<JsonNode> arguments;
  private final Instant queuedAt = Instant.now();
  private Instant startedAt; // guarded by this; when a container took it
  private Instant endedAt; // guarded by this
  private String containerId; // guarded by this
  private String status = "queued"; // guarded by this
  private JsonNode result; // guarded by this
  private ArrayNode items; // guarded by this; a generator's, as they come
  private String error; // guarded by this

  public CallRecord(String id, String app, String function, String verb, List<JsonNode> arguments) {
    this.id = id;
    this.app = app;
    this.function = function;
    this.verb = verb;
    List<JsonNode> kept = new ArrayList<>(arguments.size());
    arguments.forEach(a -> kept.add(kept(a)));
    this.arguments = List.copyOf(kept);
  }

  /** How much of one value a record keeps: a call's own input and result are never cut. */
  static final int KEPT_CHARACTERS = 64 * 1024;

  /**
   * A value as the record keeps it: whole up to {@value #KEPT_CHARACTERS} characters of JSON, else
   * a note of its size, so that ten thousand records of large inputs don't fill the heap.
   */
  static JsonNode kept(JsonNode value) {
    if (value == null || value.isValueNode() && !value.isTextual()) {
      return value;
    }
    int size = value.toString().length();
    return size <= KEPT_CHARACTERS
        ? value
        : JsonNodeFactory.instance.textNode("(" + size + " characters of JSON, not kept)");
  }

  public String id() {
    return id;
  }

  public String app() {
    return app;
  }

  public String function() {
    return function;
  }

  public synchronized void running(String container) {
    containerId = container;
    status = "running";
    startedAt = Instant.now();
  }

  public synchronized void item(JsonNode item) {
    if (items == null) {
      items = JsonNodeFactory.instance.arrayNode();
    }
    if (items.size() < CallLedger.ITEMS_KEPT) {
      items.add(kept(item));
    }
  }

  public synchronized void succeeded(JsonNode value) {
    status = "success";
    result = value != null ? kept(value) : items;
    endedAt = Instant.now();
  }

  /** Ended otherwise: {@code failure}, {@code timeout} or {@code cancelled}. */
  public synchronized void ended(String how, String what) {
    status = how;
    error = what;
    endedAt = Instant.now();
  }

  public synchronized String status() {
    return status;
  }

  public synchronized String containerId() {
    return containerId;
  }

  public synchronized RecordedCall view() {
    List<Object> plain = new ArrayList<>(arguments.size());
    arguments.forEach(a -> plain.add(CallJson.plain(a)));
    return new RecordedCall(
        id,
        app,
        function,
        verb,
        plain,
        containerId,
        status,
        result == null ? null : CallJson.plain(result),
        error,
        queuedAt);
  }

  /** Its arguments as compact JSON, for pages. */
  public String argumentsText() {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    arguments.forEach(array::add);
    return array.toString();
  }

  public synchronized String resultText() {
    return result == null ? null : result.toString();
  }

  /**
   * Its arguments as compact JSON of at most about {@code characters}: what a page's list shows.
   * Written when read, so the call itself pays nothing for it.
   */
  public String argumentsPreview(int characters) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    arguments.forEach(array::add);
    return CallJson.text(array, characters);
  }

  /** Its result as {@link #argumentsPreview} writes arguments; null while it has none. */
  public synchronized String resultPreview(int characters) {
    return result == null ? null : CallJson.text(result, characters);
  }

  /** When a container (or a stub) took it; null while queued, or when it ended in the queue. */
  public synchronized Instant startedAt() {
    return startedAt;
  }

  /** When it ended, well or not; null while queued or running. */
  public synchronized Instant endedAt() {
    return endedAt;
  }

  public synchronized String error() {
    return error;
  }

  public Instant queuedAt() {
    return queuedAt;
  }

  public String verb() {
    return verb;
  }
}
