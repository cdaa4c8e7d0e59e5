package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A server started by its class's {@link Enter} methods, the Java face of {@code
 * @app.server(port=8000, routing_region="us-east")} ({@code modal.Server}, client 1.5.1 and later):
 * a static nested class of the {@link App} class, with no {@link Method}, {@link Concurrent} or web
 * annotation, whose containers ("replicas") each run one HTTP server. The edge forwards every
 * request to a ready replica; a request with a {@code Modal-Session-Id} header goes to the same
 * replica as the session's earlier ones while the replicas stay the same; with no replica ready the
 * edge answers {@code 503} at once, and the request makes one start.
 *
 * <pre>{@code
 * @Server(port = 8000, minContainers = 1)
 * public static class Api {
 *   private HttpServer server;
 *
 *   @Enter
 *   public void start() throws IOException {
 *     server = HttpServer.create(
 *         new InetSocketAddress(ExecutionContext.bindAddress(), ExecutionContext.port()), 0);
 *     server.createContext("/", exchange -> ...);
 *     server.start();
 *   }
 *
 *   @Exit
 *   public void stop() {
 *     server.stop(0);
 *   }
 * }
 * }</pre>
 *
 * <p>Requests need a proxy auth token ({@code Modal-Key} and {@code Modal-Secret}) unless {@link
 * #unauthenticated()} says otherwise. Its URL is {@code {source}--{app}-{name}.{region}} under the
 * emulator's host, the twin of the cloud's {@code .modal.direct} one; {@link
 * RemoteServer#getUrl()} gives it. Replicas all listen on {@link #port()} in the cloud, each on its
 * own host; on one machine only the first can, so the server should listen on {@link
 * ExecutionContext#port()}, which is {@link #port()} in the cloud and a port of each replica's own
 * here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Server {
  /** The port the server listens on, 1 to 65535. */
  int port() default 8000;

  /** Seconds a replica may take from its start until its port accepts connections; above 0. */
  int startupTimeout() default 30;

  /** The server's name; empty for the class's simple name. */
  String name() default "";

  /** Serve without proxy auth; by default every request needs a proxy auth token. */
  boolean unauthenticated() default false;

  /** Whether the edge speaks HTTP/2 to the server (the emulator's proxy speaks HTTP/1.1). */
  boolean h2Enabled() default false;

  /** Seconds in-flight requests get to finish when a replica stops, 0 to 3600. */
  int exitGracePeriod() default 0;

  /** The region requests are routed through; part of the URL. */
  String routingRegion() default "us-east";

  /**
   * Concurrent requests per replica the autoscaler aims for; fractional targets allowed (1.5: three
   * requests per two replicas); 0 turns autoscaling off; below 0 (the default): not set, the
   * cloud's default, which the emulator takes as no scaling beyond demand for one replica.
   */
  double targetConcurrency() default -1;

  /** Replicas kept running even with no traffic. */
  int minContainers() default 0;

  /** Upper bound on replicas; 0 means no limit. */
  int maxContainers() default 0;

  /** Idle replicas kept on top of current demand. */
  int bufferContainers() default 0;

  /** Seconds an idle replica lives before it is stopped (2 to 1200). */
  int scaledownWindow() default 60;

  /** CPU cores each replica requests (fractions allowed); 0: the cloud's default. */
  double cpu() default 0;

  /** Memory each replica requests, in MiB; 0: the cloud's default. */
  int memory() default 0;

  /** GPU types to request ({@code "H100"}, {@code "A10G:2"}); empty: none. */
  String[] gpu() default {};

  /** Regions to run the replicas in (the cloud's {@code compute_region}); empty: anywhere. */
  String[] computeRegion() default {};

  /** Names of secrets whose keys become environment variables of the replicas. */
  String[] secrets() default {};

  /** Volumes mounted into the replicas. */
  VolumeMount[] volumes() default {};

  /** Environment variables of the replicas, each {@code NAME=value} (the cloud's {@code env}). */
  String[] env() default {};

  /** Options of the replicas' JVM in the cloud and in process isolation ({@code -Xmx2g}). */
  String[] jvmOptions() default {};
}
