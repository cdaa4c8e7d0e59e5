package io.github.modalemulator.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Exports as {@code export} does, with the same settings, then deploys each app file it wrote to
 * Modal with the cloud client's command, {@code modal deploy <app_name>.py}, run in the export
 * folder; its output goes into the build's log. The command must be installed ({@code pip install
 * modal}) and authenticated ({@code modal setup}); the goal looks for it before exporting, and a
 * deploy that fails fails the build.
 *
 * <pre>
 * mvn package modal-emulator:deploy -Dmodal.environment=staging
 * mvn package modal-emulator:deploy -Dmodal.command=.venv/bin/modal -Dmodal.deployTag=v1.2
 * </pre>
 */
@Mojo(name = "deploy", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DeployMojo extends ExportMojo {
  private static final String INSTALL =
      "install Modal's client with 'pip install modal' (it brings the modal command) and"
          + " authenticate it once with 'modal setup'";

  /**
   * The cloud client's command: a name looked up on the {@code PATH}, or a file (relative to the
   * project's folder), such as a virtual environment's {@code .venv/bin/modal}.
   */
  @Parameter(property = "modal.command", defaultValue = "modal")
  String command;

  /**
   * The Modal environment to deploy to ({@code modal deploy --env}); when not set, the client's
   * choice: {@code MODAL_ENVIRONMENT}, the active profile's, or the workspace's default.
   */
  @Parameter(property = "modal.environment")
  String environment;

  /** A version tag for the deployments ({@code modal deploy --tag}). */
  @Parameter(property = "modal.deployTag")
  String deployTag;

  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  File basedir;

  @Inject
  public DeployMojo(RepositorySystem repositorySystem) {
    super(repositorySystem);
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping: modal.skip is set");
      return;
    }
    // Before the export, which takes a while, and so that nothing is written for a deploy that
    // can't happen.
    Path modal = locateCommand();
    List<Path> files = export();
    if (files.isEmpty()) {
      throw new MojoFailureException(
          "export wrote no app file to deploy (no line 'Wrote <app_name>.py' above): check the"
              + " apps setting and that the project has @App classes");
    }
    for (Path file : files) {
      deploy(modal, out.toPath().toAbsolutePath().relativize(file.toAbsolutePath()));
    }
  }

  private void deploy(Path modal, Path file) throws MojoExecutionException, MojoFailureException {
    List<String> line = new ArrayList<>(List.of(modal.toString(), "deploy", file.toString()));
    if (environment != null && !environment.isBlank()) {
      line.addAll(List.of("--env", environment.strip()));
    }
    if (deployTag != null && !deployTag.isBlank()) {
      line.addAll(List.of("--tag", deployTag.strip()));
    }
    String shown = "modal deploy " + file;
    getLog().info("Running " + String.join(" ", line) + " in " + out);
    ProcessBuilder builder = new ProcessBuilder(line).directory(out);
    // The log reads the output as UTF-8, whatever the platform's console would take.
    builder.environment().putIfAbsent("PYTHONIOENCODING", "utf-8");
    int status;
    try {
      // No limit: building an image the first time can take many minutes.
      status = LoggedProcess.run(builder, getLog());
    } catch (IOException e) {
      throw new MojoExecutionException("Can't run " + modal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("Interrupted while running " + shown, e);
    }
    if (status != 0) {
      throw new MojoFailureException(
          shown + " (in " + out + ") ended with status " + status + "; its output is above");
    }
  }

  /** The executable that {@link #command} names, or why there is none and how to get it. */
  private Path locateCommand() throws MojoFailureException {
    if (command.contains("/") || command.contains(File.separator)) {
      Path file = basedir.toPath().resolve(command);
      if (isExecutable(file)) {
        return file;
      }
      throw new MojoFailureException(
          "modal.command names "
              + file
              + ", which is no executable file: "
              + INSTALL
              + "; then set modal.command to the path of that modal command, or leave it unset to"
              + " use the one on the PATH");
    }
    String path = System.getenv("PATH");
    for (String folder : path == null ? new String[0] : path.split(File.pathSeparator)) {
      for (String extension : executableExtensions()) {
        try {
          Path file = Path.of(folder, command + extension);
          if (!folder.isEmpty() && isExecutable(file)) {
            return file.toAbsolutePath();
          }
        } catch (InvalidPathException e) {
          // A folder the PATH names that can't be a path here holds no command either.
        }
      }
    }
    throw new MojoFailureException(
        "The command '"
            + command
            + "' (modal.command) is not on the PATH: "
            + INSTALL
            + "; or set modal.command to where it is, such as a virtual environment's"
            + " .venv/bin/modal");
  }

  private static boolean isExecutable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  /** What a command's file name may end with: on Windows, the PATHEXT list, as its shell does. */
  private static List<String> executableExtensions() {
    if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")) {
      return List.of("");
    }
    List<String> extensions = new ArrayList<>(List.of(""));
    String pathext = Optional.ofNullable(System.getenv("PATHEXT")).orElse(".COM;.EXE;.BAT;.CMD");
    for (String extension : pathext.split(";")) {
      if (!extension.isBlank()) {
        extensions.add(extension.strip().toLowerCase(Locale.ROOT));
      }
    }
    return extensions;
  }
}
