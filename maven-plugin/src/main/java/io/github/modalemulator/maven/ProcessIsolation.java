package io.github.modalemulator.maven;

import java.io.File;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.descriptor.PluginDescriptor;

/**
 * What {@code isolation = process} needs in Maven's JVM: its containers are child JVMs running the
 * emulator's {@code container} command, and Maven's own class path holds none of the emulator's
 * classes, so the goal says where they are, the plugin's own artifacts.
 */
final class ProcessIsolation {
  /** The property the emulator reads a child container's class path from. */
  static final String CLASS_PATH_PROPERTY = "modal.emulator.classPath";

  private ProcessIsolation() {}

  /** Points child containers at the plugin's artifacts: the emulator and its libraries. */
  static void prepare(PluginDescriptor plugin) {
    System.setProperty(
        CLASS_PATH_PROPERTY,
        plugin.getArtifacts().stream()
            .map(Artifact::getFile)
            .filter(file -> file != null)
            .map(File::getAbsolutePath)
            .collect(Collectors.joining(File.pathSeparator)));
  }
}
