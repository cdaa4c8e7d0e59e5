package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud rejects a web decorator applied to a class at definition time. In Java the annotation
 * can't even be written there: javac refuses it, which is earlier and clearer.
 */
class AnnotationTargetsTest {

  @Test
  void aWebAnnotationOnAClassDoesNotCompile(@TempDir Path out) throws Exception {
    String source =
        "import io.github.modalemulator.*;\n"
            + "@App(\"on-a-class\")\n"
            + "@Function\n"
            + "@AsgiApp\n"
            + "public class OnAClass {}\n";
    List<String> errors = compile("OnAClass", source, out);
    assertThat(errors)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e).contains("not applicable to this kind of declaration"));
    assertThat(Files.exists(out.resolve("OnAClass.class"))).isFalse();
  }

  @Test
  void theSameAnnotationsOnAMethodCompile(@TempDir Path out) throws Exception {
    String source =
        "import io.github.modalemulator.*;\n"
            + "@App(\"on-a-method\")\n"
            + "public class OnAMethod {\n"
            + "  @Function @AsgiApp\n"
            + "  public static io.undertow.server.HttpHandler createApp() { return null; }\n"
            + "}\n";
    assertThat(compile("OnAMethod", source, out)).isEmpty();
    assertThat(Files.exists(out.resolve("OnAMethod.class"))).isTrue();
  }

  private static List<String> compile(String className, String source, Path out) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    List<String> options =
        List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString());
    compiler.getTask(new StringWriter(), null, diagnostics, options, null, List.of(file)).call();
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(null))
        .toList();
  }
}
