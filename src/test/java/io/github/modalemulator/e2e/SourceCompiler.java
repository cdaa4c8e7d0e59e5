package io.github.modalemulator.e2e;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles a one-class app against emulator.jar, as a user's build would. */
final class SourceCompiler {
  private SourceCompiler() {}

  static void compile(Path outputDirectory, String className, String source) {
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    boolean compiled =
        compiler
            .getTask(
                messages,
                null,
                null,
                List.of(
                    "-classpath",
                    EmulatorProcess.JAR.toString(),
                    "-d",
                    outputDirectory.toString(),
                    "-parameters"),
                null,
                List.of(file))
            .call();
    if (!compiled) {
      throw new IllegalStateException("test app did not compile: " + messages);
    }
  }
}
