package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.PlainText;
import io.github.modalemulator.internal.runtime.FunctionCall;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.util.Deque;

/**
 * A GET of a result URL (the function's URL with {@code __modal_function_call_id}, where a 303 sent
 * its client): waits for the call's result without a thread, then sends it, as often as asked.
 * Every other request goes on to the function.
 */
final class ResultUrlHandler implements HttpHandler {
  private final FunctionCalls calls;
  private final String function;
  private final HttpHandler next;

  ResultUrlHandler(FunctionCalls calls, String function, HttpHandler next) {
    this.calls = calls;
    this.function = function;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Deque<String> id =
        exchange.getQueryString().isEmpty()
            ? null
            : exchange.getQueryParameters().get(FunctionCalls.ID_PARAMETER);
    if (id == null || !exchange.getRequestMethod().equals(Methods.GET)) {
      Hop.to(next, exchange);
      return;
    }
    FunctionCall call = calls.find(id.getFirst());
    if (call == null || !call.function().equals(function)) {
      PlainText.send(
          exchange,
          404,
          "modal-http: no function call "
              + id.getFirst()
              + " of this function (the emulator keeps the latest "
              + FunctionCalls.CAPACITY
              + ")");
      return;
    }
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> call.reply().thenAccept(reply -> exchange.dispatch(reply::sendTo)));
  }
}
