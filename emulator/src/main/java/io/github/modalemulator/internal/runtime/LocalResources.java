package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a function's secrets and volumes come from on this machine, so that the code that reads
 * them in the cloud runs here unchanged.
 *
 * <p>A secret's keys are the values given to the emulator for its name (a test's), else the file
 * {@code <secretsDir>/<name>.env}: {@code KEY=value} lines ({@code export} and quotes allowed,
 * {@code #} comments), and a bare {@code KEY} line for a key whose value is this machine's
 * environment variable of that name (so a real key never has to be written in a file). A secret
 * found nowhere, or a bare key the environment lacks, fails the start with where the emulator
 * looked. A volume is the folder {@code <volumesDir>/<name>}, made when first mounted and kept, so
 * what one container writes the next one reads, across runs too, as a cloud volume keeps it.
 *
 * @param secrets values given for secrets, by name (a test's); these win over files
 * @param secretsDir the folder of {@code <name>.env} files
 * @param volumesDir the folder of the volumes' folders
 * @param provided true in a container JVM ({@code container} mode), whose environment already holds
 *     them: the cloud's, or what the emulator that started it gave it; nothing is looked up then
 */
public record LocalResources(
    Map<String, Map<String, String>> secrets, Path secretsDir, Path volumesDir, boolean provided) {

  /** The folders a project keeps beside its build: {@code .modal-emulator/secrets} and volumes. */
  public static final LocalResources DEFAULT =
      new LocalResources(
          Map.of(), Path.of(".modal-emulator", "secrets"), Path.of(".modal-emulator", "volumes"));

  /** In a container JVM: the environment holds what the functions need. */
  public static final LocalResources PROVIDED =
      new LocalResources(Map.of(), DEFAULT.secretsDir(), DEFAULT.volumesDir(), true);

  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Values and folders to look up: the emulator's own modes. */
  public LocalResources(
      Map<String, Map<String, String>> secrets, Path secretsDir, Path volumesDir) {
    this(secrets, secretsDir, volumesDir, false);
  }

  public LocalResources {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    secrets.forEach((name, values) -> copy.put(name, Map.copyOf(values)));
    secrets = Map.copyOf(copy);
    secretsDir = secretsDir.toAbsolutePath().normalize();
    volumesDir = volumesDir.toAbsolutePath().normalize();
  }

  /**
   * The variables a function's containers get, as the cloud sets them: each secret's keys in the
   * order the function names them, then its {@code env}, later ones winning (the client passes
   * {@code env} as one more secret after the others).
   *
   * @param who the function, for messages
   * @param variables this machine's environment, for bare keys
   * @throws InvalidError naming each secret or key that is missing and where the emulator looked
   */
  public Map<String, String> environment(
      String who, Resources resources, Function<String, String> variables) {
    if (provided) {
      return Map.of();
    }
    Map<String, String> environment = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String name : resources.secrets()) {
      environment.putAll(secret(who, name, variables, problems));
    }
    if (!problems.isEmpty()) {
      throw new InvalidError(String.join("\n", problems));
    }
    environment.putAll(resources.env());
    return environment;
  }

  private Map<String, String> secret(
      String who, String name, Function<String, String> variables, List<String> problems) {
    Map<String, String> given = secrets.get(name);
    if (given != null) {
      return given;
    }
    Path file = secretsDir.resolve(name + ".env");
    if (!Files.isRegularFile(file)) {
      problems.add(
          "secret '"
              + name
              + "' of "
              + who
              + " was not found: no values were given for it (Emulator.builder().secret(...),"
              + " @ModalEmulator(secrets = ...)) and there is no file "
              + file
              + " (KEY=value lines, or a bare KEY to take this machine's environment variable)");
      return Map.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("secret '" + name + "': can't read " + file, e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int equals = line.indexOf('=');
      String key = (equals < 0 ? line : line.substring(0, equals)).strip();
      String where = file + " line " + (i + 1);
      if (!KEY.matcher(key).matches()) {
        problems.add(
            "secret '" + name + "' of " + who + ": '" + key + "' at " + where + " is no key name");
        continue;
      }
      if (equals >= 0) {
        values.put(key, unquote(line.substring(equals + 1).strip()));
        continue;
      }
      String value = variables.apply(key);
      if (value == null) {
        problems.add(
            "secret '"
                + name
                + "' of "
                + who
                + ": key "
                + key
                + " is not set in this machine's environment, which "
                + where
                + " says it comes from");
      } else {
        values.put(key, value);
      }
    }
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
        return value.substring(1, value.length() - 1);
      }
    }
    return value;
  }

  /**
   * Each mount path of the function and the local folder of its volume, made if it doesn't exist.
   */
  public Map<String, Path> volumes(Resources resources) {
    if (provided) {
      return Map.of();
    }
    Map<String, Path> mounts = new LinkedHashMap<>();
    resources
        .volumes()
        .forEach(
            (mountPath, name) -> {
              Path folder = volumesDir.resolve(name);
              try {
                Files.createDirectories(folder);
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "volume '" + name + "': can't make its folder " + folder, e);
              }
              mounts.put(mountPath, folder);
            });
    return mounts;
  }

  /**
   * Mounts as one variable's value: {@code /data=/home/me/.modal-emulator/volumes/cache}, a line
   * each.
   */
  public static String volumesVariable(Map<String, Path> mounts) {
    StringBuilder value = new StringBuilder();
    mounts.forEach(
        (mountPath, folder) -> value.append(mountPath).append('=').append(folder).append('\n'));
    return value.toString();
  }
}
