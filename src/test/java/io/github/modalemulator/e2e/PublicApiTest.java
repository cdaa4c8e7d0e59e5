package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public API changes only on purpose: each artifact's public packages are dumped (every public
 * type and its public and protected members, with generic signatures and annotation defaults) and
 * compared with the dump kept in {@code api/} at the root of the repository. A change there is a
 * change users see; when it is meant, write the dump again with {@code -Dapi.update=true} and
 * commit it with the change, so a review sees both.
 */
class PublicApiTest {
  private static final Path DUMPS = Path.of("..", "api");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "modal-emulator, io.github.modalemulator.App, "
        + "io.github.modalemulator|io.github.modalemulator.emulator|io.github.modalemulator.cli",
    "modal-emulator-junit5, io.github.modalemulator.junit.ModalEmulator, "
        + "io.github.modalemulator.junit",
  })
  void thePublicApiIsTheOneInItsDump(String artifact, String member, String packages)
      throws Exception {
    String dump = dump(Class.forName(member), List.of(packages.split("\\|")));
    Path file = DUMPS.resolve(artifact + ".api");
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(DUMPS);
      Files.writeString(file, dump, StandardCharsets.UTF_8);
    }
    assertThat(file).as("the API dump of " + artifact).exists();
    assertThat(dump)
        .as(
            "the public API of %s differs from %s; if the change is meant, write the dump again"
                + " (./mvnw verify -pl e2e -am -Dtest=PublicApiTest -Dapi.update=true"
                + " -Dsurefire.failIfNoSpecifiedTests=false) and commit"
                + " it with the change",
            artifact, file.toAbsolutePath().normalize())
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The dump of the packages in the folder or jar that {@code member} was loaded from. */
  static String dump(Class<?> member, List<String> packages)
      throws IOException, URISyntaxException, ClassNotFoundException {
    URL location = member.getProtectionDomain().getCodeSource().getLocation();
    Path root = Path.of(location.toURI());
    List<String> names = new ArrayList<>();
    for (String entry : entries(root)) {
      if (entry.endsWith(".class") && !entry.contains("$")) {
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        String pkg = name.substring(0, Math.max(name.lastIndexOf('.'), 0));
        if (packages.contains(pkg)) {
          names.add(name);
        }
      }
    }
    TreeSet<String> lines = new TreeSet<>();
    for (String name : names) {
      describe(Class.forName(name, false, member.getClassLoader()), lines);
    }
    return String.join("\n", lines) + "\n";
  }

  private static List<String> entries(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        return files.map(f -> root.relativize(f).toString().replace('\\', '/')).toList();
      }
    }
    try (JarFile jar = new JarFile(root.toFile())) {
      return jar.stream().map(JarEntry::getName).toList();
    }
  }

  /** One line for the type and one for each member, each starting with the type's name. */
  private static void describe(Class<?> type, TreeSet<String> lines) {
    if (!Modifier.isPublic(type.getModifiers())) {
      return;
    }
    String name = type.getName();
    lines.add(name + " : " + header(type));
    for (Field field : type.getDeclaredFields()) {
      if (visible(field)) {
        lines.add(name + " . " + field.toGenericString());
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (visible(constructor)) {
        lines.add(name + " . " + constructor.toGenericString());
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (visible(method) && !method.isBridge()) {
        Object fallback = method.getDefaultValue();
        lines.add(
            name
                + " . "
                + method.toGenericString()
                + (fallback == null ? "" : " default " + defaultText(fallback)));
      }
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      describe(nested, lines);
    }
  }

  private static String header(Class<?> type) {
    StringBuilder header = new StringBuilder(type.toGenericString());
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class) {
      header.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      header.append(" implements ");
      header.append(
          String.join(
              ", ", Arrays.stream(type.getGenericInterfaces()).map(t -> t.getTypeName()).toList()));
    }
    if (type.isAnnotation()) {
      java.lang.annotation.Retention retention =
          type.getAnnotation(java.lang.annotation.Retention.class);
      java.lang.annotation.Target target = type.getAnnotation(java.lang.annotation.Target.class);
      header.append(retention == null ? "" : " @Retention(" + retention.value() + ")");
      header.append(target == null ? "" : " @Target(" + Arrays.toString(target.value()) + ")");
    }
    if (type.isAnnotationPresent(Deprecated.class)) {
      Deprecated deprecated = type.getAnnotation(Deprecated.class);
      header.append(
          " @Deprecated(since="
              + deprecated.since()
              + ", forRemoval="
              + deprecated.forRemoval()
              + ")");
    }
    return header.toString();
  }

  private static String defaultText(Object value) {
    if (value instanceof Object[] array) {
      return Arrays.deepToString(array);
    }
    if (value.getClass().isArray()) {
      return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
    }
    if (value instanceof String text) {
      StringBuilder quoted = new StringBuilder("\"");
      text.chars()
          .forEach(
              c ->
                  quoted.append(
                      c < 0x20 || c == 0x7f
                          ? String.format("\\u%04x", c)
                          : String.valueOf((char) c)));
      return quoted.append('"').toString();
    }
    return String.valueOf(value);
  }

  private static boolean visible(Member member) {
    int modifiers = member.getModifiers();
    return !member.isSynthetic()
        && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))
        && !(member instanceof Executable e && e.isSynthetic());
  }
}
