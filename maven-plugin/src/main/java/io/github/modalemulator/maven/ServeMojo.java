package io.github.modalemulator.maven;

import io.github.modalemulator.cli.EmulatorCli;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Serves the project's apps as the command line's {@code serve} does, in Maven's JVM, until Ctrl-C
 * or SIGTERM; after {@code compile}, with the project's runtime class path. A recompile ({@code mvn
 * compile} in another terminal, or the IDE's build into {@code target/classes}) reloads the apps.
 * Once serve has stopped, the build goes on, and the signals are Maven's again.
 */
@Mojo(name = "serve", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class ServeMojo extends LocalResourcesMojo {
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

  /** The port to listen on; 0 for any free one. */
  @Parameter(property = "modal.port", defaultValue = "9000")
  int port;

  /**
   * The address to listen on. Functions answer whoever can connect; the dashboard and its API
   * answer only this machine unless {@code remoteDashboard}.
   */
  @Parameter(property = "modal.bind", defaultValue = "127.0.0.1")
  String bind;

  /**
   * Lets other machines use the dashboard and its API with a token (the environment's {@code
   * MODAL_EMULATOR_DASHBOARD_TOKEN}, else a generated one readable on this machine at {@code
   * /api/dashboard-token}); without it they answer only this machine, whatever {@code bind} says.
   */
  @Parameter(property = "modal.remoteDashboard", defaultValue = "false")
  boolean remoteDashboard;

  /** Replaces {@code dev} after every label; the environment's {@code MODAL_DEV_SUFFIX} else. */
  @Parameter(property = "modal.devSuffix")
  String devSuffix;

  /**
   * Proxy auth tokens to accept, {@code wk-ID:ws-SECRET}; also read from {@code
   * proxyAuthTokensFile} and the environment variable {@code MODAL_EMULATOR_PROXY_AUTH_TOKENS}.
   */
  @Parameter(property = "modal.proxyAuthTokens")
  List<String> proxyAuthTokens;

  /** A file of proxy auth tokens, one a line ({@code #} starts a comment). */
  @Parameter(property = "modal.proxyAuthTokensFile")
  File proxyAuthTokensFile;

  /**
   * Fails the container of a {@code @WebServer} whose server accepts connections only on loopback,
   * as the cloud would; by default its function's log warns once. Code that binds {@code
   * ExecutionContext.bindAddress()} passes.
   */
  @Parameter(property = "modal.strictWebServerBind", defaultValue = "false")
  boolean strictWebServerBind;

  /**
   * {@code container} (the default: each container loads the project's classes anew, static state
   * its own, as in the cloud), {@code process} (each web function's container a JVM of its own,
   * with its secrets and env as environment variables and its heap capped by its memory) or {@code
   * generation} (every container of a reload runs the same classes).
   */
  @Parameter(property = "modal.isolation", defaultValue = "container")
  String isolation;

  /** Don't reload when the classes change. */
  @Parameter(property = "modal.noReload", defaultValue = "false")
  boolean noReload;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping: modal.skip is set");
      return;
    }
    ProjectApps project = new ProjectApps(classesDirectory, artifacts, apps);
    List<String> args = new ArrayList<>();
    args.add("serve");
    args.add("--cp");
    args.add(project.joinedClassPath());
    args.add("--port");
    args.add(Integer.toString(port));
    args.add("--bind");
    args.add(bind);
    if (devSuffix != null && !devSuffix.isBlank()) {
      args.add("--dev-suffix");
      args.add(devSuffix);
    }
    // In this JVM: the tokens never reach a command line that ps shows.
    for (String token : ProxyAuthTokens.read(proxyAuthTokens, proxyAuthTokensFile)) {
      args.add("--proxy-auth-token");
      args.add(token);
    }
    if (strictWebServerBind) {
      args.add("--strict-web-server-bind");
    }
    args.add("--isolation");
    args.add(StartMojo.isolation(isolation).name());
    prepare(StartMojo.isolation(isolation));
    if (secretsDir != null) { // null only where a mojo is made without Maven's injection
      args.add("--secrets-dir");
      args.add(secretsDir.getAbsolutePath());
    }
    if (volumesDir != null) {
      args.add("--volumes-dir");
      args.add(volumesDir.getAbsolutePath());
    }
    if (noReload) {
      args.add("--no-reload");
    }
    if (remoteDashboard) {
      args.add("--remote-dashboard");
    }
    args.addAll(project.names());
    int status;
    // The command line's own serve; it gives the signals back to Maven's JVM when it returns.
    LibraryLogging logging = LibraryLogging.quiet();
    try {
      status = EmulatorCli.run(args.toArray(String[]::new));
    } finally {
      logging.close();
    }
    if (status != 0) {
      throw new MojoFailureException("serve ended with status " + status + " (see above)");
    }
  }
}
