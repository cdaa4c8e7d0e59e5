package io.github.modalemulator.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** {@code @App} classes with many functions, written and compiled at run time. */
final class GeneratedApps {
  private GeneratedApps() {}

  /**
   * An app named {@code name} with {@code count} static FastAPI endpoints {@code hello0}, {@code
   * hello1}, ..., each answering the examples' hello JSON.
   */
  static Class<?> withHelloFunctions(String name, int count) throws IOException {
    String className = "Generated" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    StringBuilder source =
        new StringBuilder("package bench.generated;\n\n")
            .append("@io.github.modalemulator.App(\"")
            .append(name)
            .append("\")\npublic class ")
            .append(className)
            .append(" {\n");
    for (int i = 0; i < count; i++) {
      source
          .append("  @io.github.modalemulator.Function\n")
          .append("  @io.github.modalemulator.FastapiEndpoint\n")
          .append("  public static java.util.Map<String, String> hello")
          .append(i)
          .append("() {\n    return java.util.Map.of(\"message\", \"Hello, world!\");\n  }\n");
    }
    source.append("}\n");
    Path dir = Files.createTempDirectory("bench-apps");
    Path file = dir.resolve("bench/generated/" + className + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-parameters",
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            dir.toString(),
            file.toString());
    if (status != 0) {
      throw new IllegalStateException("could not compile " + file);
    }
    URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, GeneratedApps.class.getClassLoader());
    try {
      return loader.loadClass("bench.generated." + className);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
