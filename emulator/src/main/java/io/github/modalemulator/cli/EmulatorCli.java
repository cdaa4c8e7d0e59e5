package io.github.modalemulator.cli;

import io.github.modalemulator.App;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.serve.ServeLoop;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar emulator.jar serve|deploy ...}: runs the emulator as a process and prints the
 * cloud's lines. The only place that prints to the console or exits.
 */
@Command(
    name = "emulator.jar",
    mixinStandardHelpOptions = true,
    version = "modal-emulator 0.1.0",
    description = "Serves @App classes' web functions locally, as the cloud's web layer does.",
    subcommands = {EmulatorCli.Serve.class, EmulatorCli.Deploy.class})
public final class EmulatorCli implements Runnable {
  private EmulatorCli() {}

  static final int EXIT_OK = 0;
  static final int EXIT_DEFINITION_ERROR = 1;
  static final int EXIT_USAGE = 2;

  /** Proxy auth tokens from the environment, which {@code ps} does not show. */
  static final String TOKENS_VARIABLE = "MODAL_EMULATOR_PROXY_AUTH_TOKENS";

  @Spec CommandLine.Model.CommandSpec spec;

  /** The jar's entry point; exits with the command's status. */
  public static void main(String[] args) {
    ServeLoop.quietLibraryLogging();
    Preload.inBackground();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(commandLine(out, err).execute(args));
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new EmulatorCli());
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: use 'serve' or 'deploy'");
  }

  /** What serve and deploy share. */
  abstract static class Run implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--cp",
        paramLabel = "PATH",
        description =
            "Where the app classes are: directories and jars, separated by '${sys:path.separator}'.")
    String classPath;

    @Option(
        names = "--port",
        defaultValue = "9000",
        description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--bind",
        paramLabel = "ADDR",
        defaultValue = "127.0.0.1",
        description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
    String bind;

    @Option(
        names = "--workspace",
        paramLabel = "W",
        defaultValue = "local",
        description = "Workspace name in every URL (default: ${DEFAULT-VALUE}).")
    String workspace;

    @Option(
        names = "--env",
        paramLabel = "E",
        defaultValue = "",
        description = "Web suffix of the environment; none by default.")
    String environment;

    @Option(
        names = "--proxy-auth-token",
        paramLabel = "wk-ID:ws-SECRET",
        description =
            "A proxy auth token to accept; repeatable. When a function requires proxy auth and"
                + " none is given, one is generated and printed.")
    List<String> tokens = new ArrayList<>();

    @Option(
        names = "--proxy-auth-token-file",
        paramLabel = "FILE",
        description =
            "A file of proxy auth tokens, one wk-ID:ws-SECRET a line (blank lines and lines"
                + " starting with # skipped), so that no secret shows in the process list. The"
                + " environment variable "
                + TOKENS_VARIABLE
                + " may hold more, separated by commas or spaces.")
    Path tokenFile;

    @Parameters(
        paramLabel = "APP_CLASS",
        arity = "0..*",
        description = "@App classes to serve; all @App classes on --cp when none is named.")
    List<String> appClasses = new ArrayList<>();

    abstract boolean serveMode();

    /** The tokens of the command line, the token file and the environment, in that order. */
    private List<String> allTokens() {
      List<String> all = new ArrayList<>(tokens);
      if (tokenFile != null) {
        try {
          for (String line : Files.readAllLines(tokenFile, StandardCharsets.UTF_8)) {
            String token = line.strip();
            if (!token.isEmpty() && !token.startsWith("#")) {
              all.add(token);
            }
          }
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "--proxy-auth-token-file "
                  + tokenFile
                  + " can't be read ("
                  + e.getMessage()
                  + "); give a readable file of wk-ID:ws-SECRET lines",
              e);
        }
      }
      String variable = System.getenv(TOKENS_VARIABLE);
      if (variable != null) {
        for (String token : variable.split("[,\\s]+")) {
          if (!token.isEmpty()) {
            all.add(token);
          }
        }
      }
      return all;
    }

    @Override
    public Integer call() {
      PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
      List<ProxyAuthToken> parsedTokens = new ArrayList<>();
      EmulatorBuilder builder;
      List<Class<?>> apps;
      try {
        builder =
            Emulator.builder()
                .serveMode(serveMode())
                .port(port)
                .bindAddress(bind)
                .workspace(workspace)
                .environment(environment);
        for (String token : allTokens()) {
          parsedTokens.add(ProxyAuthToken.parse(token));
        }
        parsedTokens.forEach(builder::proxyAuthToken);
        apps = loadApps(classLoader());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      Emulator emulator;
      try {
        emulator = builder.apps(apps.toArray(Class<?>[]::new)).start();
      } catch (InvalidError e) {
        err.println(e.getMessage());
        return EXIT_DEFINITION_ERROR;
      } catch (RuntimeException e) {
        err.println("The emulator could not start on " + bind + ":" + port + ": " + rootMessage(e));
        return EXIT_DEFINITION_ERROR;
      }
      ServeLoop.run(emulator.startupLines(), emulator);
      return EXIT_OK;
    }

    private ClassLoader classLoader() {
      ClassLoader parent = EmulatorCli.class.getClassLoader();
      if (classPath == null || classPath.isEmpty()) {
        return parent;
      }
      List<URL> urls = new ArrayList<>();
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        File file = new File(entry);
        if (!file.exists()) {
          throw new IllegalArgumentException("--cp entry '" + entry + "' does not exist");
        }
        try {
          urls.add(file.toURI().toURL());
        } catch (MalformedURLException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new URLClassLoader("apps", urls.toArray(URL[]::new), parent);
    }

    private List<Class<?>> loadApps(ClassLoader loader) {
      List<String> names = appClasses;
      if (names.isEmpty()) {
        if (classPath == null || classPath.isEmpty()) {
          throw new IllegalArgumentException("name the @App classes, or give --cp to find them");
        }
        names = new ArrayList<>();
        for (String candidate : AppClassFinder.find(classPath)) {
          if (loadApp(candidate, loader).isAnnotationPresent(App.class)) {
            names.add(candidate);
          }
        }
        if (names.isEmpty()) {
          throw new IllegalArgumentException("no @App class found on --cp " + classPath);
        }
      }
      List<Class<?>> classes = new ArrayList<>();
      for (String name : names) {
        classes.add(loadApp(name, loader));
      }
      return classes;
    }

    private Class<?> loadApp(String name, ClassLoader loader) {
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            "class '"
                + name
                + "' could not be loaded"
                + (classPath == null ? "" : " from --cp " + classPath)
                + ": "
                + e);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Serves the apps as the cloud's serve command does: every label gets '-dev'.",
        "Reloading when classes on --cp change is not implemented yet (a later release);"
            + " restart the command after a rebuild."
      })
  static final class Serve extends Run {
    @Override
    boolean serveMode() {
      return true;
    }
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = "Serves the apps as deployed: plain labels.")
  static final class Deploy extends Run {
    @Override
    boolean serveMode() {
      return false;
    }
  }
}
