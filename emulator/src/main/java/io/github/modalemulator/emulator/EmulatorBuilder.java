package io.github.modalemulator.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.assembly.ContainerServer;
import io.github.modalemulator.internal.assembly.EdgeServer;
import io.github.modalemulator.internal.assembly.Settings;
import io.github.modalemulator.internal.dashboard.DashboardAccess;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.gateway.BodyRules;
import io.github.modalemulator.internal.runtime.LocalResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Settings for an {@link Emulator}; {@link #start()} validates the apps, binds the port and serves.
 * A builder may be reused: what {@code start()} read is copied, so later changes reach only the
 * emulators started after them.
 *
 * <pre>{@code
 * EmulatorBuilder builder = Emulator.builder().apps(HelloApp.class).serveMode(true);
 * try (Emulator first = builder.start(); Emulator second = builder.port(0).start()) { ... }
 * }</pre>
 */
public final class EmulatorBuilder {
  /**
   * The default mapper, one per JVM, made on a thread of its own once this class is first used:
   * Jackson's start-up (its date modules load a few hundred classes) runs while the apps are read.
   */
  private static final CompletableFuture<ObjectMapper> DEFAULT_JSON =
      CompletableFuture.supplyAsync(
          EmulatorBuilder::defaultObjectMapper,
          task -> {
            Thread thread = new Thread(task, "modal-default-json");
            thread.setDaemon(true);
            thread.start();
          });

  private final List<Class<?>> apps = new ArrayList<>();
  private String workspace = "local";
  private String environment = "";
  private boolean serveMode;
  private String devSuffix = "";
  private boolean strictWebEndpoint;
  private boolean strictWebServerBind;
  private int port;
  private String bindAddress = "127.0.0.1";
  private final List<ProxyAuthToken> tokens = new ArrayList<>();
  private long maxRequestBodySize = 4L * 1024 * 1024 * 1024;
  private long maxFastapiBodySize = -1; // -1: a sixteenth of the heap, at most the cloud's limit
  private int bodyMemoryThreshold = 1024 * 1024;
  private long minBodyRate = 1024;
  private Duration bodyRateWindow = Duration.ofSeconds(10);
  // The client library's FIRST_MESSAGE_TIMEOUT_SECONDS.
  private Duration firstMessageTimeout = Duration.ofSeconds(5);
  private Duration headerTimeout = Duration.ofSeconds(30);
  private Duration idleTimeout = Duration.ofSeconds(120);
  private Duration stopTimeout = Duration.ofSeconds(10);
  private int journalCapacity = 10_000;
  private Duration scaledownWindow; // null: each function's own
  private int pendingInputLimit = 2000;
  private Duration gatewayTimeout = Duration.ofSeconds(150);
  private int workerThreads = Math.max(64, Runtime.getRuntime().availableProcessors() * 8);
  private ObjectMapper json; // null: the shared default
  private final Map<List<String>, FunctionStub> stubs = new java.util.LinkedHashMap<>();
  private FastapiStack fastapiStack = FastapiStack.CURRENT;
  private Isolation isolation = Isolation.CONTAINER;
  private final Map<String, Map<String, String>> secrets = new java.util.LinkedHashMap<>();
  private Path secretsDir = LocalResources.DEFAULT.secretsDir();
  private Path volumesDir = LocalResources.DEFAULT.volumesDir();
  private boolean dashboard = true;
  private DashboardAccess dashboardAccess = DashboardAccess.DEFAULT;

  EmulatorBuilder() {}

  /** The {@code @App} classes to serve. */
  public EmulatorBuilder apps(Class<?>... apps) {
    this.apps.addAll(Arrays.asList(apps));
    return this;
  }

  /** The workspace name in every host ({@code local} by default). */
  public EmulatorBuilder workspace(String workspace) {
    this.workspace = requireDnsLabel("workspace", workspace);
    return this;
  }

  /** The environment's web suffix; empty (the default) for the default environment. */
  public EmulatorBuilder environment(String environment) {
    Objects.requireNonNull(environment, "environment");
    this.environment = environment.isEmpty() ? "" : requireDnsLabel("environment", environment);
    return this;
  }

  /** True: labels get {@code -dev}, as with the cloud's serve command. */
  public EmulatorBuilder serveMode(boolean serveMode) {
    this.serveMode = serveMode;
    return this;
  }

  /**
   * Replaces serve mode's {@code dev} in labels, as the cloud client's {@code dev_suffix} config
   * (or {@code MODAL_DEV_SUFFIX}) does: {@code devSuffix("pr42")} makes {@code
   * local--my-app-hello-pr42}. At most 8 letters or digits; empty (the default) keeps {@code dev}.
   * Deploy mode has no suffix, so there it changes nothing.
   */
  public EmulatorBuilder devSuffix(String devSuffix) {
    Objects.requireNonNull(devSuffix, "devSuffix");
    Labels.devSuffixProblem(devSuffix)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    this.devSuffix = devSuffix;
    return this;
  }

  /**
   * True: {@code @WebEndpoint} is a definition error with the words of the cloud client 1.4 and
   * later, which refuse {@code @modal.web_endpoint}. False (the default): it is served as
   * {@code @FastapiEndpoint} with a deprecation warning in the function's log, as older clients do.
   */
  public EmulatorBuilder strictWebEndpoint(boolean strict) {
    this.strictWebEndpoint = strict;
    return this;
  }

  /**
   * True: a {@code @WebServer} whose server accepts connections only on loopback fails its
   * container start, as it would in the cloud, where the edge connects from outside the container.
   * False (the default): the container starts and the function's log warns once, with the cloud's
   * advice. A server whose code asked {@link
   * io.github.modalemulator.ExecutionContext#bindAddress()} is never held to it. Checked on Linux,
   * from the kernel's socket tables; elsewhere not at all.
   */
  public EmulatorBuilder strictWebServerBind(boolean strict) {
    this.strictWebServerBind = strict;
    return this;
  }

  /** The port; 0 (the default) for any free one. */
  public EmulatorBuilder port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
    this.port = port;
    return this;
  }

  /** The address to listen on; {@code 127.0.0.1} (loopback) by default. */
  public EmulatorBuilder bindAddress(String bindAddress) {
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    return this;
  }

  /** A proxy auth token to accept; may be called more than once. */
  public EmulatorBuilder proxyAuthToken(String key, String secret) {
    return proxyAuthToken(new ProxyAuthToken(key, secret));
  }

  /** A proxy auth token to accept; may be called more than once. */
  public EmulatorBuilder proxyAuthToken(ProxyAuthToken token) {
    tokens.add(Objects.requireNonNull(token, "token"));
    return this;
  }

  /** Largest request body accepted, in bytes; larger ones get 413. 4 GiB by default. */
  public EmulatorBuilder maxRequestBodySize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxRequestBodySize can't be negative, got " + bytes);
    }
    this.maxRequestBodySize = bytes;
    return this;
  }

  /**
   * Largest body a {@code @FastapiEndpoint} is handed, in bytes; larger ones get the cloud's 413
   * before the function runs. The function holds such a body, or the values parsed from it, in
   * memory, so the default is a sixteenth of the JVM's maximum heap (at most {@link
   * #maxRequestBodySize(long)}): no body can run the heap out.
   *
   * <pre>{@code
   * Emulator.builder().apps(UploadApp.class).maxFastapiBodySize(512L * 1024 * 1024).start();
   * }</pre>
   */
  public EmulatorBuilder maxFastapiBodySize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxFastapiBodySize can't be negative, got " + bytes);
    }
    this.maxFastapiBodySize = bytes;
    return this;
  }

  /**
   * Bodies of {@code @FastapiEndpoint} functions up to this size are kept in memory while they
   * arrive, larger ones in a temporary file (1 MiB by default).
   */
  public EmulatorBuilder bodyMemoryThreshold(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bodyMemoryThreshold can't be negative, got " + bytes);
    }
    this.bodyMemoryThreshold = bytes;
    return this;
  }

  /**
   * The slowest a {@code @FastapiEndpoint}'s body may arrive, in bytes per second, averaged over
   * each {@link #bodyRateWindow(Duration)}; a slower client gets a 408 and its connection closes
   * (1,024 by default; 0 for no minimum).
   */
  public EmulatorBuilder minBodyRate(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("minBodyRate can't be negative, got " + bytesPerSecond);
    }
    this.minBodyRate = bytesPerSecond;
    return this;
  }

  /** How long a body may fall short of {@link #minBodyRate(long)} (10 s by default). */
  public EmulatorBuilder bodyRateWindow(Duration window) {
    this.bodyRateWindow = positiveMillis("bodyRateWindow", window);
    return this;
  }

  /**
   * How long a request's body may take to start once its function runs it before the client gets
   * the cloud's {@code 408} ("Missing request, possibly due to expiry or cancellation"); 5 s, as in
   * the cloud; shorter lets a test see it.
   */
  public EmulatorBuilder firstMessageTimeout(Duration timeout) {
    this.firstMessageTimeout = positiveMillis("firstMessageTimeout", timeout);
    return this;
  }

  /** How long a client may take to send a request's headers (30 s by default). */
  public EmulatorBuilder headerTimeout(Duration timeout) {
    this.headerTimeout = positiveMillis("headerTimeout", timeout);
    return this;
  }

  /** How long an idle connection is kept open (120 s by default). */
  public EmulatorBuilder idleTimeout(Duration timeout) {
    this.idleTimeout = positiveMillis("idleTimeout", timeout);
    return this;
  }

  /** How long {@link Emulator#close()} waits for requests in flight (10 s by default). */
  public EmulatorBuilder stopTimeout(Duration timeout) {
    this.stopTimeout = positiveMillis("stopTimeout", timeout);
    return this;
  }

  /**
   * How many requests {@link Emulator#requests()} keeps (10,000 by default; 0 keeps none). Fewer
   * are kept when they would take more than a sixteenth of the JVM's maximum heap.
   */
  public EmulatorBuilder journalCapacity(int capacity) {
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
  public EmulatorBuilder scaledownWindow(Duration window) {
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
  public EmulatorBuilder pendingInputLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("pendingInputLimit can't be negative, got " + limit);
    }
    this.pendingInputLimit = limit;
    return this;
  }

  /**
   * How long a request may go without response headers before the client gets a {@code 303} to its
   * result URL (150 s, as in the cloud); shorter lets a test see the flow.
   */
  public EmulatorBuilder gatewayTimeout(Duration timeout) {
    this.gatewayTimeout = positiveMillis("gatewayTimeout", timeout);
    return this;
  }

  /**
   * Blocking user code that may run at once (at least 64 by default, threads created as needed);
   * only as many as the machine has cores (at least four) take turns on the CPU while none of them
   * waits.
   */
  public EmulatorBuilder workerThreads(int threads) {
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
  public EmulatorBuilder objectMapper(ObjectMapper mapper) {
    this.json = Objects.requireNonNull(mapper, "mapper");
    return this;
  }

  /**
   * The FastAPI, Starlette and pydantic releases {@code @FastapiEndpoint} functions answer as:
   * {@link FastapiStack#CURRENT} by default; {@link FastapiStack#LEGACY} for an image pinned to the
   * releases before Starlette's CORS change.
   */
  public EmulatorBuilder fastapiStack(FastapiStack stack) {
    this.fastapiStack = Objects.requireNonNull(stack, "stack");
    return this;
  }

  /**
   * Whether each container loads the app's classes anew ({@link Isolation#CONTAINER}, the default,
   * as the cloud's containers are processes of their own), or every container of a generation runs
   * the classes given here ({@link Isolation#GENERATION}: static state shared, also with a test
   * class that reads it). Either way user code sees the public API, the types its endpoint kind
   * exchanges and its own class path, never the emulator's own dependencies.
   *
   * <pre>{@code
   * Emulator.builder().apps(CounterApp.class).isolation(Isolation.GENERATION).start();
   * }</pre>
   */
  public EmulatorBuilder isolation(Isolation isolation) {
    this.isolation = Objects.requireNonNull(isolation, "isolation");
    return this;
  }

  /**
   * The keys of the secret {@code name} (the cloud's {@code modal.Secret.from_name(name)}) for the
   * functions that name it in {@code secrets}: typically a test's values, in place of the file in
   * {@link #secretsDir(Path)}. Their code reads them with {@code ExecutionContext.getenv(key)}, and
   * with {@code System.getenv(key)} too under {@link Isolation#PROCESS}.
   *
   * <pre>{@code
   * Emulator.builder().apps(ChatApp.class).secret("openai", Map.of("OPENAI_API_KEY", "sk-test"))
   * }</pre>
   */
  public EmulatorBuilder secret(String name, Map<String, String> keys) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keys, "keys").forEach((k, v) -> Objects.requireNonNull(v, k));
    secrets.put(name, Map.copyOf(keys));
    return this;
  }

  /**
   * The folder of the secrets' files, {@code <name>.env} each ({@code KEY=value} lines, or a bare
   * {@code KEY} for this machine's environment variable of that name); {@code
   * .modal-emulator/secrets} by default, under the working directory. A secret that has neither
   * values given nor a file fails the start, naming the file it looked for.
   */
  public EmulatorBuilder secretsDir(Path folder) {
    this.secretsDir = Objects.requireNonNull(folder, "folder");
    return this;
  }

  /**
   * The folder that keeps the volumes, one folder per volume name, made when first mounted and kept
   * across runs as a cloud volume is; {@code .modal-emulator/volumes} by default. Code finds a
   * volume with {@code ExecutionContext.volume("/data")}.
   */
  public EmulatorBuilder volumesDir(Path folder) {
    this.volumesDir = Objects.requireNonNull(folder, "folder");
    return this;
  }

  /**
   * Whether the emulator's own address ({@code http://127.0.0.1:PORT/}) serves the dashboard to
   * browsers and its JSON API under {@code /api/}; true by default. Off, that address serves only
   * the JSON index of the apps, as to clients asking for JSON.
   *
   * <pre>{@code
   * Emulator.builder().apps(HelloApp.class).dashboard(false).start();
   * }</pre>
   */
  public EmulatorBuilder dashboard(boolean dashboard) {
    this.dashboard = dashboard;
    return this;
  }

  /**
   * Lets machines other than this one use the dashboard and its API when they present this token;
   * by default only this machine's loopback can, whatever {@link #bindAddress(String)} says
   * (functions answer every peer the bind lets in). A script sends {@code Authorization: Bearer
   * TOKEN}; a browser opens {@code http://HOST:PORT/?dashboard_token=TOKEN} once and gets a cookie.
   * 16 to 256 letters, digits, {@code -}, {@code .}, {@code _} or {@code ~}; null turns it off
   * again.
   *
   * <pre>{@code
   * Emulator.builder().apps(HelloApp.class).bindAddress("0.0.0.0")
   *     .dashboardToken(System.getenv("DASHBOARD_TOKEN")).start();
   * }</pre>
   */
  public EmulatorBuilder dashboardToken(String token) {
    this.dashboardAccess = new DashboardAccess(token, dashboardAccess.maskSecretHeaders());
    return this;
  }

  /**
   * Whether the dashboard masks headers that usually carry secrets: {@code Cookie}, {@code
   * Set-Cookie}, {@code X-Api-Key} and any {@code *-Api-Key}, {@code *-Token}, {@code *-Secret};
   * true by default. False shows them on the page, in the API and in the curl command, for
   * debugging a cookie. {@code Authorization}, {@code Proxy-Authorization} and {@code Modal-*} are
   * masked either way. {@link Emulator#requests()}, the test's own view, always has every value.
   */
  public EmulatorBuilder maskSecretHeaders(boolean mask) {
    this.dashboardAccess = new DashboardAccess(dashboardAccess.token(), mask);
    return this;
  }

  /**
   * Answers the calls of {@code app}'s function {@code name} with {@code stub} from the start: see
   * {@link Emulator#stub(String, String, FunctionStub)}.
   */
  public EmulatorBuilder stub(String app, String name, FunctionStub stub) {
    stubs.put(List.of(app, name), java.util.Objects.requireNonNull(stub, "stub"));
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
    List<Class<?>> appClasses = List.copyOf(apps);
    // The apps first: the default mapper is made on a thread of its own meanwhile.
    java.util.function.Function<List<Class<?>>, Deployment> deployer = deployer();
    Deployment deployment = deployer.apply(appClasses);
    Emulator emulator = new Emulator(EdgeServer.start(settings(appClasses), deployment), deployer);
    stubs.forEach((key, stub) -> emulator.stub(key.get(0), key.get(1), stub));
    return emulator;
  }

  /**
   * How apps are validated with this builder's values as they are now: at start, and again at each
   * reload of the emulator started.
   */
  private java.util.function.Function<List<Class<?>>, Deployment> deployer() {
    String workspace = this.workspace;
    String environment = this.environment;
    String suffix = Labels.modeSuffix(serveMode, devSuffix);
    boolean strict = strictWebEndpoint;
    return apps -> Deployment.of(apps, workspace, environment, suffix, strict);
  }

  /**
   * Starts what one container of the cloud runs for some web functions of the one app given: each
   * function named in {@code ports} (its Java name, or its Python twin's) listens on its port, or,
   * mapped to null, on the next of 8000, 8001, ...; a {@code @WebServer} serves its own port. A
   * {@code @Cls} is one instance for the container: its {@code @Enter} hooks run before the first
   * port opens, its {@code @Exit} hooks at {@link CloudContainer#close()}. The address to listen on
   * is {@link #bindAddress(String)}'s (the cloud connects to the container's own address: use
   * {@code 0.0.0.0} there).
   *
   * @throws InvalidError when the app has definition errors or a name is no web function of it
   * @throws IllegalStateException when a container fails to start
   */
  public CloudContainer startContainer(Map<String, Integer> ports) {
    return startContainer(ports, null, Map.of());
  }

  /**
   * As {@link #startContainer(Map)}, where {@code ports} may also name functions that code calls
   * ({@code process}, {@code Model.predict}): each takes its inputs on a call port of its own on
   * loopback, from the container's Python process. With a {@code bridge} (the loopback URL of the
   * Python process's bridge), every call the code makes ({@code remote}, {@code spawn}, {@code
   * get}...) goes to it, and the cloud client makes it. A class's one instance is made with the
   * parameter set {@code parameters} gives (values as text, by field name; the others their
   * defaults), as the cloud gives each set containers of its own.
   *
   * <pre>{@code
   * Emulator.builder().apps(JobQueueApp.class)
   *     .startContainer(Map.of("process", 8001), URI.create("http://127.0.0.1:5000/"), Map.of());
   * }</pre>
   *
   * @param bridge null: calls go to the functions this container serves
   * @throws InvalidError also when a parameter is no {@code @Parameter} field of the classes served
   *     or its value is not of the field's type
   */
  public CloudContainer startContainer(
      Map<String, Integer> ports, java.net.URI bridge, Map<String, String> parameters) {
    List<Class<?>> appClasses = List.copyOf(apps);
    if (appClasses.size() != 1) {
      throw new IllegalArgumentException(
          "a container runs functions of one app; give exactly one @App class, not "
              + appClasses.size());
    }
    Deployment deployment =
        deployer()
            .apply(appClasses)
            .inOneContainer(List.copyOf(ports.keySet()))
            .withParameterValues(parameters);
    // A container's environment already holds its secrets, env and volumes: the cloud's, or those
    // the emulator that started this JVM gave it (Isolation.PROCESS).
    return new CloudContainer(
        ContainerServer.start(
            settings(appClasses, LocalResources.PROVIDED), deployment, ports, bridge));
  }

  private Settings settings(List<Class<?>> appClasses) {
    return settings(appClasses, new LocalResources(secrets, secretsDir, volumesDir));
  }

  private Settings settings(List<Class<?>> appClasses, LocalResources local) {
    return new Settings(
        new Settings.Apps(appClasses, workspace, environment, serveMode),
        new Settings.Http(
            port,
            bindAddress,
            maxRequestBodySize,
            new BodyRules(
                maxFastapiBodySize >= 0
                    ? maxFastapiBodySize
                    : Math.min(maxRequestBodySize, Runtime.getRuntime().maxMemory() / 16),
                bodyMemoryThreshold,
                minBodyRate,
                bodyRateWindow,
                firstMessageTimeout),
            headerTimeout,
            idleTimeout,
            stopTimeout,
            workerThreads),
        new Settings.Edge(tokens, journalCapacity, dashboard, dashboardAccess),
        new Settings.Functions(
            json != null ? json : DEFAULT_JSON.join(),
            fastapiStack,
            scaledownWindow,
            pendingInputLimit,
            gatewayTimeout,
            Settings.Clock.SYSTEM,
            strictWebServerBind,
            isolation,
            local));
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
