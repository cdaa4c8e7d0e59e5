package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exported app run for real under the stand-in of the cloud client: a call reaches a Java
 * function through its exported Python function and its JVM's call port; the calls that Java code
 * makes ({@code remote}, {@code spawn} then {@code get}, a class's method by name) go through the
 * container's bridge to the stand-in, which runs the callees' exported functions and their JVMs.
 */
class ExportedCallsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path classes;
  @TempDir Path out;

  private static final String APP =
      """
      import io.github.modalemulator.*;
      import java.util.*;

      @App("bridge-demo")
      public class BridgeApp {
        @Function
        public static String shout(String text) {
          return text.toUpperCase(Locale.ROOT);
        }

        /** Calls its siblings as the cloud client would: remote, spawn and get, a method. */
        @Function
        public static List<String> front(String text) {
          String now = RemoteFunction.of(BridgeApp::shout).remote(text);
          FunctionCall<String> later =
              RemoteFunction.fromName("bridge-demo", "shout", String.class).spawn(text + "!");
          String then = later.get(30);
          later.cancel(true);
          List<String> mapped = RemoteFunction.of(BridgeApp::shout).map(List.of("x", "y")).toList();
          String url = RemoteFunction.fromName("bridge-demo", "shout").getWebUrl().orElse("none");
          List<Object> words =
              RemoteCls.fromName("bridge-demo", "Model").method("words").remoteGen("a b").toList();
          String predicted =
              RemoteCls.fromName("bridge-demo", "Model").method("predictAll", String.class)
                  .remote(text);
          String fancy =
              RemoteCls.fromName("bridge-demo", "Model")
                  .withParameters(Map.of("style", "fancy"))
                  .method("predictAll", String.class)
                  .remote(text);
          String failed;
          try {
            RemoteCls.fromName("bridge-demo", "Model").method("explode").remote();
            failed = "nothing";
          } catch (RemoteFunctionException e) {
            failed = e.remoteType() + ": " + e.getCause().getMessage();
          }
          String missing;
          try {
            RemoteFunction.fromName("bridge-demo", "nothing").remote();
            missing = "found";
          } catch (NotFoundError e) {
            missing = e.getMessage();
          }
          String server;
          try {
            server = RemoteServer.fromName("bridge-demo", "Inference").getUrl().orElse("none");
          } catch (NotFoundError e) {
            server = e.getMessage();
          }
          return List.of(
              now, then, predicted, failed, missing, later.objectId(),
              String.join(",", mapped), url, words.toString(), fancy, server);
        }

        @Cls
        public static class Model {
          @Parameter(defaultValue = "plain")
          String style;

          @Method
          public String predictAll(String text) {
            return "predicted " + text + " (" + style + ")";
          }

          @Method
          public java.util.stream.Stream<String> words(String text) {
            return Arrays.stream(text.split(" "));
          }

          @Method
          public String explode() {
            throw new IllegalStateException("no model");
          }
        }
      }
      """;

  @Test
  void aJavaFunctionsCallsGoThroughTheBridgeToTheClientAndReachTheCalleesJvms() throws Exception {
    StandIn.requirePython();
    SourceCompiler.compile(classes, "BridgeApp", APP);
    try (EmulatorProcess export =
        EmulatorProcess.start("export", "--cp", classes.toString(), "--out", out.toString())) {
      assertThat(export.exitStatus()).as(export.stderr()).isZero();
    }
    JsonNode declared = StandIn.record(out.resolve("bridge_demo.py")).get("apps").get(0);
    List<String> functions = new ArrayList<>();
    declared
        .get("functions")
        .forEach(
            f ->
                functions.add(
                    f.get("name").asText()
                        + f.get("signature").asText()
                        + " web_server="
                        + f.get("web_server")
                        + " generator="
                        + f.get("is_generator")));
    assertThat(functions)
        .containsExactly(
            "front(*args) web_server=null generator=false",
            "shout(*args) web_server=null generator=false");
    JsonNode model = declared.get("classes").get(0);
    assertThat(model.get("name").asText()).isEqualTo("Model");
    assertThat(model.get("parameters").toString())
        .isEqualTo(
            "[{\"name\":\"style\",\"type\":\"str\",\"default\":\"plain\",\"required\":false}]");
    assertThat(model.get("methods").toString())
        .isEqualTo(
            "[{\"method\":\"explode\",\"signature\":\"(self, *args)\",\"is_generator\":false},"
                + "{\"method\":\"predict_all\",\"signature\":\"(self, *args)\","
                + "\"is_generator\":false},"
                + "{\"method\":\"words\",\"signature\":\"(self, *args)\",\"is_generator\":true}]");

    Path result = out.resolve("result.json");

    StandIn.run(
        Duration.ofSeconds(60),
        List.of(
            "python3",
            StandIn.FOLDER.resolve("run_app.py").toString(),
            out.resolve("bridge_demo.py").toString(),
            out.resolve("lib").toString(),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            result.toString(),
            "bridge-demo",
            "front",
            "[\"hi\"]"));

    JsonNode report = JSON.readTree(Files.readString(result));
    String log =
        Files.exists(out.resolve("result.log")) ? Files.readString(out.resolve("result.log")) : "";
    assertThat(report.has("error")).as(report + "\n" + log).isFalse();
    JsonNode values = report.get("result");
    String callId = values.get(5).asText();
    assertThat(callId).startsWith("fc-");
    assertThat(List.of(values.get(0).asText(), values.get(1).asText(), values.get(2).asText()))
        .containsExactly("HI", "HI!", "predicted hi (plain)");
    assertThat(values.get(3).asText()).isEqualTo("java.lang.IllegalStateException: no model");
    assertThat(List.of(values.get(6).asText(), values.get(7).asText(), values.get(8).asText()))
        .containsExactly("X,Y", "none", "[a, b]");
    // another parameter set: another container, whose JVM has the values the call gave
    assertThat(values.get(9).asText()).isEqualTo("predicted hi (fancy)");
    assertThat(values.get(4).asText())
        .isEqualTo(
            "Lookup failed for Function 'nothing' from the 'bridge-demo' app: Function not"
                + " found.");
    // a server's URL is asked of the client's modal.Server, which finds none of that name here
    assertThat(values.get(10).asText())
        .isEqualTo(
            "Lookup failed for Function 'Inference' from the 'bridge-demo' app: Function not"
                + " found.");

    List<String> calls = new ArrayList<>();
    report.get("calls").forEach(call -> calls.add(call.toString()));
    assertThat(calls)
        .containsExactly(
            // the test's call, as the cloud's input of front
            "{\"verb\":\"Function.from_name\",\"app\":\"bridge-demo\",\"function\":\"front\"}",
            "{\"verb\":\"remote\",\"app\":\"bridge-demo\",\"function\":\"front\",\"args\":[\"hi\"]}",
            // front's calls, through the bridge
            "{\"verb\":\"Function.from_name\",\"app\":\"bridge-demo\",\"function\":\"shout\"}",
            "{\"verb\":\"remote\",\"app\":\"bridge-demo\",\"function\":\"shout\",\"args\":[\"hi\"]}",
            "{\"verb\":\"Function.from_name\",\"app\":\"bridge-demo\",\"function\":\"shout\"}",
            "{\"verb\":\"spawn\",\"app\":\"bridge-demo\",\"function\":\"shout\",\"args\":[\"hi!\"],"
                + "\"call_id\":\""
                + callId
                + "\"}",
            "{\"verb\":\"FunctionCall.from_id\",\"call_id\":\"" + callId + "\"}",
            "{\"verb\":\"get\",\"call_id\":\"" + callId + "\",\"timeout\":30.0}",
            "{\"verb\":\"FunctionCall.from_id\",\"call_id\":\"" + callId + "\"}",
            "{\"verb\":\"cancel\",\"call_id\":\"" + callId + "\",\"terminate_containers\":true}",
            "{\"verb\":\"Function.from_name\",\"app\":\"bridge-demo\",\"function\":\"shout\"}",
            "{\"verb\":\"map\",\"app\":\"bridge-demo\",\"function\":\"shout\","
                + "\"args\":[[\"x\"],[\"y\"]]}",
            "{\"verb\":\"Function.from_name\",\"app\":\"bridge-demo\",\"function\":\"shout\"}",
            "{\"verb\":\"get_web_url\",\"app\":\"bridge-demo\",\"function\":\"shout\"}",
            "{\"verb\":\"Cls.from_name\",\"app\":\"bridge-demo\",\"cls\":\"Model\"}",
            "{\"verb\":\"remote_gen\",\"app\":\"bridge-demo\",\"function\":\"Model.words\","
                + "\"args\":[\"a b\"]}",
            "{\"verb\":\"Cls.from_name\",\"app\":\"bridge-demo\",\"cls\":\"Model\"}",
            "{\"verb\":\"remote\",\"app\":\"bridge-demo\",\"function\":\"Model.predict_all\","
                + "\"args\":[\"hi\"]}",
            "{\"verb\":\"Cls.from_name\",\"app\":\"bridge-demo\",\"cls\":\"Model\"}",
            "{\"verb\":\"remote\",\"app\":\"bridge-demo\",\"function\":\"Model.predict_all\","
                + "\"args\":[\"hi\"],\"parameters\":{\"style\":\"fancy\"}}",
            "{\"verb\":\"Cls.from_name\",\"app\":\"bridge-demo\",\"cls\":\"Model\"}",
            "{\"verb\":\"remote\",\"app\":\"bridge-demo\",\"function\":\"Model.explode\","
                + "\"args\":[]}",
            // a name no app has fails at first use, as the client's lazy lookup
            "{\"verb\":\"Function.from_name\",\"app\":\"bridge-demo\",\"function\":\"nothing\"}",
            "{\"verb\":\"Server.from_name\",\"app\":\"bridge-demo\",\"server\":\"Inference\"}");
  }
}
