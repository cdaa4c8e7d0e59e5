package io.github.modalemulator.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;

/**
 * What the goals take from the project: its runtime class path and the {@code @App} classes named
 * in the configuration. Composed into each goal rather than inherited: every goal declares (and
 * documents) its own parameters, and Maven injects them there.
 *
 * @param classesDirectory the project's compiled classes ({@code target/classes})
 * @param artifacts the project's resolved dependencies
 * @param apps the {@code apps} parameter: binary names, comma separated, possibly several entries
 */
record ProjectApps(File classesDirectory, Set<Artifact> artifacts, List<String> apps) {
  /**
   * The classes directory, then the compile and runtime dependencies, without the emulator and what
   * only the emulator brings (Undertow, Jackson...): the plugin has them ({@code start} and {@code
   * serve}: the project's class loader's parent is the plugin's), and so does {@code export}'s
   * {@code emulator.jar}.
   */
  List<File> classPath() {
    List<File> path = new ArrayList<>();
    path.add(classesDirectory);
    for (Artifact artifact : artifacts) {
      String scope = artifact.getScope();
      boolean runtime =
          Artifact.SCOPE_COMPILE.equals(scope)
              || Artifact.SCOPE_RUNTIME.equals(scope)
              || Artifact.SCOPE_SYSTEM.equals(scope);
      if (runtime
          && artifact.getFile() != null
          && !isEmulator(artifact)
          && !viaEmulator(artifact)) {
        path.add(artifact.getFile());
      }
    }
    return path;
  }

  /** {@link #classPath()} as a {@code --cp} value. */
  String joinedClassPath() {
    List<String> entries = new ArrayList<>();
    for (File file : classPath()) {
      entries.add(file.getAbsolutePath());
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The {@code @App} classes named; empty when none is: every {@code @App} class then. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    if (apps != null) {
      for (String app : apps) {
        for (String name : app.split(",")) {
          if (!name.isBlank()) {
            names.add(name.strip());
          }
        }
      }
    }
    return names;
  }

  private static boolean isEmulator(Artifact artifact) {
    return "io.github.modalemulator".equals(artifact.getGroupId())
        && "modal-emulator".equals(artifact.getArtifactId());
  }

  /** Whether the artifact is there only because the emulator depends on it. */
  private static boolean viaEmulator(Artifact artifact) {
    List<String> trail = artifact.getDependencyTrail();
    return trail != null
        && trail.stream()
            .skip(1)
            .anyMatch(t -> t.startsWith("io.github.modalemulator:modal-emulator:"));
  }
}
