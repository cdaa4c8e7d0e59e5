package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code static} nested class of an {@link App} class a class of the app, the Java face of
 * {@code @app.cls(...)}. Each container makes one instance of it (with its no-argument
 * constructor), runs its {@link Enter} methods, then serves its web methods: instance methods
 * carrying a web annotation ({@link FastapiEndpoint}, {@link AsgiApp}, {@link WsgiApp}, {@link
 * WebServer}). Instance state lives as long as the container. The web methods share the class's
 * containers and these settings; {@link Concurrent} on the class sets how many inputs a container
 * takes at once. {@link Parameter} fields make each distinct set of values (from the request's
 * query string) a pool of containers of its own.
 *
 * <pre>{@code
 * @Cls
 * public static class MyAPI {
 *   @FastapiEndpoint(method = "GET")
 *   public Map<String, String> health() { return Map.of("status", "healthy"); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Cls {
  /** Seconds one input may run before it fails; the cloud's default is 300. */
  int timeout() default 300;

  /** Containers kept running even with no traffic. */
  int minContainers() default 0;

  /** Upper bound on containers; 0 means no limit. */
  int maxContainers() default 0;

  /** Idle containers kept on top of current demand. */
  int bufferContainers() default 0;

  /** Seconds an idle container lives before it is stopped (2 to 1200). */
  int scaledownWindow() default 60;

  /**
   * GPUs for each container, in the cloud's string form: a type ({@code "A100"}, {@code "H100"},
   * {@code "L4"}...) with an optional count ({@code "H100:2"}); several entries are fallbacks in
   * order of preference, as the cloud's list form. Empty: none. Local containers have no GPU: the
   * emulator says so once.
   */
  String[] gpu() default {};

  /** CPU cores each container requests (fractions allowed); 0: the cloud's default. */
  double cpu() default 0;

  /** A hard limit on CPU cores (the cloud's {@code cpu=(request, limit)}); 0: none. */
  double cpuLimit() default 0;

  /** Memory each container requests, in MiB; 0: the cloud's default. */
  int memory() default 0;

  /**
   * A hard limit on memory, in MiB (the cloud's {@code memory=(request, limit)}); 0: none. Not
   * below {@link #memory()}.
   */
  int memoryLimit() default 0;

  /** The containers' ephemeral disk, in MiB; 0: the cloud's default. */
  int ephemeralDisk() default 0;

  /** Regions to run in ({@code "us-east"}, {@code "eu"}...); empty: anywhere. */
  String[] region() default {};

  /** The cloud provider to run on ({@code "aws"}, {@code "gcp"}, {@code "oci"}, {@code "auto"}). */
  String cloud() default "";

  /**
   * Names of secrets whose keys the containers get as environment variables (the cloud's {@code
   * secrets=[modal.Secret.from_name(...)]}).
   */
  String[] secrets() default {};

  /** Volumes mounted into the containers. */
  VolumeMount[] volumes() default {};

  /** Environment variables of the containers, each {@code NAME=value} (the cloud's {@code env}). */
  String[] env() default {};

  /**
   * Options of the containers' JVM ({@code -Xmx2g}, {@code -XX:MaxRAMPercentage=75}), before its
   * main class.
   */
  String[] jvmOptions() default {};

  /** Debian packages the image installs for these containers (the image's {@code apt_install}). */
  String[] aptPackages() default {};
}
