package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.Server;
import io.github.modalemulator.WebEndpoint;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.WsgiApp;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Locale;

/**
 * What a web annotation says, whatever its kind.
 *
 * @param label the user's label, or empty for the default one
 * @param customDomains as written
 * @param method the route's HTTP method, upper case (FastAPI kinds; empty for the others)
 * @param docs whether the docs pages are served (FastAPI kinds)
 * @param port the user server's port (web_server; 0 for the others)
 * @param startupTimeout seconds to wait for that port (web_server, the server kinds)
 * @param server what the server kinds say besides; null for the others
 */
public record WebSpec(
    WebKind kind,
    String label,
    List<String> customDomains,
    boolean requiresProxyAuth,
    String method,
    boolean docs,
    int port,
    double startupTimeout,
    ServerSpec server) {

  public WebSpec {
    customDomains = List.copyOf(customDomains);
  }

  public WebSpec(
      WebKind kind,
      String label,
      List<String> customDomains,
      boolean requiresProxyAuth,
      String method,
      boolean docs,
      int port,
      double startupTimeout) {
    this(kind, label, customDomains, requiresProxyAuth, method, docs, port, startupTimeout, null);
  }

  /**
   * What {@code @app.server} and {@code @modal.experimental.http_server} say besides the port.
   *
   * @param region the region requests are routed through (the first proxy region): in its URL
   * @param exitGracePeriod seconds in-flight requests get at a replica's stop; below 0: not set
   * @param targetConcurrency requests per replica the autoscaler aims for; 0: no autoscaling; below
   *     0: not set
   * @param proxyRegions every proxy region (http_server), or the routing region (server)
   */
  public record ServerSpec(
      String region,
      int exitGracePeriod,
      boolean h2Enabled,
      double targetConcurrency,
      List<String> proxyRegions) {
    public ServerSpec {
      proxyRegions = List.copyOf(proxyRegions);
    }
  }

  @SuppressWarnings("removal") // WebEndpoint is deprecated for removal, and still served
  static WebSpec of(WebKind kind, Annotation annotation) {
    return switch (kind) {
      case ASGI_APP -> {
        AsgiApp a = (AsgiApp) annotation;
        yield app(kind, a.label(), a.customDomains(), a.requiresProxyAuth());
      }
      case WSGI_APP -> {
        WsgiApp a = (WsgiApp) annotation;
        yield app(kind, a.label(), a.customDomains(), a.requiresProxyAuth());
      }
      case FASTAPI_ENDPOINT -> {
        FastapiEndpoint e = (FastapiEndpoint) annotation;
        yield endpoint(
            kind, e.label(), e.customDomains(), e.requiresProxyAuth(), e.method(), e.docs());
      }
      case WEB_ENDPOINT -> {
        WebEndpoint e = (WebEndpoint) annotation;
        yield endpoint(
            kind, e.label(), e.customDomains(), e.requiresProxyAuth(), e.method(), e.docs());
      }
      case WEB_SERVER -> {
        WebServer w = (WebServer) annotation;
        yield new WebSpec(
            kind,
            w.label(),
            List.of(w.customDomains()),
            w.requiresProxyAuth(),
            "",
            false,
            w.value(),
            w.startupTimeout());
      }
      case SERVER -> {
        Server v = (Server) annotation;
        yield new WebSpec(
            kind,
            "",
            List.of(),
            !v.unauthenticated(),
            "",
            false,
            v.port(),
            v.startupTimeout(),
            new ServerSpec(
                v.routingRegion(),
                v.exitGracePeriod(),
                v.h2Enabled(),
                normalisedTarget(v.targetConcurrency()),
                List.of(v.routingRegion())));
      }
      case HTTP_SERVER -> {
        HttpServer h = (HttpServer) annotation;
        List<String> regions = List.of(h.proxyRegions());
        yield new WebSpec(
            kind,
            "",
            List.of(),
            false,
            "",
            false,
            h.port(),
            h.startupTimeout(),
            new ServerSpec(
                regions.isEmpty() ? "" : regions.get(0),
                h.exitGracePeriod(),
                h.h2Enabled(),
                -1,
                regions));
      }
    };
  }

  /** A server kind's spec with the autoscaler's target that {@code @Concurrent} sets. */
  WebSpec withTarget(double targetConcurrency) {
    return new WebSpec(
        kind,
        label,
        customDomains,
        requiresProxyAuth,
        method,
        docs,
        port,
        startupTimeout,
        new ServerSpec(
            server.region(),
            server.exitGracePeriod(),
            server.h2Enabled(),
            targetConcurrency,
            server.proxyRegions()));
  }

  /**
   * The client's {@code normalize_fractional_target_concurrency} ({@code
   * py/modal/_utils/function_utils.py}): (0, 1) up to 1, rounded to hundredths; below 0 (not set)
   * stays -1; a value that is no finite number is left for the definition check to refuse.
   */
  private static double normalisedTarget(double target) {
    if (target < 0) {
      return -1;
    }
    return target > 0 && target < 1 ? 1 : Math.round(target * 100) / 100.0;
  }

  /** An app kind: its own routes, no port. */
  private static WebSpec app(WebKind kind, String label, String[] domains, boolean auth) {
    return new WebSpec(kind, label, List.of(domains), auth, "", false, 0, 0);
  }

  /** A FastAPI kind: one route, one method, optional docs. */
  private static WebSpec endpoint(
      WebKind kind, String label, String[] domains, boolean auth, String method, boolean docs) {
    return new WebSpec(
        kind, label, List.of(domains), auth, method.toUpperCase(Locale.ROOT), docs, 0, 0);
  }
}
