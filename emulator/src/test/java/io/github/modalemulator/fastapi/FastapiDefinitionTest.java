package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.App;
import io.github.modalemulator.Depends;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Header;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.Query;
import io.github.modalemulator.WebEndpoint;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastapiDefinitionTest {

  private static List<String> problems(Class<?> app) {
    return catchThrowableOfType(InvalidError.class, () -> Emulator.builder().apps(app).start())
        .problems();
  }

  @App("generators")
  static class Generators {
    @Function
    @FastapiEndpoint
    static Stream<String> lines() {
      return Stream.of("a");
    }

    @Function
    @FastapiEndpoint
    static Iterator<String> chunks() {
      return List.of("a").iterator();
    }
  }

  @Test
  void rejectsGeneratorsWithTheCloudsMessage() {
    assertThat(problems(Generators.class))
        .containsExactly(
            "@FastapiEndpoint method [Generators.chunks()] returns Iterator, a generator: Webhooks"
                + " cannot be generators. If you want a streaming response, see"
                + " https://modal.com/docs/guide/streaming-endpoints In Java, return a"
                + " StreamingResponse.",
            "@FastapiEndpoint method [Generators.lines()] returns Stream, a generator: Webhooks"
                + " cannot be generators. If you want a streaming response, see"
                + " https://modal.com/docs/guide/streaming-endpoints In Java, return a"
                + " StreamingResponse.");
  }

  record Filter(String field) {}

  static final class NoPublicConstructor {
    private NoPublicConstructor() {}
  }

  @App("bad-params")
  static class BadParams {
    @Function
    @FastapiEndpoint(method = "FETCH IT")
    static String badMethod() {
      return "";
    }

    @Function
    @FastapiEndpoint
    static String queryRecord(@Query Filter filter) {
      return "";
    }

    @Function
    @FastapiEndpoint
    static String headerMap(@Header Map<String, String> headers) {
      return "";
    }

    @Function
    @FastapiEndpoint
    static String noSuchProvider(@Depends(method = "missing") String value) {
      return "";
    }

    @Function
    @FastapiEndpoint
    static String providerClass(@Depends(NoPublicConstructor.class) Object value) {
      return "";
    }

    @Function
    @FastapiEndpoint
    static String nothingNamed(@Depends Object value) {
      return "";
    }

    static String loop(@Depends(method = "loop") String again) {
      return again;
    }

    @Function
    @FastapiEndpoint
    static String cycle(@Depends(method = "loop") String value) {
      return value;
    }
  }

  @Test
  void rejectsParametersThatCantBindWithAWayToFixEach() {
    assertThat(problems(BadParams.class))
        .containsExactly(
            "@FastapiEndpoint method [BadParams.badMethod()] has method = \"FETCH IT\", which is not"
                + " an HTTP method; use GET, POST, PUT, DELETE, PATCH, ...",
            "@Depends provider [BadParams.loop(String)] depends on itself (through"
                + " [BadParams.loop(String)]); break the cycle",
            "@Header parameter headers of [BadParams.headerMap(Map)] has type"
                + " java.util.Map<java.lang.String, java.lang.String>; it must be a string, number,"
                + " boolean, enum, date or UUID, or an Optional or List of one",
            "@Depends on parameter value of [BadParams.noSuchProvider(String)] names method"
                + " \"missing\", but BadParams has no such method; name one static method of that"
                + " class",
            "@Depends on parameter value of [BadParams.nothingNamed(Object)] names no provider;"
                + " give a class (@Depends(Paging.class)) or a static method (@Depends(method ="
                + " \"paging\"))",
            "@Depends on parameter value of [BadParams.providerClass(Object)] names class"
                + " NoPublicConstructor, which has 0 public constructors; a provider class needs"
                + " exactly one",
            "@Query parameter filter of [BadParams.queryRecord(Filter)] has type"
                + " io.github.modalemulator.fastapi.FastapiDefinitionTest$Filter; it must be a"
                + " string, number, boolean, enum, date or UUID, or an Optional or List of one");
  }

  @Test
  void aClassCompiledWithoutParameterNamesIsRefusedWithTheFix(@TempDir Path out) throws Exception {
    String source =
        "import io.github.modalemulator.*;\n"
            + "@App(\"no-names\")\n"
            + "public class NoNames {\n"
            + "  @Function @FastapiEndpoint\n"
            + "  public static String greet(String name, int times) { return name; }\n"
            + "}\n";
    JavaFileObject file =
        new SimpleJavaFileObject(URI.create("string:///NoNames.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    boolean compiled =
        ToolProvider.getSystemJavaCompiler()
            .getTask(
                new StringWriter(),
                null,
                null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString()),
                null,
                List.of(file))
            .call();
    assertThat(compiled).isTrue();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      assertThat(problems(loader.loadClass("NoNames")))
          .containsExactly(
              "@FastapiEndpoint method [NoNames.greet(String, int)] was compiled without parameter"
                  + " names; compile with -parameters (maven-compiler-plugin:"
                  + " <parameters>true</parameters>), or name each parameter with"
                  + " @Query(\"name\")");
    }
  }

  @App("old-name")
  static class OldName {
    @Function
    @SuppressWarnings("removal")
    @WebEndpoint(method = "GET")
    static Map<String, String> handler() {
      return Map.of("data", "value");
    }
  }

  @Test
  void webEndpointBehavesAsFastapiEndpointAndWarnsOnceNamingTheReplacement() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(OldName.class).start()) {
      assertThat(emulator.webFunctions().get(0).kind()).isEqualTo("web_endpoint");
      RawHttp.Response response =
          RawHttp.get(emulator.port(), "local--old-name-handler.localhost", "/");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"data\":\"value\"}");
      RawHttp.get(emulator.port(), "local--old-name-handler.localhost", "/");
      assertThat(emulator.logs("handler"))
          .filteredOn(line -> line.contains("deprecated"))
          .containsExactly(
              "@WebEndpoint on [OldName.handler()] is deprecated: 2025-03-05: The"
                  + " `@modal.web_endpoint` decorator has been renamed to"
                  + " `@modal.fastapi_endpoint`. Use @FastapiEndpoint, with the same attributes.");
    }
  }
}
