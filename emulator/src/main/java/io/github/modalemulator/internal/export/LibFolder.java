package io.github.modalemulator.internal.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An export's {@code OUT/lib}: the image ships all of it, so it must hold exactly what this export
 * writes. Export owns it: what an earlier export wrote there (listed in {@code OUT/.export-lib}) is
 * removed; anything else there is refused rather than deleted, since export can't tell whose it is.
 * Only plain files directly in {@code OUT/lib} are ever deleted, never through a link.
 */
public final class LibFolder {
  /** Beside {@code lib}, not in it: the image ships {@code lib} whole. */
  static final String RECORD = ".export-lib";

  private final Path out;
  private final Path lib;

  private LibFolder(Path out) {
    this.out = out;
    this.lib = out.resolve("lib");
  }

  /** The lib folder of an export folder. */
  public static LibFolder of(Path out) {
    return new LibFolder(out);
  }

  /** The folder itself. */
  public Path path() {
    return lib;
  }

  /**
   * What stops export from emptying the folder: anything in it that no earlier export wrote. Empty
   * when the folder is missing, empty, or holds only an earlier export's files.
   */
  public List<String> problems() throws IOException {
    if (!Files.exists(lib, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    if (!Files.isDirectory(lib, LinkOption.NOFOLLOW_LINKS)) {
      return List.of(
          lib
              + " is no folder"
              + (Files.isSymbolicLink(lib) ? " but a symbolic link" : "")
              + ", and export writes its own lib folder there: remove it, or choose another"
              + " --out");
    }
    Set<String> ours = recorded();
    Set<String> foreign = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(lib)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!ours.contains(name) || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
          foreign.add(name);
        }
      }
    }
    if (foreign.isEmpty()) {
      return List.of();
    }
    return List.of(
        lib
            + " holds "
            + String.join(", ", foreign)
            + ", which no earlier export wrote (it records what it writes in "
            + out.resolve(RECORD)
            + "); the image ships all of "
            + lib
            + ", so export empties it first and won't delete what isn't its own: move "
            + (foreign.size() == 1 ? "it" : "them")
            + " away, or choose another --out");
  }

  /**
   * Empties the folder of what an earlier export wrote, ready for {@code names}; records both
   * first, so that a run that fails halfway leaves nothing unrecorded.
   *
   * @param names what this export writes there
   */
  public void prepare(List<String> names) throws IOException {
    Set<String> earlier = recorded();
    Set<String> both = new LinkedHashSet<>(earlier);
    both.addAll(names);
    Files.createDirectories(lib);
    record(both);
    for (String name : earlier) {
      Path file = lib.resolve(name);
      if (file.getParent().equals(lib) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(file);
      }
    }
  }

  /** Records that the folder holds exactly {@code names}, once they are written. */
  public void finish(List<String> names) throws IOException {
    record(new LinkedHashSet<>(names));
  }

  private Set<String> recorded() throws IOException {
    Path record = out.resolve(RECORD);
    Set<String> names = new LinkedHashSet<>();
    if (Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
      for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
        String name = line.strip();
        // a file name only: a path is none of ours, whoever wrote it here
        if (!name.isEmpty()
            && !name.contains("/")
            && !name.contains("\\")
            && !name.equals(".")
            && !name.equals("..")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private void record(Set<String> names) throws IOException {
    List<String> lines = new ArrayList<>(names);
    Path record = out.resolve(RECORD);
    if (Files.isSymbolicLink(record)) {
      Files.delete(record); // written here, never through a link to elsewhere
    }
    Files.writeString(
        record, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
  }
}
