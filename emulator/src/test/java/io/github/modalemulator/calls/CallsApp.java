package io.github.modalemulator.calls;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.FunctionCall;
import io.github.modalemulator.HttpException;
import io.github.modalemulator.Method;
import io.github.modalemulator.NotFoundError;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.Query;
import io.github.modalemulator.RemoteFunction;
import io.github.modalemulator.TimeoutError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** A web front and the functions it hands work to. */
@App("calls-app")
public class CallsApp {
  /** What a job's result is read as. */
  public record Shouted(String text, int length) {}

  @Function
  public static Shouted shout(String text) {
    return new Shouted(text.toUpperCase(Locale.ROOT), text.length());
  }

  @Function
  @Concurrent(maxInputs = 10)
  public static int square(int n) throws InterruptedException {
    // later inputs finish first, far enough apart that a loaded machine keeps the order
    Thread.sleep(150L * (5 - n % 5));
    return n * n;
  }

  @Function
  public static String fail(String why) {
    throw new IllegalStateException(why);
  }

  @Function(timeout = 1)
  public static String slow(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return "done after " + millis + " ms";
  }

  /** One container at most, one input at a time: calls queue. */
  @Function(maxContainers = 1)
  public static String single(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return "slept " + millis;
  }

  @Function
  public static Stream<Integer> count(int to) {
    return Stream.iterate(0, i -> i < to, i -> i + 1);
  }

  /** Posts {"input": "..."} and answers the id of the call that works on it. */
  @Function
  @FastapiEndpoint(method = "POST")
  public static Map<String, String> submit(Map<String, String> body) {
    FunctionCall<String> call =
        RemoteFunction.of(CallsApp::slow).spawn(Long.parseLong(body.get("input")));
    return Map.of("call_id", call.objectId());
  }

  /** 202 while the call runs, its result when done, 404 for an id no call has. */
  @Function
  @FastapiEndpoint
  public static Object result(@Query("call_id") String callId) {
    try {
      return Map.of("result", FunctionCall.fromId(callId, String.class).get(0));
    } catch (TimeoutError running) {
      throw new HttpException(202, "running");
    } catch (NotFoundError unknown) {
      throw new HttpException(404, "no call " + callId);
    }
  }

  /** Calls a function another team deploys, by name. */
  @Function
  @FastapiEndpoint
  public static Object embed(String text) {
    return RemoteFunction.fromName("ml-team", "embed").remote(text);
  }

  /** The URL of a sibling, as pages that link to another function do. */
  @Function
  @FastapiEndpoint
  public static String sibling() {
    return RemoteFunction.fromName("calls-app", "embed").getWebUrl().orElse("none");
  }

  /** A backend class: its @Enter runs once per container. */
  @Cls
  public static class Model {
    @Parameter(defaultValue = "small")
    String size;

    private int entered;

    @Enter
    void load() {
      entered++;
    }

    @Method
    public String predict(String text) {
      return size + ":" + text + ":" + entered;
    }

    @Method
    public List<String> predictAll(List<String> texts) {
      return texts.stream().map(this::predict).toList();
    }
  }

  /** A front that calls the class with remote and map. */
  @Function
  @FastapiEndpoint
  public static List<String> front(String text) {
    RemoteFunction<String> predict = RemoteFunction.of(Model::predict);
    String one = predict.remote(text);
    List<String> many = predict.map(List.of("a", "b")).toList();
    return Stream.concat(Stream.of(one), many.stream()).toList();
  }
}
