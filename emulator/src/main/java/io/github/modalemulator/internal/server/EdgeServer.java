package io.github.modalemulator.internal.server;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.emulator.WebFunction;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.gateway.HostRouter;
import io.github.modalemulator.internal.gateway.IndexPage;
import io.github.modalemulator.internal.gateway.RequestJournal;
import io.github.modalemulator.internal.gateway.Routes;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import io.github.modalemulator.internal.runtime.fastapi.FastapiContainer;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The emulator as it runs: the cloud's edge (routing, journal, proxy auth, result URLs) in front of
 * the generation in service, on one port. What the public facade reads comes from here.
 */
public final class EdgeServer implements AutoCloseable {
  /** A web function as served: how clients see it, and what runs it. */
  public record Served(WebFunction web, FunctionRuntime runtime) {}

  private final Settings settings;
  private final Server server;
  private final RequestJournal journal;
  private final List<ProxyAuthToken> tokens;
  private final boolean tokenGenerated;
  private final Generation generation;
  private final int port;
  private final List<Served> served;

  private EdgeServer(Settings settings, Deployment deployment) {
    this.settings = settings;
    this.tokenGenerated = deployment.needsProxyAuth() && settings.tokens().isEmpty();
    this.tokens = tokenGenerated ? List.of(ProxyAuthToken.generate()) : settings.tokens();
    this.journal = new RequestJournal(settings.journalCapacity());
    FunctionCalls calls = new FunctionCalls();
    this.server = new Server(settings);
    try {
      this.generation =
          server.generation(
              deployment,
              ContainerKinds.of(
                  FastapiContainer.kind(
                      new FastapiOptions(settings.json(), settings.fastapiStack()))),
              calls);
      Routes.Edge edge =
          new Routes.Edge(tokens, journal, settings.maxRequestBodySize(), settings.bodies(), calls);
      AtomicReference<Routes> routes = new AtomicReference<>(Routes.of(entries(generation), edge));
      IndexPage index = new IndexPage();
      server.start(
          List.of(
              new Server.Listener(
                  settings.port(),
                  settings.bindAddress(),
                  new HostRouter(routes, ownHosts(settings), index, journal))));
      this.port = server.ports().get(0);
      this.served = describe(generation, port);
      index.setContent(
          settings.workspace(),
          settings.environment(),
          settings.serveMode(),
          served.stream().map(Served::web).toList());
      server.serve(generation);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /** Validates nothing more (the deployment is valid), binds the port and serves. */
  public static EdgeServer start(Settings settings, Deployment deployment) {
    return new EdgeServer(settings, deployment);
  }

  public Settings settings() {
    return settings;
  }

  public int port() {
    return port;
  }

  public RequestJournal journal() {
    return journal;
  }

  public List<ProxyAuthToken> tokens() {
    return tokens;
  }

  public Optional<ProxyAuthToken> generatedToken() {
    return tokenGenerated ? Optional.of(tokens.get(0)) : Optional.empty();
  }

  public List<Served> served() {
    return served;
  }

  public Generation generation() {
    return generation;
  }

  /**
   * A web function by its Java name ({@code createApp}, {@code MyAPI.health}) or its Python twin's
   * ({@code create_app}).
   *
   * @throws IllegalArgumentException when no web function, or more than one app's, has that name
   */
  public Served find(String function) {
    List<Served> found = served.stream().filter(s -> matches(s, function)).toList();
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          "more than one app has a web function \""
              + function
              + "\" ("
              + found.stream().map(s -> s.web().app()).collect(Collectors.joining(", "))
              + "); name the app too, as in webUrl(app, function)");
    }
    return found.stream().findFirst().orElseThrow(() -> unknown(function));
  }

  /** A web function of one app. */
  public Served find(String app, String function) {
    return served.stream()
        .filter(s -> s.web().app().equals(app) && matches(s, function))
        .findFirst()
        .orElseThrow(() -> unknown(app + "/" + function));
  }

  @Override
  public void close() {
    server.close();
  }

  private static boolean matches(Served served, String name) {
    String own = served.web().name();
    return own.equals(name) || Labels.snakeCase(own).equals(name);
  }

  private IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "no web function \""
            + name
            + "\"; the web functions are: "
            + served.stream()
                .map(s -> s.web().app() + "/" + s.web().name())
                .collect(Collectors.joining(", ")));
  }

  private static List<Routes.Entry> entries(Generation generation) {
    List<Routes.Entry> entries = new ArrayList<>();
    List<Deployment.Endpoint> endpoints = generation.deployment().endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      Deployment.Endpoint endpoint = endpoints.get(i);
      FunctionDefinition function = endpoint.function();
      entries.add(
          new Routes.Entry(
              function.appName(),
              function.name(),
              endpoint.hostLabel(),
              endpoint.customDomains(),
              function.web().requiresProxyAuth(),
              function.web().kind(),
              generation.runtimes().get(i)));
    }
    return entries;
  }

  private static List<Served> describe(Generation generation, int port) {
    List<Served> served = new ArrayList<>();
    List<Deployment.Endpoint> endpoints = generation.deployment().endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      Deployment.Endpoint endpoint = endpoints.get(i);
      FunctionDefinition function = endpoint.function();
      WebFunction web =
          new WebFunction(
              function.appName(),
              function.name(),
              function.web().kind().cloudName(),
              "http://" + endpoint.hostLabel() + ".localhost:" + port,
              endpoint.customDomains().stream().map(d -> "http://" + d + ":" + port).toList(),
              function.web().requiresProxyAuth());
      served.add(new Served(web, generation.runtimes().get(i)));
    }
    return List.copyOf(served);
  }

  private static Set<String> ownHosts(Settings settings) {
    Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
    String bind = settings.bindAddress();
    hosts.add(bind.contains(":") ? "[" + bind + "]" : bind);
    return hosts;
  }
}
