package io.github.modalemulator.cli;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.export.LibFolder;
import io.github.modalemulator.internal.export.PythonApp;
import io.github.modalemulator.internal.export.ShippedFiles;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    Path ownJar = ownJar();
    List<String> jars = new ArrayList<>();
    Set<String> taken = new HashSet<>(Set.of("emulator.jar"));
    Map<String, Path> copied = new LinkedHashMap<>();
    Map<String, ShippedFiles> packed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String entry : classPath.classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path source = Path.of(entry);
      if (Files.isRegularFile(source) && inside(source, out.resolve("lib"))) {
        problems.add(
            "--cp entry "
                + source
                + " is in the lib folder export empties first: copy it elsewhere, or choose"
                + " another --out");
        continue;
      }
      String name = unique(jarName(source), taken);
      if (Files.isDirectory(source)) {
        ShippedFiles files = ShippedFiles.select(source, out);
        problems.addAll(files.refused());
        packed.put(name, files);
      } else {
        copied.put(name, source);
      }
      jars.add(name);
    }
    // Everything is checked before anything is written: a refused export leaves the last one whole.
    Map<Path, String> files = new LinkedHashMap<>();
    Map<Path, String> owners = new LinkedHashMap<>();
    for (AppDefinition app : deployment.apps()) {
      Path file = out.resolve(PythonApp.fileName(app));
      String owner = owners.putIfAbsent(file, app.name());
      if (owner != null) {
        problems.add(
            "@App(\""
                + owner
                + "\") and @App(\""
                + app.name()
                + "\") both export to "
                + file
                + " (dashes and dots become underscores): rename one");
        continue;
      }
      try {
        files.put(file, PythonApp.render(app, jars));
      } catch (InvalidError e) {
        problems.addAll(e.problems());
      }
    }
    LibFolder lib = LibFolder.of(out);
    problems.addAll(lib.problems());
    if (!problems.isEmpty()) {
      err.println("Nothing exported:");
      problems.forEach(err::println);
      return EmulatorCli.EXIT_DEFINITION_ERROR;
    }
    List<String> written = new ArrayList<>();
    written.add("emulator.jar");
    written.addAll(jars);
    Files.createDirectories(out);
    lib.prepare(written);
    Files.copy(ownJar, lib.path().resolve("emulator.jar"), StandardCopyOption.REPLACE_EXISTING);
    for (Map.Entry<String, Path> jar : copied.entrySet()) {
      Files.copy(
          jar.getValue(), lib.path().resolve(jar.getKey()), StandardCopyOption.REPLACE_EXISTING);
    }
    for (Map.Entry<String, ShippedFiles> jar : packed.entrySet()) {
      jar.getValue().writeJar(lib.path().resolve(jar.getKey()));
      for (String line : jar.getValue().leftOut()) {
        err.println("Left out of lib/" + jar.getKey() + ": " + line);
      }
    }
    lib.finish(written);
    for (AppDefinition app : deployment.apps()) {
      Path file = out.resolve(PythonApp.fileName(app));
      Files.writeString(file, files.get(file), StandardCharsets.UTF_8);
      stdout.println(
          "Wrote "
              + file
              + " ("
              + app.functions().size()
              + " web functions of "
              + app.name()
              + ")");
    }
    stdout.println(
        "Copied emulator.jar and " + jars.size() + " class path entries to " + lib.path() + ".");
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

  private static boolean inside(Path file, Path folder) throws IOException {
    return Files.isDirectory(folder) && file.toRealPath().getParent().equals(folder.toRealPath());
  }

  private static String jarName(Path source) {
    String name = source.getFileName().toString();
    if (Files.isDirectory(source)) {
      Path parent = source.toAbsolutePath().getParent();
      // target/classes of module "shop" becomes shop-classes.jar, not a bare classes.jar
      String owner =
          parent != null && parent.getParent() != null
              ? parent.getParent().getFileName() + "-"
              : "";
      return owner + name + ".jar";
    }
    return name;
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name.replaceFirst("\\.jar$", "") + "-" + i + ".jar";
    }
    return candidate;
  }
}
