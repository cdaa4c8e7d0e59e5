package io.github.modalemulator.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.modalemulator.ExecutionError;
import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.FunctionTimeoutError;
import io.github.modalemulator.InvalidError;
import io.github.modalemulator.MapOptions;
import io.github.modalemulator.NotFoundError;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.RemoteFunctionException;
import io.github.modalemulator.SerializationError;
import io.github.modalemulator.TimeoutError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.RecordedCall;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Functions that call functions, through a real emulator: each call is an input of the callee's
 * containers, its values cross a JSON boundary, and what goes wrong reaches the caller as the
 * client's errors.
 */
class CallsTest {
  private static Emulator emulator;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(CallsApp.class).start();
    http = emulator.httpClientBuilder().build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void remoteRunsInAContainerOfTheCalleeAndTheResultCrossesAsJson() {
    RemoteFunction<CallsApp.Shouted> shout = emulator.function(RemoteFunction.of(CallsApp::shout));

    assertThat(shout.remote("hello")).isEqualTo(new CallsApp.Shouted("HELLO", 5));

    RecordedCall call = last("shout");
    assertThat(call.id()).matches("fc-[0-9A-Z]{26}");
    assertThat(call.verb()).isEqualTo("remote");
    assertThat(call.arguments()).containsExactly("hello");
    assertThat(call.status()).isEqualTo("success");
    assertThat(call.result()).isEqualTo(Map.of("text", "HELLO", "length", 5));
    assertThat(call.containerId()).matches("ct-\\d+");
  }

  private static RecordedCall last(String function) {
    List<RecordedCall> calls = emulator.calls("calls-app", function);
    return calls.get(calls.size() - 1);
  }

  @Test
  void byNameTheResultIsPlainJson() {
    assertThat(emulator.function("calls-app", "shout").remote("ab"))
        .isEqualTo(Map.of("text", "AB", "length", 2));
  }

  @Test
  void anExceptionInTheCalleeNamesTheFunctionAndKeepsItsStackTrace() {
    RemoteFunctionException failure =
        catchThrowableOfType(
            RemoteFunctionException.class,
            () -> emulator.function("calls-app", "fail").remote("no such job"));

    assertThat(failure).hasMessage("fail raised java.lang.IllegalStateException: no such job");
    assertThat(failure.function()).isEqualTo("fail");
    assertThat(failure.remoteType()).isEqualTo("java.lang.IllegalStateException");
    StackTraceElement top = failure.getCause().getStackTrace()[0];
    assertThat(top.getClassName()).isEqualTo(CallsApp.class.getName());
    assertThat(top.getMethodName()).isEqualTo("fail");
    assertThat(last("fail").error()).isEqualTo("java.lang.IllegalStateException: no such job");
  }

  @Test
  void anArgumentThatCantBeSentFailsTheCallNamingTheParameterAndType() {
    SerializationError unsendable =
        catchThrowableOfType(
            SerializationError.class,
            () ->
                emulator
                    .function("calls-app", "shout")
                    .remote(new ByteArrayInputStream(new byte[] {1})));
    assertThat(unsendable.getMessage())
        .startsWith(
            "argument 'text' (String text) of shout: the java.io.ByteArrayInputStream given can't"
                + " be sent to the function's container as JSON (the cloud pickles it; the"
                + " emulator writes it with Jackson): ");

    SerializationError unreadable =
        catchThrowableOfType(
            SerializationError.class,
            () -> emulator.function("calls-app", "shout").remote(Map.of("a", 1)));
    assertThat(unreadable.getMessage())
        .startsWith(
            "argument 'text' (String text) of shout: the java.util.ImmutableCollections$Map1"
                + " given, sent as {\"a\":1}, can't be read as java.lang.String: ");
    assertThat(emulator.calls("calls-app", "shout"))
        .noneMatch(c -> c.arguments().contains(Map.of("a", 1)));
  }

  @Test
  void theWrongCountOfArgumentsIsRefused() {
    IllegalArgumentException wrong =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () -> emulator.function("calls-app", "shout").remote("a", "b"));
    assertThat(wrong).hasMessage("shout takes 1 argument (String text), 2 were given");
  }

  @Test
  void aCallPastItsTimeoutFailsWithTheCloudsErrorAndItsContainerIsReplaced() {
    RemoteFunction<Object> slow = emulator.function("calls-app", "slow");
    FunctionTimeoutError timedOut =
        catchThrowableOfType(FunctionTimeoutError.class, () -> slow.remote(20_000L));
    RecordedCall first = emulator.calls("calls-app", "slow").get(0);
    assertThat(timedOut)
        .hasMessage(
            "slow ran past its timeout of 1 s (call "
                + first.id()
                + " in container "
                + first.containerId()
                + "); the input was abandoned and its container replaced");
    assertThat(first.status()).isEqualTo("timeout");

    assertThat(slow.remote(10L)).isEqualTo("done after 10 ms");
    RecordedCall second = emulator.calls("calls-app", "slow").get(1);
    assertThat(second.containerId()).isNotEqualTo(first.containerId());
  }

  @Test
  void spawnThenPollWithATimeoutOfZero() throws Exception {
    FunctionCall<Object> call = emulator.function("calls-app", "slow").spawn(300L);
    TimeoutError notYet = catchThrowableOfType(TimeoutError.class, () -> call.get(0));
    assertThat(notYet.getMessage())
        .startsWith("call " + call.objectId() + " of slow has no result yet");

    assertThat(emulator.functionCall(call.objectId()).get(5)).isEqualTo("done after 300 ms");
    assertThat(call.get(Duration.ZERO)).isEqualTo("done after 300 ms"); // read again
  }

  @Test
  void aWebFrontSpawnsAndItsClientPolls() throws Exception {
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create(emulator.webUrl("submit")))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"400\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).isEqualTo(200);
    String id = submitted.body().replaceAll(".*\"(fc-[0-9A-Z]{26})\".*", "$1");
    assertThat(id).matches("fc-[0-9A-Z]{26}");

    String result = emulator.webUrl("result") + "?call_id=" + id;
    assertThat(get(result).statusCode()).isEqualTo(202);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> done = get(result);
    while (done.statusCode() == 202 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      done = get(result);
    }
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).isEqualTo("{\"result\":\"done after 400 ms\"}");

    HttpResponse<String> unknown = get(emulator.webUrl("result") + "?call_id=fc-UNKNOWN");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"detail\":\"no call fc-UNKNOWN\"}");
  }

  @Test
  void mapGivesResultsInInputOrderOrAsTheyFinish() {
    RemoteFunction<Integer> square = emulator.function(RemoteFunction.of(CallsApp::square));
    assertThat(square.map(List.of(1, 2, 3, 4)).toList()).containsExactly(1, 4, 9, 16);
    assertThat(square.map(List.of(1, 2, 3, 4), MapOptions.DEFAULTS.orderOutputs(false)).toList())
        .containsExactly(16, 9, 4, 1);
  }

  @Test
  void mapCanReturnExceptionsInPlace() {
    List<Object> results =
        emulator
            .function("calls-app", "fail")
            .map(List.of("x"), MapOptions.DEFAULTS.returnExceptions(true))
            .toList();
    assertThat(results).singleElement().isInstanceOf(RemoteFunctionException.class);
    assertThat(
            catchThrowableOfType(
                RemoteFunctionException.class,
                () -> emulator.function("calls-app", "fail").map(List.of("y")).toList()))
        .hasMessage("fail raised java.lang.IllegalStateException: y");
  }

  @Test
  void aGeneratorIsCalledWithRemoteGenAndOnlySo() {
    RemoteFunction<Stream<Integer>> count = emulator.function(RemoteFunction.of(CallsApp::count));
    assertThat(count.<Integer>remoteGen(3).toList()).containsExactly(0, 1, 2);
    assertThat(catchThrowableOfType(InvalidError.class, () -> count.remote(3)))
        .hasMessage(
            "A generator function cannot be called with `.remote(...)`. Use `.remote_gen(...)`"
                + " instead.");
    assertThat(
            catchThrowableOfType(
                InvalidError.class, () -> emulator.function("calls-app", "shout").remoteGen("x")))
        .hasMessage(
            "A non-generator function cannot be called with `.remote_gen(...)`. Use"
                + " `.remote(...)` instead.");
  }

  @Test
  void aClsMethodRunsOnTheInstanceThatEnterSetUpInItsParameterSet() throws Exception {
    assertThat(emulator.cls("calls-app", "Model").method("predict").remote("x"))
        .isEqualTo("small:x:1");
    assertThat(
            emulator
                .cls("calls-app", "Model")
                .withParameters(Map.of("size", "large"))
                .method("predict")
                .remote("y"))
        .isEqualTo("large:y:1");
    assertThat(get(emulator.webUrl("front") + "?text=z").body())
        .isEqualTo("[\"small:z:1\",\"small:a:1\",\"small:b:1\"]");
    assertThat(RemoteFunction.of(CallsApp.Model::predict).local("here")).isEqualTo("small:here:1");
  }

  @Test
  void aStubStandsInForAnotherTeamsFunction() throws Exception {
    emulator.stub("ml-team", "embed", arguments -> List.of(arguments.get(0), 0.5));
    try {
      HttpResponse<String> answer = get(emulator.webUrl("embed") + "?text=cat");
      assertThat(answer.body()).isEqualTo("[\"cat\",0.5]");
      RecordedCall call = emulator.calls("ml-team", "embed").get(0);
      assertThat(call.containerId()).isEqualTo("stub");
      assertThat(call.arguments()).containsExactly("cat");
      assertThat(call.result()).isEqualTo(List.of("cat", 0.5));
    } finally {
      emulator.clearStubs();
    }
    NotFoundError gone =
        catchThrowableOfType(
            NotFoundError.class, () -> emulator.function("ml-team", "embed").remote("x"));
    assertThat(gone.getMessage()).startsWith("Function 'embed' of app 'ml-team' not found here");
  }

  @Test
  void aWebFunctionHasAUrlAndRefusesCalls() throws Exception {
    assertThat(get(emulator.webUrl("sibling")).body())
        .isEqualTo("\"" + emulator.webUrl("embed") + "\"");
    InvalidError refused =
        catchThrowableOfType(
            InvalidError.class, () -> emulator.function("calls-app", "embed").remote("x"));
    assertThat(refused)
        .hasMessage(
            "A webhook function cannot be invoked for remote execution with `.remote`. Invoke"
                + " this function via its web url '"
                + emulator.webUrl("embed")
                + "' or call it locally: embed.local()");
  }

  @Test
  void callsQueueForTheFunctionsContainersAsRequestsDo() throws Exception {
    RemoteFunction<Object> single = emulator.function("calls-app", "single");
    List<FunctionCall<Object>> calls =
        List.of(single.spawn(300L), single.spawn(1L), single.spawn(2L));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (emulator.containers("calls-app", "single").inputsInFlight() < 1
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // One runs, the others wait: the only container takes one input at a time.
    assertThat(emulator.containers("calls-app", "single").inputsInFlight()).isEqualTo(1);
    assertThat(emulator.containers("calls-app", "single").queuedInputs()).isEqualTo(2);
    assertThat(calls.get(2).get(5)).isEqualTo("slept 2");
    assertThat(emulator.calls("calls-app", "single"))
        .extracting(RecordedCall::containerId)
        .containsOnly(last("single").containerId());
    assertThat(emulator.containers("calls-app", "single").containersStarted()).isEqualTo(1);
  }

  @Test
  void aCancelledCallNeverRunsOrIsInterrupted() throws Exception {
    RemoteFunction<Object> single = emulator.function("calls-app", "single");
    FunctionCall<Object> running = single.spawn(20_000L);
    FunctionCall<Object> waiting = single.spawn(1L);
    waiting.cancel();
    running.cancel();
    ExecutionError cancelled = catchThrowableOfType(ExecutionError.class, () -> waiting.get(5));
    assertThat(cancelled).hasMessage("call " + waiting.objectId() + " of single was cancelled");
    assertThat(catchThrowableOfType(ExecutionError.class, () -> running.get(5)))
        .hasMessage("call " + running.objectId() + " of single was cancelled");
    assertThat(single.remote(3L)).isEqualTo("slept 3"); // the interrupted one let its slot go
    assertThat(emulator.calls("calls-app", "single"))
        .filteredOn(c -> c.id().equals(waiting.objectId()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo("cancelled");
              assertThat(c.containerId()).isNull(); // it never ran
            });
  }

  @Test
  void codeInAFunctionCallsTheEmulatorThatRunsIt() throws Exception {
    emulator.stub("ml-team", "embed", arguments -> "first");
    try (Emulator other =
        Emulator.builder()
            .apps(CallsApp.class)
            .stub("ml-team", "embed", arguments -> "second")
            .start()) {
      HttpClient otherHttp = other.httpClientBuilder().build();
      HttpResponse<String> fromOther =
          otherHttp.send(
              HttpRequest.newBuilder(URI.create(other.webUrl("embed") + "?text=x")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fromOther.body()).isEqualTo("\"second\"");
      assertThat(get(emulator.webUrl("embed") + "?text=x").body()).isEqualTo("\"first\"");
      assertThat(other.calls("ml-team", "embed")).hasSize(1);
    } finally {
      emulator.clearStubs();
    }
  }

  @Test
  void aLargeInputReachesTheFunctionWholeAndItsRecordKeepsANote() {
    String large = "a".repeat(100_000);
    CallsApp.Shouted shouted = emulator.function(RemoteFunction.of(CallsApp::shout)).remote(large);
    assertThat(shouted.length()).isEqualTo(100_000);
    RecordedCall call = last("shout");
    assertThat(call.arguments()).containsExactly("(100002 characters of JSON, not kept)");
    assertThat(call.result()).isEqualTo("(100027 characters of JSON, not kept)");
  }

  /** As the cloud's deploy: a line per function without a URL, one per class (its service). */
  @Test
  void startUpPrintsTheCloudsLineForEachCalledFunctionAndClass() {
    List<String> created =
        emulator.startupLines().stream().filter(l -> l.startsWith("Created function ")).toList();
    assertThat(created)
        .containsExactly(
            "Created function count.",
            "Created function fail.",
            "Created function shout.",
            "Created function single.",
            "Created function slow.",
            "Created function square.",
            "Created function Model.*.");
  }

  @Test
  void anUnknownCallIdIsNotFound() {
    NotFoundError unknown =
        catchThrowableOfType(NotFoundError.class, () -> emulator.functionCall("fc-NOPE").get(0));
    assertThat(unknown)
        .hasMessage(
            "Function call fc-NOPE not found: no call made here has this id (the emulator keeps"
                + " the newest 10000 calls)");
  }
}
