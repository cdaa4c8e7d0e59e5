package io.github.modalemulator.maven;

import io.github.modalemulator.emulator.Isolation;
import java.io.File;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that run the emulator ({@code serve}, {@code start}) share about this machine's
 * stand-ins for the cloud's resources: where secrets and volumes are, and what {@code isolation =
 * process} needs in Maven's JVM.
 */
abstract class LocalResourcesMojo extends AbstractMojo {
  /** The property the emulator reads a child container's class path from. */
  static final String CLASS_PATH_PROPERTY = "modal.emulator.classPath";

  /**
   * Where secrets' {@code NAME.env} files are ({@code KEY=value} lines; a bare {@code KEY} takes
   * this machine's environment variable): the keys of the secrets the functions name.
   */
  @Parameter(
      property = "modal.secretsDir",
      defaultValue = "${project.basedir}/.modal-emulator/secrets")
  File secretsDir;

  /** Where volumes keep their files, a folder per volume name, kept across runs. */
  @Parameter(
      property = "modal.volumesDir",
      defaultValue = "${project.basedir}/.modal-emulator/volumes")
  File volumesDir;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  /**
   * Under {@link Isolation#PROCESS} containers are child JVMs running the emulator's {@code
   * container} command, and Maven's own class path holds none of the emulator's classes: points
   * them at the plugin's artifacts, the emulator and its libraries.
   */
  void prepare(Isolation isolation) {
    if (isolation != Isolation.PROCESS) {
      return;
    }
    System.setProperty(
        CLASS_PATH_PROPERTY,
        plugin.getArtifacts().stream()
            .map(Artifact::getFile)
            .filter(file -> file != null)
            .map(File::getAbsolutePath)
            .collect(Collectors.joining(File.pathSeparator)));
  }
}
