package io.github.modalemulator.internal.runtime;

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

  String function() {
    return function;
  }

  public void complete(Reply result) {
    reply.complete(result);
  }

  CompletableFuture<Reply> reply() {
    return reply;
  }
}
