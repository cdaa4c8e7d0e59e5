package io.github.modalemulator.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedFilesTest {
  @TempDir Path dir;

  private Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static List<String> names(ShippedFiles files) {
    return files.files().stream().map(ShippedFiles.Shipped::name).toList();
  }

  /** A build's output, with what a working copy and a developer leave beside it. */
  private Path classes() throws IOException {
    Path classes = dir.resolve("shop/target/classes");
    write(classes.resolve("shop/Api.class"), "class");
    write(classes.resolve("application.properties"), "greeting=hi");
    write(classes.resolve(".env"), "API_KEY=sk-live-1");
    write(classes.resolve(".git/config"), "[remote] url = https://token@example.com");
    write(classes.resolve("static/.DS_Store"), "junk");
    Path outside = write(dir.resolve("home/secret.txt"), "outside");
    Files.createSymbolicLink(classes.resolve("linked-out.txt"), outside);
    Files.createSymbolicLink(
        classes.resolve("greeting.properties"), classes.resolve("application.properties"));
    Files.createSymbolicLink(classes.resolve("to-git.txt"), classes.resolve(".git/config"));
    Files.createSymbolicLink(classes.resolve("static-dir"), classes.resolve("shop"));
    Files.createSymbolicLink(classes.resolve("dangling.txt"), dir.resolve("nothing"));
    return classes;
  }

  @Test
  void shipsTheBuildsFilesAndALinkInsideTheFolderOnly() throws IOException {
    Path classes = classes();

    ShippedFiles files = ShippedFiles.select(classes, null);

    assertThat(names(files))
        .containsExactly("application.properties", "greeting.properties", "shop/Api.class");
    assertThat(files.refused()).isEmpty();
    assertThat(files.leftOut())
        .containsExactlyInAnyOrder(
            classes.resolve(".env") + " (a dot file)",
            classes.resolve(".git") + " (a dot folder)",
            classes.resolve("static/.DS_Store") + " (a dot file)",
            classes.resolve("linked-out.txt")
                + " (a symbolic link out of the folder, to "
                + dir.resolve("home/secret.txt").toRealPath()
                + ")",
            classes.resolve("to-git.txt") + " (a symbolic link into a dot folder or file)",
            classes.resolve("static-dir") + " (a symbolic link to a folder: not followed)",
            classes.resolve("dangling.txt") + " (a symbolic link to nothing)");
  }

  @Test
  void theJarHoldsExactlyWhatShipsWithALinksContentUnderItsName() throws IOException {
    Path classes = classes();
    Path jar = dir.resolve("shop-classes.jar");

    ShippedFiles.select(classes, null).writeJar(jar);

    List<String> entries = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
      for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
        entries.add(entry.getName());
        contents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries)
        .containsExactly(
            "application.properties", "greeting.properties", "shop/", "shop/Api.class");
    assertThat(contents).containsExactly("greeting=hi", "greeting=hi", "", "class");
    // A package of the jar is found as one of a build tool's is: by its folder.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(Collections.list(loader.getResources("shop/"))).hasSize(1);
    }
  }

  @Test
  void filesThatUsuallyHoldSecretsAreRefusedByName() throws IOException {
    Path classes = dir.resolve("classes");
    write(classes.resolve("Api.class"), "class");
    write(classes.resolve("credentials.json"), "{}");
    write(classes.resolve("tls/server.KEY"), "key");
    write(classes.resolve("tls/ca.pem"), "pem");
    write(classes.resolve("keys.p12"), "p12");
    write(classes.resolve("ssh/id_ed25519"), "ssh");
    write(classes.resolve("keyboard.properties"), "not a key");

    ShippedFiles files = ShippedFiles.select(classes, null);

    String why =
        " looks like it holds a secret, and an image is readable by everyone who can run it:"
            + " take it out of the class path (a Modal Secret gives a container its credentials"
            + " as environment variables), or rename it if it holds none";
    assertThat(files.refused())
        .containsExactlyInAnyOrder(
            classes.resolve("credentials.json") + why,
            classes.resolve("tls/server.KEY") + why,
            classes.resolve("tls/ca.pem") + why,
            classes.resolve("keys.p12") + why,
            classes.resolve("ssh/id_ed25519") + why);
    assertThat(names(files)).containsExactly("Api.class", "keyboard.properties");
  }

  @Test
  void theExportsOwnFolderInsideIsNeverPacked() throws IOException {
    Path project = dir.resolve("project");
    write(project.resolve("Api.class"), "class");
    write(project.resolve("modal_export/lib/emulator.jar"), "jar");

    ShippedFiles files = ShippedFiles.select(project, project.resolve("modal_export"));

    assertThat(names(files)).containsExactly("Api.class");
    assertThat(files.leftOut()).isEmpty();
  }
}
