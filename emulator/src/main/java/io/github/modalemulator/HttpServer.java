package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a {@link Cls} class's own HTTP server, the Java face of {@code
 * @modal.experimental.http_server(port=8000, proxy_regions=["us-east"])}: the class's {@link Enter}
 * methods start a server on {@link ExecutionContext#port()}, and the edge forwards requests to its
 * containers ("replicas") as for a {@link Server}: sticky by {@code Modal-Session-Id}, {@code 503}
 * while no replica is ready. {@link Concurrent#targetInputs()} on the class sets the autoscaler's
 * target. The class may have no {@link Method} or web methods.
 *
 * <pre>{@code
 * @Cls(minContainers = 2)
 * @HttpServer(port = 8000, proxyRegions = "us-west")
 * @Concurrent(maxInputs = 100)
 * public static class Inference {
 *   @Enter
 *   public void start() throws IOException { ... listen on ExecutionContext.port() ... }
 * }
 * }</pre>
 *
 * <p>The client sets no {@code unauthenticated} flag for it and the cloud's examples call it
 * without a token, so the emulator serves it without proxy auth.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HttpServer {
  /** The port the server listens on, 1 to 65535. */
  int port();

  /** The regions whose edge proxies reach it; at least one. The first is part of the URL. */
  String[] proxyRegions();

  /** Seconds a replica may take from its start until its port accepts connections; above 0. */
  int startupTimeout() default 30;

  /** Seconds in-flight requests get to finish when a replica stops, 0 to 25; below 0: not set. */
  int exitGracePeriod() default -1;

  /** Whether the edge speaks HTTP/2 to the server (the emulator's proxy speaks HTTP/1.1). */
  boolean h2Enabled() default false;
}
