package io.github.modalemulator.internal.export;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Java release an image must run: the highest class-file version on the class path (read from
 * each class file's header, nothing loaded), never below the emulator's own 17. Classes under
 * {@code META-INF/versions/} are left out: a multi-release jar's newer classes are used only by a
 * newer JVM, and its base classes run on the older one.
 *
 * @param release the Java release, 17 or more
 * @param where the class file that needs it (a jar's or a folder's entry), or null when none needs
 *     more than 17 or the release was chosen by the user
 */
public record JavaRelease(int release, String where) {
  /** The emulator's own release: the least an image gets. */
  public static final int BASELINE = 17;

  private static final int CLASS_MAGIC = 0xCAFEBABE;

  /** Class-file major version 61 is Java 17; each release adds one. */
  private static final int MAJOR_OF_RELEASE_ZERO = 44;

  /** The Java release of a class-file major version (61: Java 17). */
  public static int ofMajorVersion(int major) {
    return major - MAJOR_OF_RELEASE_ZERO;
  }

  /** The release the class path needs. */
  public static JavaRelease of(List<Path> classPath) {
    JavaRelease needed = new JavaRelease(BASELINE, null);
    for (Path entry : classPath) {
      try {
        needed = Files.isDirectory(entry) ? ofFolder(entry, needed) : ofJar(entry, needed);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the class path entry " + entry, e);
      }
    }
    return needed;
  }

  private static JavaRelease ofFolder(Path folder, JavaRelease needed) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = folder.relativize(file).toString().replace('\\', '/');
        if (counts(name) && Files.isRegularFile(file)) {
          try (InputStream in = Files.newInputStream(file)) {
            needed = higher(needed, in, folder + "/" + name);
          }
        }
      }
    }
    return needed;
  }

  private static JavaRelease ofJar(Path jar, JavaRelease needed) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return needed;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (counts(entry.getName())) {
          try (InputStream in = zip.getInputStream(entry)) {
            needed = higher(needed, in, jar + "!/" + entry.getName());
          }
        }
      }
    }
    return needed;
  }

  private static boolean counts(String name) {
    return name.endsWith(".class")
        && !name.startsWith("META-INF/versions/")
        && !name.endsWith("module-info.class");
  }

  private static JavaRelease higher(JavaRelease needed, InputStream in, String where)
      throws IOException {
    DataInputStream header = new DataInputStream(in);
    if (header.readInt() != CLASS_MAGIC) {
      return needed; // not a class file, whatever its name
    }
    header.readUnsignedShort(); // minor version
    int release = ofMajorVersion(header.readUnsignedShort());
    return release > needed.release ? new JavaRelease(release, where) : needed;
  }

  /**
   * The base image's Python expression: Debian's JRE where Debian has one for the release (the
   * cloud's {@code debian_slim} is Debian 12, which has 17), else Eclipse Temurin's public JRE
   * image of that release with the cloud's standalone Python added.
   */
  public String baseImage() {
    if (release == BASELINE) {
      return "modal.Image.debian_slim(python_version=\"3.12\")\n"
          + "    .apt_install(\"openjdk-17-jre-headless\")";
    }
    return "modal.Image.from_registry(\"eclipse-temurin:"
        + release
        + "-jre\", add_python=\"3.12\")";
  }
}
