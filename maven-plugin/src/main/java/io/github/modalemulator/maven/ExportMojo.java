package io.github.modalemulator.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Runs the {@code export} command (the cloud app file per {@code @App}, and {@code lib/}) with the
 * project's runtime class path, from the executable {@code emulator.jar} in a child JVM; export
 * copies that jar into {@code lib/}. The jar is the {@code modal-emulator} artifact of the plugin's
 * version with the classifier {@code cli}, resolved as any dependency is; {@code emulatorJar} names
 * another one (a build of the emulator's own, say).
 */
@Mojo(name = "export", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ExportMojo extends AbstractMojo {
  /** The classifier of the executable jar's artifact. */
  static final String EXECUTABLE_CLASSIFIER = "cli";

  /** The line export prints for each app file it wrote (the emulator's ExportCommand). */
  private static final Pattern WROTE =
      Pattern.compile("Wrote (.+\\.py) \\(\\d+ web functions of .+\\)");

  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  @Parameter(defaultValue = "${project.artifacts}", readonly = true, required = true)
  Set<Artifact> artifacts;

  /**
   * {@code @App} classes (binary names), comma separated; every {@code @App} class on the class
   * path when empty.
   */
  @Parameter(property = "modal.apps")
  List<String> apps;

  /** Skips the goal. */
  @Parameter(property = "modal.skip", defaultValue = "false")
  boolean skip;

  /**
   * The executable {@code emulator.jar}; when not set, the artifact {@code
   * io.github.modalemulator:modal-emulator:<the plugin's version>:jar:cli}.
   */
  @Parameter(property = "modal.emulatorJar")
  File emulatorJar;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
  RepositorySystemSession repositorySession;

  @Parameter(
      defaultValue = "${project.remoteProjectRepositories}",
      readonly = true,
      required = true)
  List<RemoteRepository> repositories;

  private final RepositorySystem repositorySystem;

  @Inject
  public ExportMojo(RepositorySystem repositorySystem) {
    this.repositorySystem = repositorySystem;
  }

  /** The folder to write. */
  @Parameter(
      property = "modal.export.out",
      defaultValue = "${project.build.directory}/modal_export")
  File out;

  /**
   * The Java release of the image's JRE; when not set, the highest the class files are compiled for
   * (at least 17).
   */
  @Parameter(property = "modal.export.javaRelease")
  Integer javaRelease;

  /** How long export may take, in seconds. */
  @Parameter(property = "modal.export.timeout", defaultValue = "300")
  int timeoutSeconds;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping: modal.skip is set");
      return;
    }
    export();
  }

  /**
   * Runs export, its output into the log.
   *
   * @return the app files it wrote, one per {@code @App}, in {@link #out}
   */
  List<Path> export() throws MojoExecutionException, MojoFailureException {
    File jar = emulatorJar == null ? resolveExecutableJar() : emulatorJar;
    if (!jar.isFile()) {
      throw new MojoExecutionException(
          "emulatorJar "
              + jar
              + " is no file: name the executable emulator.jar, or leave"
              + " emulatorJar unset to use the artifact "
              + executableJarCoordinates());
    }
    ProjectApps project = new ProjectApps(classesDirectory, artifacts, apps);
    List<String> command = new ArrayList<>();
    command.add(new File(System.getProperty("java.home"), "bin/java").getAbsolutePath());
    command.add("-jar");
    command.add(jar.getAbsolutePath());
    command.add("export");
    command.add("--cp");
    command.add(project.joinedClassPath());
    command.add("--out");
    command.add(out.getAbsolutePath());
    if (javaRelease != null) {
      command.add("--java-release");
      command.add(javaRelease.toString());
    }
    command.addAll(project.names());
    List<Path> written = new ArrayList<>();
    OptionalInt status;
    try {
      status =
          LoggedProcess.run(
              new ProcessBuilder(command),
              getLog(),
              line -> {
                Matcher wrote = WROTE.matcher(line);
                if (wrote.matches()) {
                  written.add(Path.of(wrote.group(1)));
                }
              },
              Duration.ofSeconds(timeoutSeconds));
    } catch (IOException e) {
      throw new MojoExecutionException("Can't run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("Interrupted while exporting", e);
    }
    if (status.isEmpty()) {
      throw new MojoExecutionException("export took longer than " + timeoutSeconds + " s");
    }
    if (status.getAsInt() != 0) {
      throw new MojoFailureException(
          "export ended with status " + status.getAsInt() + " (see above)");
    }
    return written;
  }

  private String executableJarCoordinates() {
    return plugin.getGroupId()
        + ":modal-emulator:jar:"
        + EXECUTABLE_CLASSIFIER
        + ":"
        + plugin.getVersion();
  }

  /** The executable jar of the plugin's own version, from the project's repositories. */
  private File resolveExecutableJar() throws MojoExecutionException {
    ArtifactRequest request =
        new ArtifactRequest(new DefaultArtifact(executableJarCoordinates()), repositories, null);
    try {
      return repositorySystem.resolveArtifact(repositorySession, request).getArtifact().getFile();
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException(
          "export runs the executable emulator jar, the artifact "
              + executableJarCoordinates()
              + ", which could not be resolved ("
              + e.getMessage()
              + "): install the emulator's build (./mvnw install in its repository), or set"
              + " emulatorJar (-Dmodal.emulatorJar=.../emulator.jar)",
          e);
    }
  }
}
