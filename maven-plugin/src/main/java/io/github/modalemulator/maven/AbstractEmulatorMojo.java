package io.github.modalemulator.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: the project's runtime class path (its classes first, then its runtime
 * dependencies, without the emulator itself, which comes from the plugin or {@code emulator.jar})
 * and the {@code @App} classes to use.
 */
abstract class AbstractEmulatorMojo extends AbstractMojo {
  /** The environment variable with proxy auth tokens, {@code wk-ID:ws-SECRET}, comma separated. */
  static final String TOKENS_ENV = "MODAL_EMULATOR_PROXY_AUTH_TOKENS";

  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  File buildDirectory;

  @Parameter(defaultValue = "${project.artifacts}", readonly = true, required = true)
  Set<Artifact> artifacts;

  /** {@code @App} classes (binary names), comma separated; every {@code @App} class when empty. */
  @Parameter(property = "modal.apps")
  List<String> apps;

  /** Skips the goal. */
  @Parameter(property = "modal.skip", defaultValue = "false")
  boolean skip;

  /** The runtime class path: the classes directory, then compile and runtime dependencies. */
  List<File> runtimeClassPath() {
    return runtimeClassPath(true);
  }

  /**
   * The runtime class path; without what only the emulator brings (Undertow, Jackson...) when
   * {@code withoutEmulatorDependencies}: the plugin has it ({@code start}, {@code serve}: the
   * project's loader's parent is the plugin's), and so does {@code export}'s emulator.jar.
   */
  List<File> runtimeClassPath(boolean withoutEmulatorDependencies) {
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
          && !(withoutEmulatorDependencies && viaEmulator(artifact))) {
        path.add(artifact.getFile());
      }
    }
    return path;
  }

  static boolean isEmulator(Artifact artifact) {
    return "io.github.modalemulator".equals(artifact.getGroupId())
        && "modal-emulator".equals(artifact.getArtifactId());
  }

  /** Whether the artifact is there only because the emulator depends on it. */
  static boolean viaEmulator(Artifact artifact) {
    List<String> trail = artifact.getDependencyTrail();
    return trail != null
        && trail.stream()
            .skip(1)
            .anyMatch(t -> t.startsWith("io.github.modalemulator:modal-emulator:"));
  }

  static String joined(List<File> path) {
    List<String> entries = new ArrayList<>();
    for (File file : path) {
      entries.add(file.getAbsolutePath());
    }
    return String.join(File.pathSeparator, entries);
  }

  List<String> appNames() {
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

  /**
   * Proxy auth tokens from the configuration, the file and the environment variable {@value
   * TOKENS_ENV}, in that order, without repeats.
   */
  static List<String> tokens(List<String> configured, File file) throws MojoExecutionException {
    Set<String> tokens = new LinkedHashSet<>();
    if (configured != null) {
      configured.forEach(t -> addAll(tokens, t));
    }
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
          if (!line.strip().startsWith("#")) {
            addAll(tokens, line);
          }
        }
      } catch (IOException e) {
        throw new MojoExecutionException("Can't read the proxy auth tokens file " + file, e);
      }
    }
    addAll(tokens, System.getenv(TOKENS_ENV));
    return new ArrayList<>(tokens);
  }

  private static void addAll(Set<String> tokens, String text) {
    if (text == null) {
      return;
    }
    for (String token : text.split("[,\\s]+")) {
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    }
  }
}
