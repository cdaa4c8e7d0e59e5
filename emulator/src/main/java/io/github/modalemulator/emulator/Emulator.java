package io.github.modalemulator.emulator;

import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.RemoteCls;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.internal.assembly.EdgeServer;
import io.github.modalemulator.internal.calls.CallRecord;
import io.github.modalemulator.internal.calls.Handles;
import io.github.modalemulator.internal.client.WebClients;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.ParameterSpec;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.serve.IdeReload;
import io.github.modalemulator.internal.serve.ServeLoop;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

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
  private final EdgeServer edge;
  private volatile long callsMark; // calls() shows those after it: clearCalls()
  private final java.util.function.Function<List<Class<?>>, Deployment> deployer;
  private final Object clientsLock = new Object();
  private WebClients clients; // guarded by clientsLock

  /**
   * @param deployer validates apps as the builder did (workspace, labels, dev suffix...)
   */
  Emulator(EdgeServer edge, java.util.function.Function<List<Class<?>>, Deployment> deployer) {
    this.edge = edge;
    this.deployer = deployer;
  }

  /** A builder with the defaults: workspace {@code local}, any free loopback port. */
  public static EmulatorBuilder builder() {
    return new EmulatorBuilder();
  }

  /**
   * Serves the apps on port 9000 in serve mode, prints their URLs as {@code java -jar emulator.jar
   * serve} does, and blocks until the JVM is stopped: a one-line {@code main} to run and debug apps
   * from an IDE. When the apps' classes came from folders (an IDE's build output), a recompile
   * reloads them, as {@code serve} does. The system property {@code modal.emulator.port} picks
   * another port (0: any free one).
   *
   * <pre>{@code
   * public static void main(String[] args) {
   *   Emulator.serve(HelloApp.class);
   * }
   * }</pre>
   */
  public static void serve(Class<?>... apps) {
    ServeLoop.quietLibraryLogging();
    int port = Integer.getInteger(ServeLoop.PORT_PROPERTY, 9000);
    Emulator emulator = builder().apps(apps).serveMode(true).port(port).start();
    List<String> lines = new java.util.ArrayList<>(emulator.startupLines());
    IdeReload watching;
    try {
      watching =
          IdeReload.of(
              List.of(apps),
              classes -> emulator.reload(classes.toArray(Class<?>[]::new)),
              System.out,
              System.err);
    } catch (java.io.IOException e) {
      System.err.println("Can't watch the apps' folders for changes: " + e.getMessage());
      watching = null;
    }
    if (watching != null) {
      lines.add(ServeLoop.SERVING);
      lines.add(watching.watchingLine());
      watching.start();
    }
    IdeReload reloading = watching;
    ServeLoop.run(
        lines,
        () -> {
          if (reloading != null) {
            reloading.close();
          }
          emulator.close();
        });
  }

  /** What {@code serve} prints once this emulator runs: the cloud's lines for its functions. */
  public List<String> startupLines() {
    List<String> lines =
        new java.util.ArrayList<>(
            ServeLoop.startupLines(
                edge.calledFunctions(), webFunctions(), generatedProxyAuthToken(), baseUrl()));
    ownPagesLine().ifPresent(line -> lines.add(lines.size() - 1, line));
    return List.copyOf(lines);
  }

  /**
   * Who the emulator's own pages answer, when other machines can connect: they may not expect the
   * dashboard to be closed to them, nor open. Never the token itself, only where to read it.
   */
  private Optional<String> ownPagesLine() {
    String token = edge.settings().edge().dashboardAccess().token();
    if (token != null) {
      return Optional.of(
          "Dashboard and API: other machines need its token (Authorization: Bearer TOKEN, or"
              + " open "
              + baseUrl()
              + "/?dashboard_token=TOKEN); read it on this machine at "
              + baseUrl()
              + "/api/dashboard-token");
    }
    String bind = edge.settings().http().bindAddress();
    boolean loopback;
    try {
      loopback = java.net.InetAddress.getByName(bind).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      loopback = false;
    }
    return loopback
        ? Optional.empty()
        : Optional.of(
            "Listening on "
                + bind
                + ": functions answer other machines; the dashboard and its API answer only this"
                + " one (a dashboard token opens them to others)");
  }

  /** The port the emulator listens on. */
  public int port() {
    return edge.port();
  }

  /** Where to send requests for any of the emulator's hosts when using it as an HTTP proxy. */
  public InetSocketAddress proxyAddress() {
    return new InetSocketAddress(edge.settings().http().connectAddress(), edge.port());
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
    String host = edge.settings().http().connectAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + edge.port();
  }

  /**
   * A web function, by its Java name ({@code createApp}, {@code MyAPI.health}) or its Python twin's
   * ({@code create_app}).
   *
   * @throws IllegalArgumentException when no web function, or more than one app's, has that name
   */
  public WebFunction webFunction(String function) {
    return edge.find(function).web();
  }

  /**
   * The label URL of a web function, by its Java name ({@code createApp}, {@code MyAPI.health}) or
   * its Python twin's ({@code create_app}).
   *
   * @throws IllegalArgumentException when no web function, or more than one app's, has that name
   */
  public String webUrl(String function) {
    return edge.find(function).web().url();
  }

  /** The label URL of a web function of one app. */
  public String webUrl(String app, String function) {
    return edge.find(app, function).web().url();
  }

  /** Every web function served, in the order of the apps given, then by method name. */
  public List<WebFunction> webFunctions() {
    return edge.served().stream().map(EdgeServer.Served::web).toList();
  }

  /**
   * The requests answered so far, newest last: at most the journal capacity, and at most a
   * sixteenth of the JVM's maximum heap (the oldest make room). Texts over 8 KiB are cut short with
   * a mark, as {@link RecordedRequest} says.
   */
  public List<RecordedRequest> requests() {
    return edge.journal().snapshot();
  }

  /** Forgets the requests answered so far. */
  public void clearRequests() {
    edge.journal().clear();
  }

  /**
   * The proxy auth tokens accepted: the configured ones, or the one generated at start when a
   * function requires proxy auth and none was configured.
   */
  public List<ProxyAuthToken> proxyAuthTokens() {
    return edge.tokens();
  }

  /** The token generated at start, when none was configured and a function requires one. */
  public Optional<ProxyAuthToken> generatedProxyAuthToken() {
    return edge.generatedToken();
  }

  /**
   * The log lines of a function's containers (starts, stops, failures with stack traces), the
   * function named as for {@link #webUrl(String)}.
   */
  public List<String> logs(String function) {
    return edge.find(function).endpoint().logLines();
  }

  /** As {@link #logs(String)}, naming the app too; also for a function that code calls. */
  public List<String> logs(String app, String function) {
    ContainerPool called = edge.calledPool(app, function);
    if (called != null) {
      return called.log().lines();
    }
    return edge.find(app, function).endpoint().logLines();
  }

  /**
   * What the containers of a function are doing (live, starting, inputs in flight and queued, cold
   * starts), the function named as for {@link #webUrl(String)}. The web methods of a {@code @Cls}
   * class share their containers and figures.
   */
  public ContainerStats containers(String function) {
    return edge.find(function).endpoint().stats();
  }

  /**
   * As {@link #containers(String)}, naming the app too; also for a function that code calls ({@code
   * process}, {@code Model.predict}).
   */
  public ContainerStats containers(String app, String function) {
    ContainerPool called = edge.calledPool(app, function);
    if (called != null) {
      return called.stats();
    }
    return edge.find(app, function).endpoint().stats();
  }

  /**
   * Stops now every idle container that the scaling settings don't keep ({@code minContainers},
   * {@code bufferContainers}), as the scaledown window would later: their {@code @Exit} methods run
   * before this returns. A container whose inputs all have their answers on the way is waited for,
   * up to a second: the client may have its response a moment before the code returns.
   */
  public void stopIdleContainers() {
    edge.generation().stopIdleContainers();
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
    return client(cls, Map.of());
  }

  /**
   * A typed client of a {@code @Cls} class whose {@code @Parameter} fields take these values (the
   * others their defaults): every call sends them in the query string, so it reaches the containers
   * of that parameter set. Values are of the fields' types ({@code String}, a number, {@code
   * Boolean}, {@code byte[]}).
   *
   * <pre>{@code
   * Model large = emulator.client(Model.class, Map.of("name", "large"));
   * }</pre>
   */
  public <T> T client(Class<T> cls, Map<String, ?> parameters) {
    Map<String, String> texts = new LinkedHashMap<>();
    List<WebClients.Target> targets =
        edge.served().stream()
            .filter(s -> s.endpoint().function().cls() != null)
            .filter(s -> s.endpoint().function().cls().type() == cls)
            .map(s -> new WebClients.Target(s.endpoint().function(), s.web().url(), texts))
            .toList();
    if (!targets.isEmpty()) {
      List<String> known =
          targets.get(0).function().cls().parameters().stream().map(ParameterSpec::name).toList();
      parameters.forEach(
          (name, value) -> {
            if (!known.contains(name)) {
              throw new IllegalArgumentException(
                  "\""
                      + name
                      + "\" is not a @Parameter field of "
                      + cls.getSimpleName()
                      + "; its parameters are: "
                      + known);
            }
            texts.put(name, ParameterSpec.text(Objects.requireNonNull(value, name)));
          });
      targets =
          targets.stream().map(t -> new WebClients.Target(t.function(), t.url(), texts)).toList();
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          cls.getName()
              + " is not a @Cls class of the apps served here; the classes are: "
              + edge.served().stream()
                  .map(s -> s.endpoint().function().cls())
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
    EdgeServer.Served found = edge.find(function);
    FunctionDefinition definition = found.endpoint().function();
    Object result =
        clients()
            .call(
                new WebClients.Target(definition, found.web().url()),
                new WebClients.Shape(definition.method(), type),
                arguments);
    @SuppressWarnings("unchecked") // a primitive type's value comes back boxed
    Class<T> boxed = (Class<T>) MethodType.methodType(type).wrap().returnType();
    return boxed.cast(result);
  }

  private WebClients clients() {
    synchronized (clientsLock) {
      if (clients == null) {
        // Follows a 303 to a result URL, as a browser would, when a call outlasts the gateway.
        clients =
            new WebClients(
                httpClientBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(),
                edge.settings().functions().json());
      }
      return clients;
    }
  }

  /**
   * A function of an app served here by its names ({@code process}, {@code Model.predict}), or a
   * stub: calls through this handle go to this emulator, results read as plain JSON values. The
   * twin of {@code modal.Function.from_name}, bound to this emulator.
   */
  @SuppressWarnings("unchecked") // the binder makes a RemoteFunction<Object>
  public RemoteFunction<Object> function(String app, String name) {
    return (RemoteFunction<Object>) Handles.binder().byName(edge.calls(), app, name);
  }

  /**
   * {@code handle} (typically {@code RemoteFunction.of(MyApp::process)}) calling through this
   * emulator, whichever runs elsewhere in the JVM.
   */
  @SuppressWarnings("unchecked") // a copy of the handle, of its type
  public <R> RemoteFunction<R> function(RemoteFunction<R> handle) {
    return (RemoteFunction<R>) Handles.binder().bind(handle, edge.calls());
  }

  /** A {@code @Cls} class of an app served here, for its {@code @Method} methods. */
  public RemoteCls cls(String app, String name) {
    return (RemoteCls) Handles.binder().cls(edge.calls(), app, name);
  }

  /** A call made here, by its id; an unknown id fails when it is first used. */
  @SuppressWarnings("unchecked") // the binder makes a FunctionCall<Object>
  public FunctionCall<Object> functionCall(String id) {
    return (FunctionCall<Object>) Handles.binder().call(edge.calls(), id);
  }

  /**
   * The calls a function received (by {@code remote}, {@code spawn}, {@code map}...), oldest first:
   * arguments, status, result, the container that ran each. A stub's too. Since the last {@link
   * #clearCalls()}.
   */
  public List<RecordedCall> calls(String app, String function) {
    return edge
        .calls()
        .ledger()
        .recordsAfter(callsMark, r -> r.app().equals(app) && r.function().equals(function))
        .stream()
        .map(CallRecord::view)
        .toList();
  }

  /** Every call made here since the last {@link #clearCalls()}, oldest first. */
  public List<RecordedCall> calls() {
    return edge.calls().ledger().recordsAfter(callsMark, r -> true).stream()
        .map(CallRecord::view)
        .toList();
  }

  /**
   * Forgets the calls made so far for {@link #calls()}; they are still found by id ({@link
   * #functionCall}, {@code FunctionCall.fromId}) and run on. The JUnit extension does this before
   * each test, as it clears the requests.
   */
  public void clearCalls() {
    callsMark = edge.calls().ledger().mark();
  }

  /**
   * Answers the calls of {@code app}'s function {@code name} with {@code stub} from now on, in
   * place of the function if it is served here (typically one that another team deploys, not here
   * at all). See {@link FunctionStub}.
   */
  public void stub(String app, String name, FunctionStub stub) {
    edge.calls().stub(app, name, Objects.requireNonNull(stub, "stub"));
  }

  /** Removes every stub. */
  public void clearStubs() {
    edge.calls().clearStubs();
  }

  /**
   * Serves these apps from now on in place of those served, as the cloud's serve command does when
   * their code changes, with no request failing: new requests reach the new code at once, requests
   * in flight finish on the old code, then its containers stop ({@code @Exit} runs). The port, the
   * proxy auth tokens, the journal and the results of 303s stay. Pass classes from a new class
   * loader to serve recompiled code.
   *
   * <pre>{@code
   * Reloaded reloaded = emulator.reload(newLoader.loadClass("com.example.ShopApp"));
   * }</pre>
   *
   * @throws io.github.modalemulator.InvalidError when the apps have definition errors: the apps
   *     served until then stay served
   */
  public Reloaded reload(Class<?>... apps) {
    EdgeServer.Reload reload = edge.reload(deployer.apply(List.of(apps)));
    return new Reloaded(
        edge.generationNumber(),
        reload.added(),
        reload.changed(),
        reload.removed(),
        reload.drained());
  }

  /** Whether serve mode ({@code -dev} labels) is on. */
  public boolean serveMode() {
    return edge.settings().apps().serveMode();
  }

  /** Stops gracefully; a second call does nothing. */
  @Override
  public void close() {
    edge.close();
  }
}
