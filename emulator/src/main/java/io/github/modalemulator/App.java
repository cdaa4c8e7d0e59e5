package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as an app, the Java face of {@code app = modal.App("my-app")}. Its {@code static}
 * methods annotated with {@link Function} are the app's functions.
 *
 * <pre>{@code
 * @App("my-app")
 * public class HelloApp {
 *   @Function
 *   @AsgiApp
 *   public static HttpHandler createApp() { ... }
 * }
 * }</pre>
 *
 * <p>The name becomes part of every default label ({@code my-app-create-app}). Like the cloud's app
 * names it may hold letters, digits, dashes, periods and underscores, at most 64 characters.
 *
 * <p>The resource and environment attributes ({@code gpu}, {@code cpu}, {@code memory}, {@code
 * secrets}, {@code volumes}, {@code env}...) are defaults of the app's functions and classes: a
 * value a {@link Function} or {@link Cls} sets replaces the app's; for lists the app's entries come
 * first, then theirs, and a variable or mount path they set again is theirs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface App {
  /** The app's name. */
  String value();

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
