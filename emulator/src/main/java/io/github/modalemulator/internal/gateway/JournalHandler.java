package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.runtime.InputState;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Records every request of its chain in the journal, with the function it reached (if any). */
final class JournalHandler implements HttpHandler {
  private final RequestJournal journal;
  private final String app;
  private final String function;
  private final HttpHandler next;

  JournalHandler(RequestJournal journal, String app, String function, HttpHandler next) {
    this.journal = journal;
    this.app = app;
    this.function = function;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    JournalEntry entry =
        new JournalEntry(
            journal, app, function, exchange.getAttachment(HostRouter.HOST), System.nanoTime());
    exchange.addResponseCommitListener(entry);
    exchange.addExchangeCompleteListener(entry);
    exchange.putAttachment(InputState.JOURNAL, entry);
    Hop.to(next, exchange);
  }
}
