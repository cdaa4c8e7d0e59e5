package io.github.modalemulator;

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

  static boolean isLocal(Map<String, String> environment) {
    return !"1".equals(environment.get(REMOTE_VARIABLE));
  }
}
