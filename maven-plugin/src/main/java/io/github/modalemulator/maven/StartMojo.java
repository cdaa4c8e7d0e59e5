package io.github.modalemulator.maven;

import io.github.modalemulator.App;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.cli.AppClassLoader;
import io.github.modalemulator.cli.RemoteDashboard;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.emulator.WebFunction;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Starts the emulator in Maven's JVM for the integration tests, with the project's runtime class
 * path in a class loader of its own; sets the project properties {@code modal.emulator.port} and
 * {@code modal.emulator.baseUrl} and writes {@code target/modal-emulator/urls.properties} (each web
 * function's label = its URL, and {@code baseUrl}). {@code stop} closes it.
 */
@Mojo(
    name = "start",
    defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST,
    requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public class StartMojo extends LocalResourcesMojo {
  static final String CONTEXT_KEY = "modal.emulator.running";

  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  @Parameter(defaultValue = "${project.artifacts}", readonly = true, required = true)
  Set<Artifact> artifacts;

  /**
   * {@code @App} classes (binary names), comma separated; every {@code @App} class in {@code
   * target/classes} when empty.
   */
  @Parameter(property = "modal.apps")
  List<String> apps;

  /** Skips the goal. */
  @Parameter(property = "modal.skip", defaultValue = "false")
  boolean skip;

  /** The port to listen on; 0 for any free one. */
  @Parameter(property = "modal.port", defaultValue = "0")
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

  /** Serve mode: labels get {@code -dev} (or the dev suffix) as the cloud's serve command's do. */
  @Parameter(property = "modal.serveMode", defaultValue = "false")
  boolean serveMode;

  /** Replaces {@code dev} after every label in serve mode. */
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

  @Parameter(defaultValue = "${project.properties}", readonly = true, required = true)
  Properties projectProperties;

  /**
   * {@code container} (the default: each container loads the project's classes anew, static state
   * its own, as in the cloud), {@code process} (each web function's container a JVM of its own,
   * with its secrets and env as environment variables and its heap capped by its memory) or {@code
   * generation} (every container runs the same classes).
   */
  @Parameter(property = "modal.isolation", defaultValue = "container")
  String isolation;

  /** Where the URLs go. */
  @Parameter(
      property = "modal.urlsFile",
      defaultValue = "${project.build.directory}/modal-emulator/urls.properties")
  File urlsFile;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping: modal.skip is set");
      return;
    }
    if (getPluginContext().get(CONTEXT_KEY) != null) {
      throw new MojoExecutionException("The emulator is already started for this project");
    }
    ProjectApps project = new ProjectApps(classesDirectory, artifacts, apps);
    List<String> tokens = ProxyAuthTokens.read(proxyAuthTokens, proxyAuthTokensFile);
    URLClassLoader loader = loader(project.classPath());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    LibraryLogging logging = LibraryLogging.quiet();
    Emulator emulator = null;
    try {
      thread.setContextClassLoader(loader);
      List<Class<?>> classes = appClasses(project, loader);
      EmulatorBuilder builder =
          Emulator.builder()
              .port(port)
              .bindAddress(bind)
              .serveMode(serveMode)
              .strictWebServerBind(strictWebServerBind)
              .isolation(isolation(isolation));
      if (secretsDir != null) { // null only where a mojo is made without Maven's injection
        builder.secretsDir(secretsDir.toPath());
      }
      if (volumesDir != null) {
        builder.volumesDir(volumesDir.toPath());
      }
      prepare(isolation(isolation));
      if (devSuffix != null && !devSuffix.isBlank()) {
        builder.devSuffix(devSuffix);
      }
      for (String token : tokens) {
        builder.proxyAuthToken(ProxyAuthToken.parse(token));
      }
      if (remoteDashboard) {
        builder.dashboardToken(RemoteDashboard.token());
      }
      emulator = builder.apps(classes.toArray(Class<?>[]::new)).start();
    } catch (InvalidError | IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(
          "The emulator could not start on " + bind + ":" + port + ": " + e.getMessage(), e);
    } finally {
      thread.setContextClassLoader(previous);
      if (emulator == null) {
        closeQuietly(loader);
        logging.close();
      }
    }
    Running running = new Running(emulator, loader, logging);
    context(this).put(CONTEXT_KEY, running);
    // The lines serve prints (a generated token's among them), as the goal's own.
    emulator.startupLines().forEach(getLog()::info);
    projectProperties.setProperty("modal.emulator.port", Integer.toString(emulator.port()));
    projectProperties.setProperty("modal.emulator.baseUrl", emulator.baseUrl());
    projectProperties.setProperty("modal.emulator.urlsFile", urlsFile.getAbsolutePath());
    try {
      writeUrls(emulator);
    } catch (IOException e) {
      running.close();
      getPluginContext().remove(CONTEXT_KEY);
      throw new MojoExecutionException("Can't write " + urlsFile, e);
    }
  }

  private void writeUrls(Emulator emulator) throws IOException {
    Properties urls = new Properties();
    urls.setProperty("baseUrl", emulator.baseUrl());
    urls.setProperty("port", Integer.toString(emulator.port()));
    for (WebFunction function : emulator.webFunctions()) {
      urls.putIfAbsent(function.name(), function.url());
      urls.setProperty(function.app() + "." + function.name(), function.url());
    }
    Files.createDirectories(urlsFile.toPath().toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(urlsFile.toPath())) {
      urls.store(out, "modal-emulator:start");
    }
  }

  /** The isolation a parameter names, in any case; the default when none is named. */
  static Isolation isolation(String name) {
    if (name == null || name.isBlank()) {
      return Isolation.CONTAINER;
    }
    for (Isolation candidate : Isolation.values()) {
      if (candidate.name().equalsIgnoreCase(name)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "isolation '" + name + "' is unknown; use container (the default), process or generation");
  }

  /** Maven's context of this plugin for this project (a raw map in the API). */
  @SuppressWarnings("unchecked")
  static java.util.Map<String, Object> context(AbstractMojo mojo) {
    return mojo.getPluginContext();
  }

  static URLClassLoader loader(List<File> classPath) throws MojoExecutionException {
    List<URL> urls = new ArrayList<>();
    for (File entry : classPath) {
      try {
        urls.add(entry.toURI().toURL());
      } catch (MalformedURLException e) {
        throw new MojoExecutionException("Bad class path entry " + entry, e);
      }
    }
    // Above it only the shared API of the plugin's emulator: @App is the plugin's class, while
    // Maven's own SLF4J binding and libraries stay out of the project's sight.
    return AppClassLoader.of("modal-emulator-project", urls.toArray(URL[]::new));
  }

  private List<Class<?>> appClasses(ProjectApps project, ClassLoader loader)
      throws MojoExecutionException {
    List<String> names = project.names();
    if (names.isEmpty()) {
      names = appsIn(classesDirectory.toPath(), loader);
      if (names.isEmpty()) {
        throw new MojoExecutionException(
            "No @App class in " + classesDirectory + ": compile the project, or name them (apps)");
      }
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      try {
        classes.add(Class.forName(name, true, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new MojoExecutionException("Can't load the app class " + name + ": " + e, e);
      }
    }
    return classes;
  }

  /** The {@code @App} classes among the class files under {@code root}. */
  static List<String> appsIn(Path root, ClassLoader loader) throws MojoExecutionException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(file).toString();
        if (!relative.endsWith(".class") || relative.endsWith("module-info.class")) {
          continue;
        }
        String name =
            relative
                .substring(0, relative.length() - ".class".length())
                .replace(File.separatorChar, '.');
        try {
          if (Class.forName(name, false, loader).isAnnotationPresent(App.class)) {
            names.add(name);
          }
        } catch (ClassNotFoundException | LinkageError e) {
          // not loadable (a missing optional dependency): not an app we can serve
        }
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Can't list " + root, e);
    }
    names.sort(null);
    return names;
  }

  static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }

  /** A started emulator, the loader of its classes and its quieted logging, for {@code stop}. */
  record Running(Emulator emulator, URLClassLoader loader, LibraryLogging logging)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        emulator.close();
      } finally {
        closeQuietly(loader);
        logging.close();
      }
    }
  }
}
