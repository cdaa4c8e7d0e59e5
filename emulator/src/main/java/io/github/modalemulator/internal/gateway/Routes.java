package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Headers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each host of one generation leads: the handler chain in front of a function, in a request's
 * order: journal, body limit, proxy auth (when the function requires it), result URLs, the answer
 * to {@code Expect: 100-continue}, the whole body received (FastAPI kinds), then the function's
 * runtime.
 */
public final class Routes {
  /**
   * A function as the edge routes to it.
   *
   * @param hostLabel the first DNS label of its host ({@code local--my-app-hello})
   * @param customDomains canonical (lower case) custom domains
   * @param kind the endpoint kind: FastAPI endpoints get their bodies whole
   * @param runtime what runs it
   */
  public record Entry(
      String app,
      String function,
      String hostLabel,
      List<String> customDomains,
      boolean requiresProxyAuth,
      WebKind kind,
      HttpHandler runtime) {}

  /** What every chain shares: the edge's settings and state, which outlive a generation. */
  public record Edge(
      List<ProxyAuthToken> tokens,
      RequestJournal journal,
      long maxRequestBodySize,
      BodyRules bodies,
      FunctionCalls calls) {}

  /** Label hosts under each suffix, and custom domains: one look-up of the whole host. */
  private final Map<String, HttpHandler> byHost;

  private Routes(Map<String, HttpHandler> byHost) {
    this.byHost = byHost;
  }

  public static Routes of(List<Entry> entries, Edge edge) {
    Map<String, HttpHandler> byHost = new HashMap<>();
    for (Entry entry : entries) {
      HttpHandler chain = entry.runtime();
      if (entry.kind().isFastapi()) {
        chain = new BodyReceiveHandler(edge.bodies(), chain);
      }
      if (!entry.kind().forwards()) {
        // After the checks that may refuse a request, so that a refused client gets its final
        // status instead of a 100 and doesn't send the body. A web server answers for itself:
        // the proxy passes the Expect header on.
        HttpHandler continuing = new HttpContinueReadHandler(chain);
        HttpHandler plain = chain;
        // Undertow's handler checks the protocol, the connection and an attachment on every
        // request; only one that carries an Expect header can need it.
        chain =
            exchange -> {
              if (exchange.getRequestHeaders().contains(Headers.EXPECT)) {
                Hop.to(continuing, exchange);
              } else {
                Hop.to(plain, exchange);
              }
            };
      }
      chain = new ResultUrlHandler(edge.calls(), entry.function(), chain);
      if (entry.requiresProxyAuth()) {
        chain = new ProxyAuthHandler(edge.tokens(), chain);
      }
      chain = new BodyLimitHandler(edge.maxRequestBodySize(), chain);
      chain = new JournalHandler(edge.journal(), entry.app(), entry.function(), chain);
      for (String suffix : HostRouter.LABEL_SUFFIXES) {
        byHost.put(entry.hostLabel() + suffix, chain);
      }
      for (String domain : entry.customDomains()) {
        // A domain under a label suffix would be read as a label host: a label wins there.
        if (HostRouter.labelOf(domain) == null) {
          byHost.put(domain, chain);
        }
      }
    }
    return new Routes(byHost);
  }

  /** The chain for a host (lower case, no port), or null when no function has it. */
  HttpHandler chain(String host) {
    return byHost.get(host);
  }
}
