package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A volume mounted into a function's containers: the Java face of one entry of the cloud's {@code
 * volumes={"/data": modal.Volume.from_name("cache", create_if_missing=True)}}. Used in the {@code
 * volumes} attribute of {@link Function}, {@link Cls} and {@link App}.
 *
 * <pre>{@code
 * @Function(volumes = @VolumeMount(name = "cache", path = "/data"))
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface VolumeMount {
  /**
   * The volume's name: letters, digits, dashes, periods and underscores, at most 64 characters (the
   * cloud's rule for object names).
   */
  String name();

  /**
   * Where the containers see it: a canonical absolute path, not {@code /}, {@code /root} or {@code
   * /tmp} (the cloud's rules).
   */
  String path();
}
