package io.github.modalemulator.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's Java release from the class files' headers, and the export's choice of it. */
class JavaReleaseTest {
  @TempDir Path temp;

  /** A class file's header for a Java release (the scan reads no further). */
  private static byte[] classOf(int release) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0);
    out.writeShort(release + 44);
    out.writeShort(0);
    return bytes.toByteArray();
  }

  private Path folder(String name, Map<String, byte[]> files) throws IOException {
    Path folder = temp.resolve(name);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = folder.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    return folder;
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

  @Test
  void classesOfJava17OrOlderGetDebiansOpenjdk17() throws IOException {
    Path classes = folder("classes", Map.of("shop/Api.class", classOf(17)));
    Path library = jar("old-library.jar", Map.of("lib/Old.class", classOf(8)));

    JavaRelease java = JavaRelease.of(List.of(classes, library));

    assertThat(java).isEqualTo(new JavaRelease(17, null));
    assertThat(java.baseImage())
        .isEqualTo(
            "modal.Image.debian_slim(python_version=\"3.12\")\n"
                + "    .apt_install(\"openjdk-17-jre-headless\")");
  }

  @Test
  void theHighestReleaseOfAFolderOrAJarWinsAndNamesItsClass() throws IOException {
    Path classes = folder("classes", Map.of("shop/Api.class", classOf(17)));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lib/A.class", classOf(17));
    entries.put("lib/B.class", classOf(21));
    Path library = jar("library.jar", entries);

    JavaRelease java = JavaRelease.of(List.of(classes, library));

    assertThat(java).isEqualTo(new JavaRelease(21, library + "!/lib/B.class"));
    assertThat(java.baseImage())
        .isEqualTo("modal.Image.from_registry(\"eclipse-temurin:21-jre\", add_python=\"3.12\")");
    Path newer = folder("newer", Map.of("shop/Api.class", classOf(25)));
    assertThat(JavaRelease.of(List.of(library, newer)))
        .isEqualTo(new JavaRelease(25, newer + "/shop/Api.class"));
  }

  @Test
  void aMultiReleaseJarsNewerClassesModuleInfoAndNonClassFilesDoNotCount() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("lib/Base.class", classOf(11));
    entries.put("META-INF/versions/21/lib/Base.class", classOf(21));
    entries.put("module-info.class", classOf(25));
    entries.put("lib/notes.class", "not a class file".getBytes());
    Path library = jar("multi-release.jar", entries);

    assertThat(JavaRelease.of(List.of(library))).isEqualTo(new JavaRelease(17, null));
  }

  @Test
  void aChosenReleaseOlderThanTheClassesNeedIsAProblemWithItsFix() throws IOException {
    Path classes = folder("classes", Map.of("shop/Api.class", classOf(21)));
    Path out = temp.resolve("out");

    assertThat(ExportPlan.of(List.of(), List.of(classes), out, 17).problems())
        .containsExactly(
            "--java-release 17 is older than the class files need: "
                + classes
                + "/shop/Api.class is compiled for Java 21; choose 21 or later, or leave"
                + " --java-release out");
    assertThat(ExportPlan.of(List.of(), List.of(classes), out, 11).problems())
        .containsExactly(
            "--java-release 11 is older than the emulator's own Java 17: choose 17 or later");
    ExportPlan chosen = ExportPlan.of(List.of(), List.of(classes), out, 25);
    assertThat(chosen.problems()).isEmpty();
    assertThat(chosen.javaRelease()).isEqualTo(25);
    assertThat(ExportPlan.of(List.of(), List.of(classes), out, null).javaRelease()).isEqualTo(21);
  }
}
