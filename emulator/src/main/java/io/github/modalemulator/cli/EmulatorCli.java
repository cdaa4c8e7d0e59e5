package io.github.modalemulator.cli;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.serve.ServeLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    subcommands = {
      EmulatorCli.Serve.class,
      EmulatorCli.Deploy.class,
      ContainerCommand.class,
      ExportCommand.class,
      WarmupCommand.class
    })
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
    System.exit(run(args));
  }

  /**
   * Runs a command in this JVM, as {@code java -jar emulator.jar ARGS} would, and returns its exit
   * status instead of exiting: for the Maven plugin. {@code serve} and {@code deploy} block until
   * the JVM is told to stop (Ctrl-C, SIGTERM).
   */
  public static int run(String... args) {
    // A container's start-up skips picocli where it can (see ContainerLine).
    ContainerCommand container = ContainerLine.read(args);
    if (container != null) {
      Integer status;
      try {
        status = container.serveUnlessUsageError();
      } catch (RuntimeException e) {
        e.printStackTrace(); // as picocli's handler of a command's exception does
        return EXIT_DEFINITION_ERROR;
      }
      if (status != null) {
        return status;
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new EmulatorCli());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    return cli;
  }

  /** The {@code --header-timeout} option's text, as serve, deploy and container share it. */
  static final String STRICT_WEB_SERVER_BIND_HELP =
      "Fail the container of a @WebServer whose server accepts connections only on loopback, as"
          + " the cloud would; by default its function's log warns once (checked on Linux).";

  static final String HEADER_TIMEOUT_HELP =
      "How long a client may take to send a request's headers once it has begun: 30s, 500ms or"
          + " 30 (seconds); then it gets 408 and its connection closes (default: 30s).";

  /**
   * A duration on the command line: whole seconds ({@code 30}, {@code 30s}) or milliseconds ({@code
   * 500ms}), more than zero.
   */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s)?");

    @Override
    public Duration convert(String value) {
      Matcher matcher = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!matcher.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: give seconds (30 or 30s) or milliseconds (500ms)");
      }
      long amount = Long.parseLong(matcher.group(1));
      Duration duration =
          "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
      if (duration.isZero()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is no time at all: give more than zero, such as 30s or 500ms");
      }
      if (duration.toMillis() > Integer.MAX_VALUE) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is too long: give at most 24 days (2073600s)");
      }
      return duration;
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: use 'serve', 'deploy', 'container' or 'export'");
  }

  /** What serve and deploy share. */
  abstract static class Run implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Mixin ClassPathOption classPath = new ClassPathOption();

    @Option(
        names = "--port",
        defaultValue = "9000",
        description = "Port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--bind",
        paramLabel = "ADDR",
        defaultValue = "127.0.0.1",
        description =
            "Address to listen on (default: ${DEFAULT-VALUE}, loopback only). Functions answer"
                + " whoever can connect; the dashboard and its API answer only this machine"
                + " unless --remote-dashboard.")
    String bind;

    @Option(
        names = "--remote-dashboard",
        description =
            "Let other machines use the dashboard and its API with a token: "
                + RemoteDashboard.VARIABLE
                + " if set, else a generated one, readable on this machine at"
                + " /api/dashboard-token. They send it as 'Authorization: Bearer TOKEN', or open"
                + " /?dashboard_token=TOKEN in a browser once.")
    boolean remoteDashboard;

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
        names = "--header-timeout",
        paramLabel = "T",
        converter = DurationConverter.class,
        description = HEADER_TIMEOUT_HELP)
    Duration headerTimeout; // null: the builder's own

    @Option(
        names = "--proxy-auth-token",
        paramLabel = "wk-ID:ws-SECRET",
        description =
            "A proxy auth token to accept; repeatable. When a function requires proxy auth and"
                + " none is given, one is generated and printed.")
    List<String> tokens = new ArrayList<>();

    @Option(
        names = "--fastapi-stack",
        paramLabel = "current|legacy",
        defaultValue = "current",
        description = {
          "Which releases @FastapiEndpoint functions answer as (default: ${DEFAULT-VALUE}):",
          "  current: FastAPI 0.142.2, Starlette 1.7.0, pydantic 2.13.5;",
          "  legacy: FastAPI 0.100 to 0.131, Starlette before Kludex/starlette#3137, pydantic 2."
        })
    FastapiStack fastapiStack;

    @Option(
        names = "--isolation",
        paramLabel = "container|generation|process",
        defaultValue = "container",
        description = {
          "How much of the app's classes containers share (default: ${DEFAULT-VALUE}):",
          "  container: each container loads them anew, static state its own, as in the cloud;",
          "  generation: every container of a (re)load runs the same classes, statics shared;",
          "  process: each web function's container a JVM of its own, with its secrets and env",
          "    as environment variables, -Xmx from its memory, a crash its own."
        })
    Isolation isolation;

    @Option(
        names = "--secrets-dir",
        paramLabel = "DIR",
        description =
            "Where secrets' NAME.env files are (KEY=value lines; a bare KEY takes this machine's"
                + " variable); default: .modal-emulator/secrets.")
    Path secretsDir;

    @Option(
        names = "--volumes-dir",
        paramLabel = "DIR",
        description =
            "Where volumes keep their files, a folder per volume name; default:"
                + " .modal-emulator/volumes.")
    Path volumesDir;

    @Option(
        names = "--strict-web-endpoint",
        description =
            "Refuse @WebEndpoint with the error of the cloud client 1.4 and later; by default it"
                + " is served as @FastapiEndpoint with a deprecation warning.")
    boolean strictWebEndpoint;

    @Option(names = "--strict-web-server-bind", description = STRICT_WEB_SERVER_BIND_HELP)
    boolean strictWebServerBind;

    @Option(
        names = "--no-dashboard",
        description =
            "Serve no dashboard at the emulator's own address; the JSON index of the apps stays.")
    boolean noDashboard;

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

    String devSuffix() {
      return "";
    }

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
                .environment(environment)
                .devSuffix(devSuffix() == null ? "" : devSuffix())
                .fastapiStack(fastapiStack)
                .isolation(isolation)
                .strictWebEndpoint(strictWebEndpoint)
                .strictWebServerBind(strictWebServerBind)
                .dashboard(!noDashboard);
        if (headerTimeout != null) {
          builder.headerTimeout(headerTimeout);
        }
        if (secretsDir != null) {
          builder.secretsDir(secretsDir);
        }
        if (volumesDir != null) {
          builder.volumesDir(volumesDir);
        }
        if (remoteDashboard) {
          builder.dashboardToken(RemoteDashboard.token());
        }
        for (String token : allTokens()) {
          parsedTokens.add(ProxyAuthToken.parse(token));
        }
        parsedTokens.forEach(builder::proxyAuthToken);
        apps = classPath.apps().load(appClasses);
      } catch (NewerClassVersion e) {
        err.println(e.getMessage());
        return EXIT_DEFINITION_ERROR;
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
      List<String> lines = new ArrayList<>(emulator.startupLines());
      Reloader reloader;
      try {
        reloader = reloader(emulator, err);
      } catch (IOException e) {
        err.println("Can't watch --cp for changes: " + e.getMessage());
        emulator.close();
        return EXIT_DEFINITION_ERROR;
      }
      if (reloader != null) {
        lines.add(ServeLoop.SERVING);
        lines.add(reloader.watchingLine());
        reloader.start();
      }
      ServeLoop.run(
          lines,
          () -> {
            if (reloader != null) {
              reloader.close();
            }
            emulator.close();
          });
      return EXIT_OK;
    }

    /** What reloads the apps when --cp changes; null when nothing does ({@code deploy}). */
    Reloader reloader(Emulator emulator, PrintStream err) throws IOException {
      return null;
    }
  }

  static String rootMessage(Throwable e) {
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
        "When a build changes the folders or jars of --cp, the apps reload: new requests reach the"
            + " new code, requests in flight finish on the old; --no-reload to turn that off."
      })
  static final class Serve extends Run {
    @Option(names = "--no-reload", description = "Don't reload when the classes on --cp change.")
    boolean noReload;

    @Override
    Reloader reloader(Emulator emulator, PrintStream err) throws IOException {
      if (noReload || classPath.classPath == null || classPath.classPath.isEmpty()) {
        return null;
      }
      return new Reloader(
          emulator,
          classPath.classPath,
          appClasses,
          new PrintStream(System.out, true, StandardCharsets.UTF_8),
          err);
    }

    @Option(
        names = "--dev-suffix",
        paramLabel = "S",
        defaultValue = "${env:MODAL_DEV_SUFFIX}",
        description =
            "Replaces 'dev' after every label, as the cloud's dev_suffix config: at most 8"
                + " letters or digits (default: $MODAL_DEV_SUFFIX, else 'dev').")
    String devSuffix;

    @Override
    boolean serveMode() {
      return true;
    }

    @Override
    String devSuffix() {
      return devSuffix;
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
