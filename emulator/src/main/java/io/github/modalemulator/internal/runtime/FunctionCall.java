package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A call whose client was sent a 303 because it ran past the gateway's limit: its result, once the
 * function has it, for every GET of the result URL.
 */
public final class FunctionCall {
  /** A whole response, kept to be sent again. */
  public record Reply(
      int status, List<Map.Entry<String, String>> headers, String contentType, byte[] body) {
    public Reply {
      headers = List.copyOf(headers);
    }

    /**
     * Sends it; a {@code Content-Type} among the headers wins over {@link #contentType()}. A status
     * that has no body (1xx, 204, 304) goes out without one, as FastAPI sends it.
     */
    public void sendTo(HttpServerExchange exchange) {
      exchange.setStatusCode(status);
      HeaderMap out = exchange.getResponseHeaders();
      headers.forEach(h -> out.add(HttpString.tryFromString(h.getKey()), h.getValue()));
      if (status == 204 || status == 304 || status < 200) {
        if (!exchange.isPersistent()) {
          // uvicorn says so on every response; Undertow leaves it out when there is no body
          out.put(Headers.CONNECTION, "close");
        }
        exchange.endExchange();
        return;
      }
      if (contentType != null && !out.contains(Headers.CONTENT_TYPE)) {
        out.put(Headers.CONTENT_TYPE, contentType);
      }
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
  }

  private final String id;
  private final String function;
  private final CompletableFuture<Reply> reply = new CompletableFuture<>();

  FunctionCall(String id, String function) {
    this.id = id;
    this.function = function;
  }

  public String id() {
    return id;
  }

  public String function() {
    return function;
  }

  public void complete(Reply result) {
    reply.complete(result);
  }

  public CompletableFuture<Reply> reply() {
    return reply;
  }
}
