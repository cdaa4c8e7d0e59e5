package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.undertow.server.HttpHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each host of one generation leads: the handler chain in front of a function, in a request's
 * order: journal, body limit, proxy auth (when the function requires it), result URLs, then the
 * function's runtime.
 */
public final class Routes {
  /**
   * A function as the edge routes to it.
   *
   * @param hostLabel the first DNS label of its host ({@code local--my-app-hello})
   * @param customDomains canonical (lower case) custom domains
   * @param runtime what runs it
   */
  public record Entry(
      String app,
      String function,
      String hostLabel,
      List<String> customDomains,
      boolean requiresProxyAuth,
      HttpHandler runtime) {}

  /** What every chain shares: the edge's settings and state, which outlive a generation. */
  public record Edge(
      List<ProxyAuthToken> tokens,
      RequestJournal journal,
      long maxRequestBodySize,
      FunctionCalls calls) {}

  /** Label hosts under each suffix, and custom domains: one look-up of the whole host. */
  private final Map<String, HttpHandler> byHost;

  private Routes(Map<String, HttpHandler> byHost) {
    this.byHost = byHost;
  }

  public static Routes of(List<Entry> entries, Edge edge) {
    Map<String, HttpHandler> byHost = new HashMap<>();
    for (Entry entry : entries) {
      HttpHandler chain = new ResultUrlHandler(edge.calls(), entry.function(), entry.runtime());
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
