package io.github.modalemulator.internal.export;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.AppDefinition;
import java.io.IOException;
import java.io.PrintStream;
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

/**
 * What one export writes, worked out and checked before anything is written, so that a refused
 * export leaves the last one whole: each app's file, and {@code OUT/lib} with {@code emulator.jar},
 * each class-path jar as it is and each class-path folder packed by {@link ShippedFiles}.
 */
public final class ExportPlan {
  private static final String EMULATOR_JAR = "emulator.jar";

  private final Path out;
  private final LibFolder lib;
  private final List<String> jars = new ArrayList<>();
  private final Map<String, Path> copied = new LinkedHashMap<>();
  private final Map<String, ShippedFiles> packed = new LinkedHashMap<>();
  private final Map<Path, String> files = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private JavaRelease java;

  private ExportPlan(Path out) {
    this.out = out;
    this.lib = LibFolder.of(out);
  }

  /**
   * Works out an export.
   *
   * @param apps the apps, validated
   * @param classPath the class-path entries, in order: folders and jars
   * @param out the export folder
   * @param javaRelease the image's Java release as the user chose it, or null for the one the class
   *     files need
   */
  public static ExportPlan of(
      List<AppDefinition> apps, List<Path> classPath, Path out, Integer javaRelease)
      throws IOException {
    ExportPlan plan = new ExportPlan(out);
    plan.planLib(classPath);
    plan.planJava(classPath, javaRelease);
    plan.planFiles(apps);
    plan.problems.addAll(plan.lib.problems());
    return plan;
  }

  /** Why nothing may be written, one problem a line with its fix; empty when all is well. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The class path as the image's lib folder names it, in order, without {@code emulator.jar}. */
  public List<String> jars() {
    return List.copyOf(jars);
  }

  /** The Java release the image runs. */
  public int javaRelease() {
    return java.release();
  }

  /** The lib folder. */
  public Path lib() {
    return lib.path();
  }

  /**
   * Writes the export.
   *
   * @param emulatorJar the executable jar the containers run
   * @param notes where a line per file left out of a folder's jar goes
   * @throws IllegalStateException when there are {@link #problems()}
   */
  public void write(Path emulatorJar, PrintStream notes) throws IOException {
    if (!problems.isEmpty()) {
      throw new IllegalStateException("an export with problems writes nothing: " + problems);
    }
    List<String> written = new ArrayList<>();
    written.add(EMULATOR_JAR);
    written.addAll(jars);
    Files.createDirectories(out);
    lib.prepare(written);
    Files.copy(emulatorJar, lib.path().resolve(EMULATOR_JAR), StandardCopyOption.REPLACE_EXISTING);
    for (Map.Entry<String, Path> jar : copied.entrySet()) {
      Files.copy(
          jar.getValue(), lib.path().resolve(jar.getKey()), StandardCopyOption.REPLACE_EXISTING);
    }
    for (Map.Entry<String, ShippedFiles> jar : packed.entrySet()) {
      jar.getValue().writeJar(lib.path().resolve(jar.getKey()));
      for (String line : jar.getValue().leftOut()) {
        notes.println("Left out of lib/" + jar.getKey() + ": " + line);
      }
    }
    lib.finish(written);
    for (Map.Entry<Path, String> file : files.entrySet()) {
      Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
    }
  }

  private void planLib(List<Path> classPath) throws IOException {
    Set<String> taken = new HashSet<>(Set.of(EMULATOR_JAR));
    for (Path source : classPath) {
      if (Files.isRegularFile(source) && inLib(source)) {
        problems.add(
            "--cp entry "
                + source
                + " is in the lib folder export empties first: copy it elsewhere, or choose"
                + " another --out");
        continue;
      }
      String name = unique(jarName(source), taken);
      if (Files.isDirectory(source)) {
        ShippedFiles shipped = ShippedFiles.select(source, out);
        problems.addAll(shipped.refused());
        packed.put(name, shipped);
      } else {
        copied.put(name, source);
      }
      jars.add(name);
    }
  }

  private void planJava(List<Path> classPath, Integer chosen) {
    JavaRelease needed = JavaRelease.of(classPath);
    java = needed;
    if (chosen == null) {
      return;
    }
    if (chosen < JavaRelease.BASELINE) {
      problems.add(
          "--java-release "
              + chosen
              + " is older than the emulator's own Java "
              + JavaRelease.BASELINE
              + ": choose "
              + JavaRelease.BASELINE
              + " or later");
    } else if (chosen < needed.release()) {
      problems.add(
          "--java-release "
              + chosen
              + " is older than the class files need: "
              + needed.where()
              + " is compiled for Java "
              + needed.release()
              + "; choose "
              + needed.release()
              + " or later, or leave --java-release out");
    } else {
      java = new JavaRelease(chosen, null); // the user's choice, not the class files'
    }
  }

  private void planFiles(List<AppDefinition> apps) {
    Map<Path, String> owners = new LinkedHashMap<>();
    for (AppDefinition app : apps) {
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
        files.put(file, PythonApp.render(app, jars, java));
      } catch (InvalidError e) {
        problems.addAll(e.problems());
      }
    }
  }

  private boolean inLib(Path file) throws IOException {
    return Files.isDirectory(lib.path())
        && file.toRealPath().getParent().equals(lib.path().toRealPath());
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
