package io.github.modalemulator.internal.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modalemulator.ExecutionError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The calls that Java code makes in an exported container, sent to the bridge that the container's
 * Python process runs on loopback ({@code container --bridge URL}), which makes them with the cloud
 * client: so {@code remote}, {@code spawn}, {@code get}, {@code cancel} behave as the client's.
 *
 * <p>The protocol: each call is one {@code POST /} of a JSON object,
 *
 * <pre>{@code
 * {"op": "remote" | "spawn" | "remote_gen" | "map" | "starmap" | "web_url" | "server_url" | "get" |
 * "cancel",
 *  "app": "example-job-queue", "function": "process" (or "Model.predict"),
 *  "parameters": {...}, "args": [...],              (function ops)
 *  "inputs": [[...], ...], "order_outputs": true,
 *  "return_exceptions": false,                      (map, starmap)
 *  "call_id": "fc-...", "timeout": 0.0 or null,     (get, cancel)
 *  "terminate_containers": false}                   (cancel)
 * }</pre>
 *
 * answered {@code 200} with JSON lines: {@code {"value": ...}} (remote, get, web_url, cancel),
 * {@code {"call_id": "fc-..."}} (spawn), or {@code {"item": ...}} lines and then {@code {"end":
 * true}} (a generator's items, a map's results, where {@code {"failure": {...}}} is an exception
 * returned in an input's place); a failure is a line {@code {"error": {...}}} as {@link WireErrors}
 * writes it. Functions are named as the Java code names them (Java names); the bridge turns those
 * of its own app into their cloud names.
 */
public final class Bridge {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final URI uri;
  private final HttpClient client;

  public Bridge(URI uri) {
    this.uri = uri;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Where the bridge listens. */
  public URI uri() {
    return uri;
  }

  /** A function by its app's and its own (Java) names, as the client's {@code from_name}. */
  public CallTarget function(String app, String name, Map<String, ?> parameters) {
    return new Target(app, name, parameters);
  }

  /** A spawned call by id, as {@code FunctionCall.from_id}: lazy, as the client's. */
  public Invocation call(String id) {
    return new Spawned(id, id);
  }

  /** Sends a request; its answer's lines, as they come. */
  private CompletableFuture<Stream<String>> send(ObjectNode request) {
    HttpRequest http =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
            .build();
    return client
        .sendAsync(http, HttpResponse.BodyHandlers.ofLines())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                response.body().close();
                throw new ExecutionError(
                    "the bridge at " + uri + " answered " + response.statusCode());
              }
              return response.body();
            });
  }

  /** The first line of an answer, waiting as long as it takes: its value, or its failure. */
  private JsonNode firstLine(ObjectNode request, String function) throws InterruptedException {
    return parse(await(send(request)), function);
  }

  private JsonNode parse(Stream<String> lines, String function) {
    try (lines) {
      String first = lines.findFirst().orElse(null);
      if (first == null) {
        throw new ExecutionError(
            "the bridge at " + uri + " closed the call of " + function + " without an answer");
      }
      return message(first, function);
    }
  }

  private JsonNode message(String line, String function) {
    JsonNode message;
    try {
      message = CallJson.mapper(null).readTree(line);
    } catch (JsonProcessingException e) {
      throw new ExecutionError("the bridge at " + uri + " answered no JSON: " + line);
    }
    if (message.has("error")) {
      throw WireErrors.read(message.get("error"), function);
    }
    return message;
  }

  private <T> T await(CompletableFuture<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrapped(e.getCause());
    }
  }

  private RuntimeException unwrapped(Throwable cause) {
    if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new ExecutionError(
        "the bridge at "
            + uri
            + " can't be reached: "
            + (cause instanceof IOException ? cause.toString() : String.valueOf(cause)));
  }

  private static ObjectNode request(String op) {
    ObjectNode request = NODES.objectNode();
    request.put("op", op);
    return request;
  }

  /** A function as calls reach it through the bridge. */
  private final class Target implements CallTarget {
    private final String app;
    private final String name;
    private final Map<String, ?> parameters;

    Target(String app, String name, Map<String, ?> parameters) {
      this.app = app;
      this.name = name;
      this.parameters = Map.copyOf(parameters);
    }

    @Override
    public String app() {
      return app;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Boolean generator() {
      return null; // the client knows, and refuses a wrong verb itself
    }

    @Override
    public Optional<String> webUrl() {
      return url("web_url");
    }

    @Override
    public Optional<String> serverUrl() {
      return url("server_url");
    }

    private Optional<String> url(String op) {
      try {
        JsonNode value = firstLine(request(op), name).get("value");
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExecutionError("interrupted while asking the URL of " + name);
      }
    }

    private ObjectNode request(String op) {
      ObjectNode request = Bridge.request(op);
      request.put("app", app);
      request.put("function", name);
      request.set("parameters", CallJson.write(parameters, null));
      return request;
    }

    @Override
    public Iterator<Object> map(
        List<List<?>> inputs,
        io.github.modalemulator.MapOptions options,
        String verb,
        java.util.function.Function<Object, Object> reader) {
      ObjectNode request = request(verb.equals("starmap") ? "starmap" : "map");
      ArrayNode all = request.putArray("inputs");
      inputs.forEach(input -> all.add(arguments(input)));
      request.put("order_outputs", options.orderOutputs());
      request.put("return_exceptions", options.returnExceptions());
      Iterator<String> lines;
      try {
        lines = Bridge.this.await(send(request)).iterator();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExecutionError("interrupted while mapping " + name);
      }
      return new Iterator<>() {
        private JsonNode next;

        @Override
        public boolean hasNext() {
          if (next == null) {
            if (!lines.hasNext()) {
              throw new ExecutionError(
                  "the bridge at " + uri + " closed the results of " + name + " before their end");
            }
            next = message(lines.next(), name);
          }
          return !next.has("end");
        }

        @Override
        public Object next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          JsonNode result = next;
          next = null;
          if (result.has("failure")) {
            return WireErrors.read(result.get("failure"), name);
          }
          return reader.apply(result.get("item"));
        }
      };
    }

    private ArrayNode arguments(List<?> arguments) {
      ArrayNode args = NODES.arrayNode();
      args.addAll(CallJson.arguments(arguments, name));
      return args;
    }

    @Override
    public Invocation start(List<?> arguments, String verb) {
      ArrayNode args = arguments(arguments);
      String op =
          switch (verb) {
            case "spawn" -> "spawn";
            case "remote_gen" -> "remote_gen";
            default -> "remote"; // a map's input too
          };
      ObjectNode request = request(op);
      request.set("args", args);
      if (op.equals("spawn")) {
        try {
          return new Spawned(firstLine(request, name).path("call_id").asText(), name);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ExecutionError("interrupted while spawning " + name);
        }
      }
      return new Sent(CallLedger.newId(), name, request);
    }
  }

  /** A call of {@code remote} (or one input of a map), or of {@code remote_gen}: sent at once. */
  private final class Sent implements Invocation {
    private final String id;
    private final String function;
    private final CompletableFuture<Stream<String>> answer;
    private final CompletableFuture<JsonNode> value;

    Sent(String id, String function, ObjectNode request) {
      this.id = id;
      this.function = function;
      this.answer = send(request);
      this.value =
          request.path("op").asText().equals("remote_gen")
              ? new CompletableFuture<>()
              : answer.thenApply(lines -> parse(lines, function).get("value"));
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String function() {
      return function;
    }

    @Override
    public JsonNode await(long timeoutNanos) throws InterruptedException {
      try {
        return timeoutNanos == Long.MAX_VALUE
            ? value.get()
            : value.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        throw new io.github.modalemulator.TimeoutError(
            "call " + id + " of " + function + " has no result yet");
      } catch (ExecutionException e) {
        throw unwrapped(e.getCause());
      }
    }

    @Override
    public CompletableFuture<?> ended() {
      return value.handle((v, failure) -> null);
    }

    @Override
    public Iterator<JsonNode> items() {
      Iterator<String> lines;
      try {
        lines = Bridge.this.await(answer).iterator();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExecutionError("interrupted while waiting for an item of " + function);
      }
      return new Iterator<>() {
        private JsonNode next;
        private boolean ended;

        @Override
        public boolean hasNext() {
          if (next == null && !ended) {
            if (!lines.hasNext()) {
              throw new ExecutionError(
                  "the bridge at "
                      + uri
                      + " closed the items of "
                      + function
                      + " before their end");
            }
            JsonNode message = message(lines.next(), function);
            if (message.has("end")) {
              ended = true;
            } else {
              next = message.get("item");
            }
          }
          return !ended;
        }

        @Override
        public JsonNode next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          JsonNode item = next;
          next = null;
          return item;
        }
      };
    }

    @Override
    public void cancel(boolean terminateContainers) {
      answer.cancel(true);
      value.cancel(true);
    }
  }

  /** A spawned call: each use asks the bridge, which asks the client. */
  private final class Spawned implements Invocation {
    private final String id;
    private final String function;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    Spawned(String id, String function) {
      this.id = id;
      this.function = function;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String function() {
      return function;
    }

    @Override
    public JsonNode await(long timeoutNanos) throws InterruptedException {
      ObjectNode request = request("get");
      request.put("call_id", id);
      if (timeoutNanos == Long.MAX_VALUE) {
        request.putNull("timeout");
      } else {
        request.put("timeout", Math.max(0, timeoutNanos) / 1e9);
      }
      try {
        JsonNode value = firstLine(request, function).get("value");
        ended.complete(null);
        return value;
      } catch (io.github.modalemulator.TimeoutError notYet) {
        throw notYet;
      } catch (RuntimeException failed) {
        ended.complete(null);
        throw failed;
      }
    }

    @Override
    public CompletableFuture<?> ended() {
      return ended;
    }

    @Override
    public Iterator<JsonNode> items() {
      throw new ExecutionError("a spawned call has one result: read it with get()");
    }

    @Override
    public void cancel(boolean terminateContainers) {
      ObjectNode request = request("cancel");
      request.put("call_id", id);
      request.put("terminate_containers", terminateContainers);
      try {
        firstLine(request, function);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExecutionError("interrupted while cancelling " + id);
      } catch (UncheckedIOException e) {
        throw new ExecutionError("the bridge at " + uri + " can't be reached: " + e);
      }
    }
  }
}
