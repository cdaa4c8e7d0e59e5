package io.github.modalemulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding {@code @App} classes in folders and jars from their bytes, without loading them. */
class AppClassFinderTest {
  @App("finder")
  static class AnApp {}

  static class NotAnApp {}

  @TempDir Path temp;

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in =
        type.getResourceAsStream(
            type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class")) {
      return in.readAllBytes();
    }
  }

  private Path jar(String name, Map<String, byte[]> entries) throws IOException {
    Path jar = temp.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return jar;
  }

  private static String path(Class<?> type) {
    return type.getName().replace('.', '/') + ".class";
  }

  @Test
  void findsAnnotatedClassesOfAFolderNestedOnesIncluded() throws IOException {
    Path folder = temp.resolve("classes");
    for (Class<?> type : new Class<?>[] {AnApp.class, NotAnApp.class}) {
      Path file = folder.resolve(path(type));
      Files.createDirectories(file.getParent());
      Files.write(file, classFile(type));
    }
    assertThat(AppClassFinder.find(folder.toString())).containsExactly(AnApp.class.getName());
  }

  @Test
  void searchesAJarThatDependsOnTheEmulatorOrSaysNothingAndSkipsLibraries() throws IOException {
    byte[] pomOfAnApp =
        "<dependency><artifactId>modal-emulator</artifactId></dependency>"
            .getBytes(StandardCharsets.UTF_8);
    byte[] pomOfALibrary =
        "<artifactId>jersey-server</artifactId>".getBytes(StandardCharsets.UTF_8);
    Path user =
        jar(
            "user.jar",
            Map.of(
                "META-INF/maven/com.example/user/pom.xml",
                pomOfAnApp,
                path(AnApp.class),
                classFile(AnApp.class)));
    Path library =
        jar(
            "library.jar",
            Map.of(
                "META-INF/maven/org.glassfish/jersey/pom.xml",
                pomOfALibrary,
                // an app class in a library is not looked for: its metadata says it can't be one
                path(AnApp.class),
                classFile(AnApp.class)));
    Path bare = jar("bare.jar", Map.of(path(AnApp.class), classFile(AnApp.class)));
    assertThat(AppClassFinder.find(user.toString())).containsExactly(AnApp.class.getName());
    assertThat(AppClassFinder.find(library.toString())).isEmpty();
    assertThat(AppClassFinder.find(bare.toString())).containsExactly(AnApp.class.getName());
    assertThat(AppClassFinder.find(library + File.pathSeparator + user))
        .containsExactly(AnApp.class.getName());
  }

  @Test
  void neverFindsTheEmulatorsOwnWarmupAppInTheLibrarysJar() throws IOException {
    byte[] pomOfTheEmulator =
        "<artifactId>modal-emulator</artifactId>".getBytes(StandardCharsets.UTF_8);
    Path emulator =
        jar(
            "modal-emulator.jar",
            Map.of(
                "META-INF/maven/io.github.modalemulator/modal-emulator/pom.xml",
                pomOfTheEmulator,
                path(WarmupApp.class),
                classFile(WarmupApp.class),
                path(AnApp.class),
                classFile(AnApp.class)));
    assertThat(AppClassFinder.find(emulator.toString())).containsExactly(AnApp.class.getName());
  }
}
