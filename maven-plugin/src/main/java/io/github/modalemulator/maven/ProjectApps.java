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
   * The classes directory, then the compile and runtime dependencies, without the emulator's own
   * jar and the libraries only the emulator brings whose classes user code gets from the emulator
   * or never loads: Undertow's world and the Servlet, Bean Validation and Jackson annotation APIs
   * (the packages the emulator shares with user code), and Undertow's own dependencies (JBoss,
   * WildFly). Everything else stays, whoever brings it: user code sees none of the emulator's other
   * libraries (its SLF4J, Jackson databind...), so where it uses them, as Spring Boot uses SLF4J,
   * they must be on its own class path ({@code start}, {@code serve}, and {@code export}'s image).
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
          && !(viaEmulator(artifact) && sharedOrUnseen(artifact))) {
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

  /**
   * Whether user code gets the artifact's classes from the emulator (the packages it shares) or
   * never loads them (what only Undertow uses).
   */
  private static boolean sharedOrUnseen(Artifact artifact) {
    String group = artifact.getGroupId();
    String name = artifact.getArtifactId();
    return group.equals("io.undertow")
        || group.startsWith("org.jboss")
        || group.startsWith("org.wildfly")
        || (group.equals("jakarta.servlet") && name.equals("jakarta.servlet-api"))
        || (group.equals("jakarta.validation") && name.equals("jakarta.validation-api"))
        || (group.equals("com.fasterxml.jackson.core") && name.equals("jackson-annotations"));
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
