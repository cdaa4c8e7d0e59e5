package io.github.modalemulator;

import io.github.modalemulator.internal.isolation.ContainerScope;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the code runs, the Java face of {@code modal.is_local()}, and so the address its own web
 * server binds: the same code binds loopback on a developer's machine and every interface in the
 * cloud, where the edge reaches a {@code @WebServer} from outside its container.
 *
 * <pre>{@code
 * @Function
 * @WebServer(8080)
 * public static AutoCloseable api() throws IOException {
 *   HttpServer server =
 *       HttpServer.create(new InetSocketAddress(ExecutionContext.bindAddress(), 8080), 0);
 *   ...
 * }
 * }</pre>
 *
 * <p>The cloud sets {@value #REMOTE_VARIABLE}{@code =1} in a function's container, and child
 * processes inherit it: an exported app's JVM, which its Python function starts, sees it, and so do
 * the programs a {@code @WebServer} function starts. Everything the emulator runs on a developer's
 * machine, in JUnit, {@code serve}, {@code deploy}, the Maven goals and {@code container} mode, is
 * local. (The cloud client's own {@code is_local()} answers from the Python process only, and says
 * true in its children; here the JVM is the function, so it answers as the function would.)
 */
public final class ExecutionContext {
  /** The variable the cloud sets to {@code 1} in every function's container. */
  public static final String REMOTE_VARIABLE = "MODAL_IS_REMOTE";

  /** What a web server binds locally: loopback, so nothing else on the network reaches it. */
  public static final String LOCAL_BIND_ADDRESS = "127.0.0.1";

  /** What a web server binds in the cloud: every interface, as the cloud requires. */
  public static final String CLOUD_BIND_ADDRESS = "0.0.0.0";

  private static final AtomicLong BIND_ADDRESS_CALLS = new AtomicLong();

  private ExecutionContext() {}

  /** False in a function's container in the cloud; true everywhere else. */
  public static boolean isLocal() {
    return isLocal(System.getenv());
  }

  /**
   * The address a web server should listen on: {@value #LOCAL_BIND_ADDRESS} locally, {@value
   * #CLOUD_BIND_ADDRESS} in the cloud. A {@code @WebServer} that asked for it and listens only on
   * loopback gets no warning about it here: in the cloud it binds every interface.
   */
  public static String bindAddress() {
    BIND_ADDRESS_CALLS.incrementAndGet();
    return isLocal() ? LOCAL_BIND_ADDRESS : CLOUD_BIND_ADDRESS;
  }

  /**
   * How many times code in this JVM has asked {@link #bindAddress()}. The emulator compares it
   * before and after a {@code @WebServer} starts: a server that asked and listens only on loopback
   * binds every interface in the cloud, so it is not warned. Process-wide, as the question is: a
   * start that overlaps another's may count that one's question as its own, which can only hide a
   * warning, never invent one.
   */
  public static long bindAddressCalls() {
    return BIND_ADDRESS_CALLS.get();
  }

  /**
   * The value of an environment variable of the function's container: its secrets' keys and {@code
   * env} included. In the cloud, and in a child container JVM ({@code Isolation.PROCESS}), that is
   * {@link System#getenv(String)}; in the emulator's own JVM, where containers can't have an
   * environment each, code that reads its secrets through this method gets them too (under {@code
   * Isolation.CONTAINER}, the default), so the same code runs in both places.
   */
  public static String getenv(String name) {
    ContainerScope.Values scope = ContainerScope.current();
    if (scope != null && scope.environment().containsKey(name)) {
      return scope.environment().get(name);
    }
    return System.getenv(name);
  }

  /** Every variable {@link #getenv(String)} answers, as one map. */
  public static Map<String, String> getenv() {
    ContainerScope.Values scope = ContainerScope.current();
    if (scope == null) {
      return System.getenv();
    }
    Map<String, String> all = new LinkedHashMap<>(System.getenv());
    all.putAll(scope.environment());
    return Map.copyOf(all);
  }

  /**
   * Where a volume mounted at {@code mountPath} ({@code @VolumeMount(path = "/data")}) is: the
   * mount path itself in the cloud; on this machine, the local folder the emulator keeps for the
   * volume ({@code .modal-emulator/volumes/<name>} unless configured), which a developer's machine
   * can't mount at {@code /data}. A path the function mounts no volume at is returned as it is.
   */
  public static Path volume(String mountPath) {
    ContainerScope.Values scope = ContainerScope.current();
    if (scope != null && scope.volumes().containsKey(mountPath)) {
      return scope.volumes().get(mountPath);
    }
    String mounts = System.getenv(VOLUMES_VARIABLE);
    if (mounts != null) {
      for (String line : mounts.split("\n")) {
        int equals = line.indexOf('=');
        if (equals > 0 && line.substring(0, equals).equals(mountPath)) {
          return Path.of(line.substring(equals + 1));
        }
      }
    }
    return Path.of(mountPath);
  }

  /**
   * The port this replica's server listens on, asked from the {@link Enter} methods of a {@link
   * Server} or {@link HttpServer} class (and from threads they start). In the cloud every replica
   * has a host of its own and this is the port of the annotation; on one machine only one server
   * can listen there, so the emulator gives the first replica that port and each further one a free
   * port of its own.
   *
   * @throws IllegalStateException outside the start of such a class's replica
   */
  public static int port() {
    Integer port = ContainerScope.serverPort();
    if (port != null) {
      return port;
    }
    String given = System.getenv(SERVER_PORT_VARIABLE);
    if (given != null) {
      return Integer.parseInt(given.trim());
    }
    throw new IllegalStateException(
        "ExecutionContext.port() is the port of a @Server or @HttpServer replica: ask it in the"
            + " class's @Enter methods (or threads they start)");
  }

  /** Through which a child container JVM learns its replica's port; never set in the cloud. */
  public static final String SERVER_PORT_VARIABLE = "MODAL_EMULATOR_SERVER_PORT";

  /**
   * The variable through which a child container JVM learns its volumes' local folders ({@code
   * /data=/home/me/.modal-emulator/volumes/cache}, a line each); never set in the cloud.
   */
  public static final String VOLUMES_VARIABLE = "MODAL_EMULATOR_VOLUMES";

  static boolean isLocal(Map<String, String> environment) {
    return !"1".equals(environment.get(REMOTE_VARIABLE));
  }
}
