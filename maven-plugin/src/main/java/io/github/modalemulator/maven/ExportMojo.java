package io.github.modalemulator.maven;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs the {@code export} command (the cloud app file per {@code @App}, and {@code lib/}) with the
 * project's runtime class path. Export copies the executable {@code emulator.jar} into {@code
 * lib/}, which no Maven artifact holds (the plugin depends on the plain {@code modal-emulator}
 * jar): name it with {@code emulatorJar}; the command then runs from it in a child JVM.
 */
@Mojo(name = "export", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ExportMojo extends AbstractMojo {
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

  /** The executable {@code emulator.jar} (the shaded jar of the emulator's build). */
  @Parameter(property = "modal.emulatorJar")
  File emulatorJar;

  /** The folder to write. */
  @Parameter(
      property = "modal.export.out",
      defaultValue = "${project.build.directory}/modal_export")
  File out;

  /** How long export may take, in seconds. */
  @Parameter(property = "modal.export.timeout", defaultValue = "300")
  int timeoutSeconds;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping: modal.skip is set");
      return;
    }
    if (emulatorJar == null || !emulatorJar.isFile()) {
      throw new MojoExecutionException(
          "export copies the executable emulator.jar into its lib/, and no Maven artifact holds"
              + " it: set emulatorJar (-Dmodal.emulatorJar=.../emulator.jar) to the emulator"
              + " build's target/emulator.jar"
              + (emulatorJar == null ? "" : " (" + emulatorJar + " is no file)"));
    }
    ProjectApps project = new ProjectApps(classesDirectory, artifacts, apps);
    List<String> command = new ArrayList<>();
    command.add(new File(System.getProperty("java.home"), "bin/java").getAbsolutePath());
    command.add("-jar");
    command.add(emulatorJar.getAbsolutePath());
    command.add("export");
    command.add("--cp");
    command.add(project.joinedClassPath());
    command.add("--out");
    command.add(out.getAbsolutePath());
    command.addAll(project.names());
    int status;
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new MojoExecutionException("export took longer than " + timeoutSeconds + " s");
      }
      status = process.exitValue();
    } catch (IOException e) {
      throw new MojoExecutionException("Can't run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("Interrupted while exporting", e);
    }
    if (status != 0) {
      throw new MojoFailureException("export ended with status " + status + " (see above)");
    }
  }
}
