package io.github.modalemulator.internal.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modalemulator.internal.calls.CallJson;
import io.github.modalemulator.internal.calls.Invocation;
import io.github.modalemulator.internal.calls.WireErrors;
import io.github.modalemulator.internal.runtime.CallRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The call port of a function that code calls, in an exported container: loopback only, where the
 * container's Python process passes each input the cloud gives its function.
 *
 * <p>The protocol: {@code POST /} of {@code {"args": [...]}} (the input's positional arguments as
 * JSON), answered {@code 200} with JSON lines: {@code {"value": ...}} for a function, a generator's
 * {@code {"item": ...}} lines and then {@code {"end": true}}, or a line {@code {"error": {...}}} as
 * {@link WireErrors} writes it (type, message and frames of what the function threw), which the
 * Python side raises. Each input runs on the container's instance, queued and timed as any call.
 */
final class CallPortHandler implements HttpHandler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String function;
  private final Supplier<CallRuntime> runtime;
  private final Executor waiting;

  /**
   * @param waiting where each input waits for its result: a thread per input in flight, as a
   *     function's concurrency may hold many (the server's worker threads are few)
   */
  CallPortHandler(String function, Supplier<CallRuntime> runtime, Executor waiting) {
    this.function = function;
    this.runtime = runtime;
    this.waiting = waiting;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(waiting, this); // an input waits for its result: never on an I/O thread
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.POST)) {
      exchange.setStatusCode(405);
      exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
      exchange.getResponseSender().send("POST {\"args\": [...]} to call " + function);
      return;
    }
    exchange.startBlocking();
    JsonNode request;
    try {
      request = CallJson.mapper(null).readTree(exchange.getInputStream());
    } catch (IOException e) {
      exchange.setStatusCode(400);
      exchange.getResponseSender().send("the body is no JSON: " + e.getMessage());
      return;
    }
    List<Object> arguments = new ArrayList<>();
    request.path("args").forEach(arguments::add);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-ndjson");
    OutputStream out = exchange.getOutputStream();
    try {
      CallRuntime callee = runtime.get();
      boolean generator = callee.definition().generator();
      Invocation invocation = callee.start(arguments, generator ? "remote_gen" : "remote");
      if (generator) {
        Iterator<JsonNode> items = invocation.items();
        while (items.hasNext()) {
          ObjectNode line = NODES.objectNode();
          line.set("item", items.next());
          write(out, line);
        }
        write(out, NODES.objectNode().put("end", true));
      } else {
        ObjectNode line = NODES.objectNode();
        line.set("value", invocation.await(Long.MAX_VALUE));
        write(out, line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error(out, new io.github.modalemulator.ExecutionError("the container is stopping"));
    } catch (RuntimeException e) {
      error(out, e);
    }
    out.close();
  }

  private void error(OutputStream out, RuntimeException failure) throws IOException {
    ObjectNode line = NODES.objectNode();
    line.set("error", WireErrors.write(function, failure));
    write(out, line);
  }

  private static void write(OutputStream out, JsonNode line) throws IOException {
    out.write((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
