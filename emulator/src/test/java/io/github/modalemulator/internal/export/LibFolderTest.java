package io.github.modalemulator.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibFolderTest {
  @TempDir Path out;

  /** What an export does with the folder: prepare, write the files, finish. */
  private static void export(LibFolder lib, List<String> names) throws IOException {
    lib.prepare(names);
    for (String name : names) {
      Files.writeString(lib.path().resolve(name), name);
    }
    lib.finish(names);
  }

  private static List<String> contents(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anEarlierExportsFilesAreRemovedSoTheFolderHoldsExactlyThisOnes() throws IOException {
    LibFolder lib = LibFolder.of(out);
    export(lib, List.of("emulator.jar", "shop-classes.jar", "gson-2.10.jar"));

    assertThat(lib.problems()).isEmpty();
    export(lib, List.of("emulator.jar", "shop-classes.jar"));

    assertThat(contents(lib.path())).containsExactly("emulator.jar", "shop-classes.jar");
    assertThat(Files.readAllLines(out.resolve(LibFolder.RECORD)))
        .containsExactly("emulator.jar", "shop-classes.jar");
  }

  @Test
  void whatNoExportWroteIsRefusedAndLeftWhereItIs() throws IOException {
    LibFolder lib = LibFolder.of(out);
    export(lib, List.of("emulator.jar"));
    Files.writeString(lib.path().resolve("notes.txt"), "mine");
    Files.createDirectory(lib.path().resolve("extra"));

    assertThat(lib.problems())
        .containsExactly(
            lib.path()
                + " holds extra, notes.txt, which no earlier export wrote (it records what it"
                + " writes in "
                + out.resolve(".export-lib")
                + "); the image ships all of "
                + lib.path()
                + ", so export empties it first and won't delete what isn't its own: move them"
                + " away, or choose another --out");
    assertThat(contents(lib.path())).containsExactly("emulator.jar", "extra", "notes.txt");
  }

  @Test
  void aFolderWithoutAnExportsRecordIsNotOurs() throws IOException {
    Files.createDirectories(out.resolve("lib"));
    Files.writeString(out.resolve("lib/emulator.jar"), "someone's");

    assertThat(LibFolder.of(out).problems())
        .containsExactly(
            out.resolve("lib")
                + " holds emulator.jar, which no earlier export wrote (it records what it writes"
                + " in "
                + out.resolve(".export-lib")
                + "); the image ships all of "
                + out.resolve("lib")
                + ", so export empties it first and won't delete what isn't its own: move it"
                + " away, or choose another --out");
  }

  @Test
  void aRecordNamingPathsDeletesNothingOutsideTheFolder() throws IOException {
    Path precious = Files.writeString(out.resolve("precious.txt"), "keep");
    Files.writeString(out.resolve(LibFolder.RECORD), "../precious.txt\n..\n");
    LibFolder lib = LibFolder.of(out);

    assertThat(lib.problems()).isEmpty();
    export(lib, List.of("emulator.jar"));

    assertThat(precious).hasContent("keep");
  }

  @Test
  void aLibThatIsALinkIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(out.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("lib"), elsewhere);

    assertThat(LibFolder.of(out).problems())
        .containsExactly(
            out.resolve("lib")
                + " is no folder but a symbolic link, and export writes its own lib folder"
                + " there: remove it, or choose another --out");
  }
}
