package io.github.modalemulator.cli;

import io.github.modalemulator.App;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the {@code @App} classes on a class path without loading a class: a class file that names
 * the annotation carries its descriptor in its constant pool, so a byte search of each file finds
 * the candidates, which the caller then loads and checks.
 *
 * <p>Folders are searched whole. A jar is searched only when it may hold apps: when its Maven
 * metadata ({@code META-INF/maven/.../pom.xml}) names {@code modal-emulator}, or when it has no
 * such metadata. Libraries (Jersey, Jackson, ...) are skipped unread, which is where a scan of the
 * whole class path spends its time. The emulator's own warm-up app is never a candidate.
 */
final class AppClassFinder {
  private static final byte[] DESCRIPTOR =
      ("L" + App.class.getName().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);
  private static final String CLASS_SUFFIX = ".class";

  private AppClassFinder() {}

  /** Candidate class names, sorted by name (nested classes after their outer class). */
  static List<String> find(String classPath) {
    List<String> names = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry);
      try {
        if (Files.isDirectory(path)) {
          searchFolder(path, names);
        } else if (Files.isRegularFile(path) && mayHoldApps(path)) {
          searchJar(path, names);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read --cp entry " + entry, e);
      }
    }
    // The emulator's own app (the image build's warm-up) is in the library's jar, which names
    // modal-emulator as an app's jar does: it is never the user's, to serve or to export.
    names.remove(WarmupApp.class.getName());
    names.sort(null);
    return names;
  }

  private static void searchFolder(Path root, List<String> names) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(file).toString().replace(File.separatorChar, '/');
        if (isClass(relative) && contains(Files.readAllBytes(file))) {
          names.add(className(relative));
        }
      }
    }
  }

  private static boolean mayHoldApps(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      boolean described = false;
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.xml")) {
          described = true;
          try (InputStream pom = zip.getInputStream(entry)) {
            if (new String(pom.readAllBytes(), StandardCharsets.UTF_8).contains("modal-emulator")) {
              return true;
            }
          }
        }
      }
      return !described;
    }
  }

  private static void searchJar(Path jar, List<String> names) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (isClass(entry.getName())) {
          try (InputStream in = zip.getInputStream(entry)) {
            if (contains(in.readAllBytes())) {
              names.add(className(entry.getName()));
            }
          }
        }
      }
    }
  }

  private static boolean isClass(String path) {
    return path.endsWith(CLASS_SUFFIX)
        && !path.startsWith("META-INF/")
        && !path.endsWith("module-info.class")
        && !path.endsWith("package-info.class");
  }

  /** The binary name, as {@code Class.forName} takes it ({@code a.B$C}). */
  private static String className(String path) {
    return path.substring(0, path.length() - CLASS_SUFFIX.length()).replace('/', '.');
  }

  private static boolean contains(byte[] bytes) {
    outer:
    for (int i = 0; i <= bytes.length - DESCRIPTOR.length; i++) {
      for (int j = 0; j < DESCRIPTOR.length; j++) {
        if (bytes[i + j] != DESCRIPTOR[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
