package io.github.modalemulator.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * What of a class-path folder goes into the image: its class files and resources, and nothing a
 * build doesn't make or a deployment mustn't carry.
 *
 * <ul>
 *   <li>Anything whose path has a segment starting with {@code .} ({@code .git/}, {@code .env},
 *       {@code .idea/}) is left out, with a line saying so.
 *   <li>A symbolic link is followed only when it is a file inside the folder (and outside its dot
 *       folders); one to a folder or to anything outside it is left out, with a line saying so. The
 *       link's content then ships under the link's name.
 *   <li>A file whose name usually holds a secret ({@code credentials.json}, {@code *.pem}, {@code
 *       *.key}...) is refused: export ships nothing until it is gone, as a secret in an image is
 *       readable by everyone who can run it.
 *   <li>The export's own output folder, when it lies inside, is left out: export never packs
 *       itself.
 * </ul>
 *
 * @param folder the class-path folder
 * @param files what ships, by jar entry name, in name order
 * @param leftOut one line per thing left out, naming it and why
 * @param refused one problem per secret-looking file, naming it and how to fix it
 */
public record ShippedFiles(
    Path folder, List<Shipped> files, List<String> leftOut, List<String> refused) {

  /** File names that usually hold credentials, lower case. */
  static final Set<String> SECRET_NAMES =
      Set.of("credentials.json", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519");

  /** Extensions of private keys and key stores that hold one, lower case. */
  static final Set<String> SECRET_EXTENSIONS = Set.of(".pem", ".key", ".p12", ".pfx");

  /**
   * A file that ships.
   *
   * @param name its jar entry name: its path in the folder, with {@code /}
   * @param source where its content is read (a link's target for a followed link)
   */
  public record Shipped(String name, Path source) {}

  public ShippedFiles {
    files = List.copyOf(files);
    leftOut = List.copyOf(leftOut);
    refused = List.copyOf(refused);
  }

  /**
   * Looks through a folder, following no link while walking.
   *
   * @param exclude a folder left out silently wherever it lies (the export's output), or null
   */
  public static ShippedFiles select(Path folder, Path exclude) throws IOException {
    Path root = folder.toRealPath();
    Path skipped = exclude == null ? null : exclude.toAbsolutePath().normalize();
    List<Shipped> files = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
              throws IOException {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            if (skipped != null && Files.exists(skipped) && Files.isSameFile(dir, skipped)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (dotted(root.relativize(dir))) {
              leftOut.add(describe(dir) + " (a dot folder)");
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Path relative = root.relativize(file);
            if (dotted(relative)) {
              leftOut.add(describe(file) + " (a dot file)");
              return FileVisitResult.CONTINUE;
            }
            Path source = file;
            if (attributes.isSymbolicLink()) {
              source = linkTarget(file);
              if (source == null) {
                return FileVisitResult.CONTINUE;
              }
            } else if (!attributes.isRegularFile()) {
              leftOut.add(describe(file) + " (not a regular file)");
              return FileVisitResult.CONTINUE;
            }
            if (secretLooking(relative.getFileName().toString())) {
              refused.add(
                  describe(file)
                      + " looks like it holds a secret, and an image is readable by everyone who"
                      + " can run it: take it out of the class path (a Modal Secret gives a"
                      + " container its credentials as environment variables), or rename it if"
                      + " it holds none");
              return FileVisitResult.CONTINUE;
            }
            files.add(new Shipped(entryName(relative), source));
            return FileVisitResult.CONTINUE;
          }

          /** The real file a link stands for, or null (said in leftOut) when it doesn't ship. */
          private Path linkTarget(Path link) throws IOException {
            Path target;
            try {
              target = link.toRealPath();
            } catch (IOException e) {
              leftOut.add(describe(link) + " (a symbolic link to nothing)");
              return null;
            }
            if (!target.startsWith(root)) {
              leftOut.add(
                  describe(link) + " (a symbolic link out of the folder, to " + target + ")");
              return null;
            }
            if (dotted(root.relativize(target))) {
              leftOut.add(describe(link) + " (a symbolic link into a dot folder or file)");
              return null;
            }
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
              leftOut.add(describe(link) + " (a symbolic link to a folder: not followed)");
              return null;
            }
            return target;
          }

          private String describe(Path path) {
            return folder.resolve(root.relativize(path)).toString();
          }
        });
    files.sort(Comparator.comparing(Shipped::name));
    return new ShippedFiles(folder, files, leftOut, refused);
  }

  /**
   * Writes the files that ship as a jar, with an entry for each folder as build tools write them: a
   * class loader finds a package of a jar by its folder's entry ({@code
   * getResources("com/shop/")}), which is how a servlet container's scan and Spring's component
   * scan find the app's classes.
   */
  public void writeJar(Path jar) throws IOException {
    Set<String> folders = new HashSet<>();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream packed = new JarOutputStream(file)) {
      for (Shipped shipped : files) {
        String name = shipped.name();
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
          String folder = name.substring(0, slash + 1);
          if (folders.add(folder)) {
            packed.putNextEntry(new JarEntry(folder));
            packed.closeEntry();
          }
        }
        packed.putNextEntry(new JarEntry(name));
        Files.copy(shipped.source(), packed);
        packed.closeEntry();
      }
    }
  }

  /** Whether any segment of the path starts with a dot. */
  static boolean dotted(Path relative) {
    for (Path segment : relative) {
      if (segment.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static boolean secretLooking(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (SECRET_NAMES.contains(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 && SECRET_EXTENSIONS.contains(name.substring(dot));
  }

  private static String entryName(Path relative) {
    StringBuilder name = new StringBuilder();
    for (Path segment : relative) {
      if (name.length() > 0) {
        name.append('/');
      }
      name.append(segment);
    }
    return name.toString();
  }
}
