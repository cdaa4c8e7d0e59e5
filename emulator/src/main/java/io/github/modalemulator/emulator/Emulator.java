package io.github.modalemulator.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.cli.EmulatorCli;
import io.github.modalemulator.internal.client.WebClients;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.gateway.Gateway;
import io.github.modalemulator.internal.gateway.IndexPage;
import io.github.modalemulator.internal.gateway.ProxyAuthHandler;
import io.github.modalemulator.internal.gateway.RequestJournal;
import io.github.modalemulator.internal.gateway.Route;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.FunctionLog;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * A running emulator of the cloud's web layer, serving the web functions of some {@code @App}
 * classes on one loopback port.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().apps(HelloApp.class).start()) {
 *   String url = emulator.webUrl("createApp"); // http://local--my-app-create-app.localhost:54321
 *   HttpClient client = emulator.httpClientBuilder().build();
 *   client.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
 * }
 * }</pre>
 *
 * <p>Hosts such as {@code local--my-app-hello.localhost} don't resolve in Java on Linux. The
 * emulator is therefore also an HTTP proxy for its own hosts: a client configured with {@link
 * #proxyAddress()} (or {@link #httpClientBuilder()}) reaches every label URL and custom domain
 * without DNS and without setting a {@code Host} header. curl does the same with {@code -x}.
 *
 * <p>Closing stops it gracefully: requests in flight finish (up to the stop timeout), containers
 * stop, then the port is released.
 */
public final class Emulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);

  private final Builder settings;
  private final List<ProxyAuthToken> tokens;
  private final boolean tokenGenerated;
  private final Map<String, FunctionRuntime> runtimes; // by app + "/" + function
  private final List<ContainerPool> pools;
  private final ExecutorService starter;
  private final ScheduledExecutorService autoscaler;
  private final RequestJournal journal;
  private final Undertow server;
  private final XnioWorker worker;
  private final GracefulShutdownHandler shutdown;
  private final int port;
  private final List<WebFunction> webFunctions;
  private final Object closing = new Object();
  private boolean closed; // guarded by closing
  private WebClients clients; // guarded by closing

  private Emulator(Builder settings, Deployment deployment) {
    this.settings = settings;
    boolean authNeeded =
        deployment.endpoints().stream().anyMatch(e -> e.function().web().requiresProxyAuth());
    this.tokenGenerated = authNeeded && settings.tokens.isEmpty();
    this.tokens =
        tokenGenerated ? List.of(ProxyAuthToken.generate()) : List.copyOf(settings.tokens);
    this.journal = new RequestJournal(settings.journalCapacity);

    this.runtimes = new LinkedHashMap<>();
    this.starter = Executors.newCachedThreadPool(daemonThreads("modal-container-start"));
    this.autoscaler = Executors.newSingleThreadScheduledExecutor(daemonThreads("modal-autoscaler"));
    Map<Object, ContainerPool> poolsByKey = new LinkedHashMap<>();
    FunctionCalls calls = new FunctionCalls();
    for (Deployment.Endpoint endpoint : deployment.endpoints()) {
      var function = endpoint.function();
      Object key = function.cls() != null ? function.cls().type() : function;
      List<FunctionDefinition> members =
          deployment.endpoints().stream()
              .map(Deployment.Endpoint::function)
              .filter(f -> f == function || (f.cls() != null && f.cls().type() == key))
              .toList();
      poolsByKey.computeIfAbsent(
          key,
          k ->
              new ContainerPool(
                  function.cls() != null ? function.cls().name() : function.name(),
                  function.cls(),
                  members,
                  settings.scaledownWindow,
                  settings.pendingInputLimit,
                  new FunctionLog(function.cls() != null ? function.cls().name() : function.name()),
                  new FastapiOptions(settings.json, settings.fastapiStack),
                  starter));
    }
    this.pools = List.copyOf(poolsByKey.values());
    Map<String, Route> byHostLabel = new HashMap<>();
    Map<String, Route> byDomain = new HashMap<>();
    for (Deployment.Endpoint endpoint : deployment.endpoints()) {
      var function = endpoint.function();
      ContainerPool pool =
          poolsByKey.get(function.cls() != null ? function.cls().type() : function);
      FunctionLog log = pool.log();
      if (function.web().kind() == WebKind.WEB_ENDPOINT) {
        log.warn(
            "@WebEndpoint on "
                + function.where()
                + " is deprecated: 2025-03-05: The `@modal.web_endpoint` decorator has been"
                + " renamed to `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the same"
                + " attributes.");
      }
      FunctionRuntime runtime =
          new FunctionRuntime(
              function, pool, settings.pendingInputLimit, calls, settings.gatewayTimeout);
      runtimes.put(function.appName() + "/" + function.name(), runtime);
      HttpHandler chain =
          function.web().requiresProxyAuth() ? new ProxyAuthHandler(tokens, runtime) : runtime;
      Route route = new Route(function.appName(), function.name(), chain);
      byHostLabel.put(endpoint.hostLabel(), route);
      endpoint.customDomains().forEach(domain -> byDomain.put(domain, route));
    }

    IndexPage index = new IndexPage();
    Set<String> ownHosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
    ownHosts.add(
        settings.bindAddress.contains(":")
            ? "[" + settings.bindAddress + "]"
            : settings.bindAddress);
    Gateway gateway =
        new Gateway(byHostLabel, byDomain, ownHosts, index, journal, settings.maxRequestBodySize);
    this.shutdown = new GracefulShutdownHandler(gateway);
    this.worker = createWorker(settings.workerThreads);
    this.server =
        Undertow.builder()
            .addHttpListener(settings.port, settings.bindAddress)
            .setWorker(worker)
            // The gateway enforces the body limit itself, so a client over it gets a 413
            // (Undertow's
            // own limit, 2 MiB by default, would cut the connection instead).
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
            .setServerOption(
                UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.headerTimeout.toMillis())
            .setServerOption(
                UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.idleTimeout.toMillis())
            .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) settings.idleTimeout.toMillis())
            .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
            .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
            .setSocketOption(Options.REUSE_ADDRESSES, true)
            .setHandler(shutdown)
            .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      worker.shutdownNow();
      starter.shutdownNow();
      autoscaler.shutdownNow();
      throw e;
    }
    // minContainers and bufferContainers start now, in the background; then the autoscaler's
    // rounds stop idle containers and keep the pools warm.
    pools.forEach(ContainerPool::warm);
    autoscaler.scheduleWithFixedDelay(this::autoscale, 100, 100, TimeUnit.MILLISECONDS);
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    this.webFunctions = deployment.endpoints().stream().map(this::describe).toList();
    index.setContent(settings.workspace, settings.environment, settings.serveMode, webFunctions);
  }

  /** A builder with the defaults: workspace {@code local}, any free loopback port. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Serves the apps on port 9000 in serve mode, prints their URLs as {@code java -jar emulator.jar
   * serve} does, and blocks until the JVM is stopped: a one-line {@code main} to run and debug apps
   * from an IDE. The system property {@code modal.emulator.port} picks another port (0: any free
   * one).
   *
   * <pre>{@code
   * public static void main(String[] args) {
   *   Emulator.serve(HelloApp.class);
   * }
   * }</pre>
   */
  public static void serve(Class<?>... apps) {
    EmulatorCli.serveInProcess(apps);
  }

  /** The port the emulator listens on. */
  public int port() {
    return port;
  }

  /** Where to send requests for any of the emulator's hosts when using it as an HTTP proxy. */
  public InetSocketAddress proxyAddress() {
    return new InetSocketAddress(connectAddress(), port);
  }

  /** A proxy selector for {@link #proxyAddress()}, for {@code HttpClient.Builder.proxy}. */
  public ProxySelector proxySelector() {
    return ProxySelector.of(proxyAddress());
  }

  /**
   * An {@link HttpClient} builder that reaches the emulator's label URLs and custom domains without
   * DNS (through {@link #proxyAddress()}), and does not follow redirects, as a browser's fetch in
   * {@code manual} mode.
   */
  public HttpClient.Builder httpClientBuilder() {
    return HttpClient.newBuilder()
        .proxy(proxySelector())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1);
  }

  /** {@code http://127.0.0.1:PORT}: the emulator's own pages (an index of its web functions). */
  public String baseUrl() {
    String host = connectAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The label URL of a web function, by its Java name ({@code createApp}, {@code MyAPI.health}) or
   * its Python twin's ({@code create_app}).
   *
   * @throws IllegalArgumentException when no web function, or more than one app's, has that name
   */
  public String webUrl(String function) {
    return find(function).url();
  }

  /** The label URL of a web function of one app. */
  public String webUrl(String app, String function) {
    return find(app, function).url();
  }

  /** Every web function served, in the order of the apps given, then by method name. */
  public List<WebFunction> webFunctions() {
    return webFunctions;
  }

  /** The requests answered so far (at most the journal capacity, newest last). */
  public List<RecordedRequest> requests() {
    return journal.snapshot();
  }

  /** Forgets the requests answered so far. */
  public void clearRequests() {
    journal.clear();
  }

  /**
   * The proxy auth tokens accepted: the configured ones, or the one generated at start when a
   * function requires proxy auth and none was configured.
   */
  public List<ProxyAuthToken> proxyAuthTokens() {
    return tokens;
  }

  /** The token generated at start, when none was configured and a function requires one. */
  public Optional<ProxyAuthToken> generatedProxyAuthToken() {
    return tokenGenerated ? Optional.of(tokens.get(0)) : Optional.empty();
  }

  /**
   * The log lines of a function's containers (starts, stops, failures with stack traces), the
   * function named as for {@link #webUrl(String)}.
   */
  public List<String> logs(String function) {
    WebFunction found = find(function);
    return runtimes.get(found.app() + "/" + found.name()).log().lines();
  }

  /** As {@link #logs(String)}, naming the app too. */
  public List<String> logs(String app, String function) {
    WebFunction found = find(app, function);
    return runtimes.get(found.app() + "/" + found.name()).log().lines();
  }

  /**
   * What the containers of a function are doing (live, starting, inputs in flight and queued, cold
   * starts), the function named as for {@link #webUrl(String)}. The web methods of a {@code @Cls}
   * class share their containers and figures.
   */
  public ContainerStats containers(String function) {
    WebFunction found = find(function);
    return runtimes.get(found.app() + "/" + found.name()).pool().stats();
  }

  /** As {@link #containers(String)}, naming the app too. */
  public ContainerStats containers(String app, String function) {
    WebFunction found = find(app, function);
    return runtimes.get(found.app() + "/" + found.name()).pool().stats();
  }

  /**
   * Stops now every idle container that the scaling settings don't keep ({@code minContainers},
   * {@code bufferContainers}), as the scaledown window would later: their {@code @Exit} methods run
   * before this returns.
   */
  public void stopIdleContainers() {
    pools.forEach(ContainerPool::stopIdleContainers);
  }

  /**
   * A typed client of a {@code @Cls} class: an instance of a generated subclass whose
   * {@code @FastapiEndpoint} methods send real HTTP requests through this emulator, placing the
   * arguments as the endpoint binds them (query string, headers, JSON body), and read the JSON
   * answer into the method's return type. A status other than 2xx throws {@link WebCallException}.
   * Other methods run as written, locally.
   *
   * <p>The cloud has no such thing: there, calling a web function with {@code .remote()} is an
   * error ("A webhook function cannot be invoked for remote execution with .remote"); this is a
   * test convenience that goes through HTTP exactly as a client would. Arguments of {@code Request}
   * and {@code @Depends} parameters are not sent (the server fills those).
   */
  public <T> T client(Class<T> cls) {
    List<WebClients.Target> targets = new ArrayList<>();
    for (FunctionRuntime runtime : runtimes.values()) {
      var function = runtime.definition();
      if (function.cls() != null && function.cls().type() == cls) {
        targets.add(new WebClients.Target(function, webUrl(function.appName(), function.name())));
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          cls.getName()
              + " is not a @Cls class of the apps served here; the classes are: "
              + runtimes.values().stream()
                  .map(r -> r.definition().cls())
                  .filter(Objects::nonNull)
                  .map(c -> c.type().getName())
                  .distinct()
                  .collect(Collectors.joining(", ")));
    }
    return clients().client(cls, targets);
  }

  /**
   * Calls a static {@code @FastapiEndpoint} function over HTTP, as {@link #client(Class)} does for
   * a class: {@code arguments} are its parameters in order, the JSON answer is read as {@code
   * type}.
   */
  public <T> T call(String function, Class<T> type, Object... arguments) {
    WebFunction found = find(function);
    FunctionRuntime runtime = runtimes.get(found.app() + "/" + found.name());
    var definition = runtime.definition();
    Object result =
        clients()
            .call(
                new WebClients.Target(definition, found.url()),
                new WebClients.Shape(definition.method(), type),
                arguments);
    @SuppressWarnings("unchecked") // a primitive type's value comes back boxed
    Class<T> boxed = (Class<T>) MethodType.methodType(type).wrap().returnType();
    return boxed.cast(result);
  }

  private WebClients clients() {
    synchronized (closing) {
      if (clients == null) {
        // Follows a 303 to a result URL, as a browser would, when a call outlasts the gateway.
        clients =
            new WebClients(
                httpClientBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(),
                settings.json);
      }
      return clients;
    }
  }

  /** Whether serve mode ({@code -dev} labels) is on. */
  public boolean serveMode() {
    return settings.serveMode;
  }

  @Override
  public void close() {
    synchronized (closing) {
      if (closed) {
        return;
      }
      closed = true;
    }
    shutdown.shutdown();
    try {
      shutdown.awaitShutdown(settings.stopTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    // Containers stop while the I/O threads still run (a proxy's connections close through
    // them); a start still running never blocks this. Then user code that hangs is interrupted,
    // as Undertow alone would wait for it forever, and the threads get a bounded wait.
    autoscaler.shutdownNow();
    pools.forEach(ContainerPool::stop);
    // Starts still running end, and their containers stop (their exit hooks run) before close()
    // returns; stops handed to the starter finish too.
    starter.shutdown();
    try {
      if (!starter.awaitTermination(settings.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        starter.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
    try {
      if (!worker.awaitTermination(settings.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "Some user code still runs {} after the emulator stopped; its threads are left to end"
                + " on their own",
            settings.stopTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void autoscale() {
    long now = System.nanoTime();
    for (FunctionRuntime runtime : runtimes.values()) {
      try {
        runtime.sweep(now);
      } catch (RuntimeException | Error e) {
        LOG.error("The deadline check of {} failed", runtime.pool().name(), e);
      }
    }
    for (ContainerPool pool : pools) {
      try {
        pool.tick();
      } catch (RuntimeException | Error e) {
        LOG.error("The autoscaler failed on the containers of {}", pool.name(), e);
      }
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The I/O and worker threads, ours to stop: see {@link #close()}. */
  private static XnioWorker createWorker(int workerThreads) {
    int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader())
          .createWorker(
              OptionMap.builder()
                  .set(Options.WORKER_NAME, "modal-emulator")
                  .set(Options.WORKER_IO_THREADS, ioThreads)
                  .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
                  .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                  .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                  .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the emulator's threads", e);
    }
  }

  private WebFunction describe(Deployment.Endpoint endpoint) {
    var function = endpoint.function();
    return new WebFunction(
        function.appName(),
        function.name(),
        function.web().kind().cloudName(),
        "http://" + endpoint.hostLabel() + ".localhost:" + port,
        endpoint.customDomains().stream().map(d -> "http://" + d + ":" + port).toList(),
        function.web().requiresProxyAuth());
  }

  private WebFunction find(String function) {
    List<WebFunction> found = webFunctions.stream().filter(f -> matches(f, function)).toList();
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          "more than one app has a web function \""
              + function
              + "\" ("
              + found.stream().map(WebFunction::app).collect(Collectors.joining(", "))
              + "); name the app too, as in webUrl(app, function)");
    }
    return found.stream().findFirst().orElseThrow(() -> unknown(function));
  }

  private WebFunction find(String app, String function) {
    return webFunctions.stream()
        .filter(f -> f.app().equals(app) && matches(f, function))
        .findFirst()
        .orElseThrow(() -> unknown(app + "/" + function));
  }

  private static boolean matches(WebFunction function, String name) {
    return function.name().equals(name) || Labels.snakeCase(function.name()).equals(name);
  }

  private IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "no web function \""
            + name
            + "\"; the web functions are: "
            + webFunctions.stream()
                .map(f -> f.app() + "/" + f.name())
                .collect(Collectors.joining(", ")));
  }

  private String connectAddress() {
    String bind = settings.bindAddress;
    return bind.equals("0.0.0.0") ? "127.0.0.1" : bind.equals("::") ? "::1" : bind;
  }

  /** Settings for an {@link Emulator}; {@link #start()} validates the apps and binds the port. */
  public static final class Builder {
    private final List<Class<?>> apps = new ArrayList<>();
    private String workspace = "local";
    private String environment = "";
    private boolean serveMode;
    private int port;
    private String bindAddress = "127.0.0.1";
    private final List<ProxyAuthToken> tokens = new ArrayList<>();
    private long maxRequestBodySize = 4L * 1024 * 1024 * 1024;
    private Duration headerTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(120);
    private Duration stopTimeout = Duration.ofSeconds(10);
    private int journalCapacity = 10_000;
    private Duration scaledownWindow; // null: each function's own
    private int pendingInputLimit = 2000;
    private Duration gatewayTimeout = Duration.ofSeconds(150);
    private int workerThreads = Math.max(64, Runtime.getRuntime().availableProcessors() * 8);
    private ObjectMapper json = defaultObjectMapper();
    private FastapiStack fastapiStack = FastapiStack.CURRENT;

    private Builder() {}

    /** The {@code @App} classes to serve. */
    public Builder apps(Class<?>... apps) {
      this.apps.addAll(Arrays.asList(apps));
      return this;
    }

    /** The workspace name in every host ({@code local} by default). */
    public Builder workspace(String workspace) {
      this.workspace = requireDnsLabel("workspace", workspace);
      return this;
    }

    /** The environment's web suffix; empty (the default) for the default environment. */
    public Builder environment(String environment) {
      Objects.requireNonNull(environment, "environment");
      this.environment = environment.isEmpty() ? "" : requireDnsLabel("environment", environment);
      return this;
    }

    /** True: labels get {@code -dev}, as with the cloud's serve command. */
    public Builder serveMode(boolean serveMode) {
      this.serveMode = serveMode;
      return this;
    }

    /** The port; 0 (the default) for any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to listen on; {@code 127.0.0.1} (loopback) by default. */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /** A proxy auth token to accept; may be called more than once. */
    public Builder proxyAuthToken(String key, String secret) {
      return proxyAuthToken(new ProxyAuthToken(key, secret));
    }

    /** A proxy auth token to accept; may be called more than once. */
    public Builder proxyAuthToken(ProxyAuthToken token) {
      tokens.add(Objects.requireNonNull(token, "token"));
      return this;
    }

    /** Largest request body accepted, in bytes; larger ones get 413. 4 GiB by default. */
    public Builder maxRequestBodySize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxRequestBodySize can't be negative, got " + bytes);
      }
      this.maxRequestBodySize = bytes;
      return this;
    }

    /** How long a client may take to send a request's headers (30 s by default). */
    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = positiveMillis("headerTimeout", timeout);
      return this;
    }

    /** How long an idle connection is kept open (120 s by default). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positiveMillis("idleTimeout", timeout);
      return this;
    }

    /** How long {@link Emulator#close()} waits for requests in flight (10 s by default). */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = positiveMillis("stopTimeout", timeout);
      return this;
    }

    /** How many requests {@link Emulator#requests()} keeps (10,000 by default; 0 keeps none). */
    public Builder journalCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("journalCapacity can't be negative, got " + capacity);
      }
      this.journalCapacity = capacity;
      return this;
    }

    /**
     * Replaces every function's scaledown window (60 s by default, 2 s at least in the cloud), so a
     * test sees idle containers stop, and their {@code @Exit} methods run, without waiting.
     */
    public Builder scaledownWindow(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative()) {
        throw new IllegalArgumentException("scaledownWindow can't be negative, got " + window);
      }
      this.scaledownWindow = window;
      return this;
    }

    /**
     * How many inputs of one function may wait for a container before the next gets a {@code 429}:
     * 2000, as in the cloud, by default; smaller lets a test reach it.
     */
    public Builder pendingInputLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("pendingInputLimit can't be negative, got " + limit);
      }
      this.pendingInputLimit = limit;
      return this;
    }

    /**
     * How long a request may go without response headers before the client gets a {@code 303} to
     * its result URL (150 s, as in the cloud); shorter lets a test see the flow.
     */
    public Builder gatewayTimeout(Duration timeout) {
      this.gatewayTimeout = positiveMillis("gatewayTimeout", timeout);
      return this;
    }

    /** Threads that run user code (at least 64 by default, created as needed). */
    public Builder workerThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("workerThreads must be at least 1, got " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /**
     * The Jackson mapper that reads request bodies and writes results of {@code @FastapiEndpoint}
     * functions. The default has the JSR-310 and JDK 8 modules and writes dates as ISO strings, as
     * FastAPI does.
     */
    public Builder objectMapper(ObjectMapper mapper) {
      this.json = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * The FastAPI, Starlette and pydantic releases {@code @FastapiEndpoint} functions answer as:
     * {@link FastapiStack#CURRENT} by default; {@link FastapiStack#LEGACY} for an image pinned to
     * the releases before Starlette's CORS change.
     */
    public Builder fastapiStack(FastapiStack stack) {
      this.fastapiStack = Objects.requireNonNull(stack, "stack");
      return this;
    }

    /** The default {@link #objectMapper(ObjectMapper)}. */
    public static ObjectMapper defaultObjectMapper() {
      return JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();
    }

    /**
     * Validates the apps, then binds the port and serves.
     *
     * @throws InvalidError when the apps have definition errors (no port is bound then)
     */
    public Emulator start() {
      Deployment deployment = Deployment.of(apps, workspace, environment, serveMode);
      return new Emulator(this, deployment);
    }

    private static String requireDnsLabel(String what, String value) {
      Objects.requireNonNull(value, what);
      if (!Labels.isValidDnsLabel(value)) {
        throw new IllegalArgumentException(
            what
                + " \""
                + value
                + "\" can't be part of a host name: use lower-case letters, digits and dashes");
      }
      return value;
    }

    private static Duration positiveMillis(String what, Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            what + " must be positive and under 24 days, got " + timeout);
      }
      return timeout;
    }
  }
}
