package io.github.modalemulator.cli;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.export.ExportPlan;
import io.github.modalemulator.internal.export.PythonApp;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code export}: the cloud app file of each {@code @App} ({@code OUT/<app_name>.py}) and {@code
 * OUT/lib/} with {@code emulator.jar} and every {@code --cp} entry (a folder packed as a jar), so
 * that {@code modal deploy OUT/<app_name>.py} runs the same Java code in the cloud.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes, per @App, OUT/<app name, dashes and dots as underscores>.py: the cloud app whose web"
          + " functions are web_servers running 'emulator.jar container' for them, with the Java"
          + " definition's labels, custom domains, proxy auth, scaling and concurrency; and OUT/lib/"
          + " with emulator.jar and every --cp entry (folders packed as jars).",
      "Folders ship without dot files and folders, or links out of them; a secret-looking file"
          + " (credentials.json, *.pem, *.key...) or a file in OUT/lib that no export wrote stops"
          + " the export before anything is written. Java names Python can't take are renamed"
          + " (lambda -> lambda_), keeping the cloud names and labels.",
      "Then: modal deploy OUT/<app_name>.py"
    })
final class ExportCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin ClassPathOption classPath = new ClassPathOption();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "modal_export",
      description = "The folder to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--java-release",
      paramLabel = "N",
      description =
          "The Java release of the image's JRE (17 or later; default: the highest the class"
              + " files of --cp are compiled for, at least 17). 17 is Debian's openjdk-17; any"
              + " other is Eclipse Temurin's public JRE image.")
  Integer javaRelease;

  @Parameters(
      paramLabel = "APP_CLASS",
      arity = "0..*",
      description = "@App classes to export; all @App classes on --cp when none is named.")
  List<String> appClasses = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    if (classPath.classPath == null || classPath.classPath.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "export needs --cp: the app classes and their libraries go to lib/");
    }
    List<Class<?>> apps;
    try {
      apps = classPath.apps().load(appClasses);
    } catch (NewerClassVersion e) {
      err.println(e.getMessage());
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Deployment deployment;
    try {
      deployment = Deployment.of(apps, "local", "", false);
    } catch (InvalidError e) {
      err.println(e.getMessage());
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    }
    List<Path> entries = new ArrayList<>();
    for (String entry : classPath.classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry));
      }
    }
    ExportPlan plan = ExportPlan.of(deployment.apps(), entries, out, javaRelease);
    if (!plan.problems().isEmpty()) {
      err.println("Nothing exported:");
      plan.problems().forEach(err::println);
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    }
    plan.write(ownJar(), err);
    // The Maven plugin's deploy goal takes the files to deploy from these lines (ExportMojo.WROTE).
    for (AppDefinition app : deployment.apps()) {
      stdout.println(
          "Wrote "
              + out.resolve(PythonApp.fileName(app))
              + " ("
              + app.functions().size()
              + " web functions of "
              + app.name()
              + ")");
    }
    stdout.println(
        "Copied emulator.jar and "
            + plan.jars().size()
            + " class path entries to "
            + plan.lib()
            + "; the image runs Java "
            + plan.javaRelease()
            + ".");
    stdout.println("Deploy with: modal deploy " + out.resolve("<app_name>.py"));
    return EmulatorCli.EXIT_OK;
  }

  /** The jar this command runs from: what the image's containers run. */
  private static Path ownJar() {
    try {
      Path own =
          Path.of(ExportCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(own)) {
        throw new IllegalStateException(
            "export copies the jar it runs from, and runs from "
                + own
                + ": run it with java -jar"
                + " emulator.jar export");
      }
      return own;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the emulator's own location is no file", e);
    }
  }
}
