package io.github.modalemulator.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.RecordedCall;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.emulator.WebFunction;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks on what an emulator received, read from its request journal (cleared before each test by
 * the extension). A failure is an {@link AssertionError} whose message lists what was received.
 *
 * <p>Two counts, as the cloud has them: a request is <em>received</em> by a function when the edge
 * routes it there, whatever comes of it; it <em>invokes</em> the function when a container takes it
 * as an input. A request that proxy auth refuses ({@code 401}), or that the edge refuses before the
 * function (a body over the limit), is received but doesn't invoke.
 *
 * <pre>{@code
 * assertInvoked(emulator, "hello", 1);
 * assertRequestHeader(emulator, "hello", 0, "X-Trace", "abc");
 * assertReceived(emulator, "secureEndpoint", 1);  // the 401 below
 * assertNotInvoked(emulator, "secureEndpoint");
 * }</pre>
 *
 * <p>And on the calls code made to functions (by {@code remote}, {@code spawn}, {@code map}...),
 * read from the emulator's calls (forgotten before each test by the extension), a stub's too:
 *
 * <pre>{@code
 * assertCalled(emulator, "example-job-queue", "process", 1);
 * assertCalledWith(emulator, "ml-team", "summarize", "a long text");
 * }</pre>
 */
public final class EmulatorAssertions {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private EmulatorAssertions() {}

  /** Exactly {@code times} calls were made to the app's function (each input of a map counts). */
  public static void assertCalled(Emulator emulator, String app, String function, int times) {
    int called = emulator.calls(app, function).size();
    if (called != times) {
      throw new AssertionError(
          "expected "
              + app
              + "/"
              + function
              + " to be called "
              + times
              + " time(s), but it was called "
              + called
              + " time(s); "
              + called(emulator));
    }
  }

  /** No call was made to the app's function. */
  public static void assertNotCalled(Emulator emulator, String app, String function) {
    assertCalled(emulator, app, function, 0);
  }

  /**
   * Some call to the app's function had exactly these arguments, compared as they crossed the
   * boundary: as plain JSON values, so a record matches the map of its fields.
   */
  public static void assertCalledWith(
      Emulator emulator, String app, String function, Object... arguments) {
    List<?> expected = PLAIN.convertValue(Arrays.asList(arguments), List.class);
    for (RecordedCall call : emulator.calls(app, function)) {
      if (call.arguments().equals(expected)) {
        return;
      }
    }
    throw new AssertionError(
        "expected a call of "
            + app
            + "/"
            + function
            + " with "
            + expected
            + ", but there was none; "
            + called(emulator));
  }

  /** At least one request reached the function's code (a container took it). */
  public static void assertInvoked(Emulator emulator, String function) {
    if (invocationsOf(emulator, function).isEmpty()) {
      throw new AssertionError(
          "expected " + function + " to be invoked, but it was not; " + received(emulator));
    }
  }

  /** Exactly {@code times} requests reached the function's code (a container took each). */
  public static void assertInvoked(Emulator emulator, String function, int times) {
    int invoked = invocationsOf(emulator, function).size();
    if (invoked != times) {
      throw new AssertionError(
          "expected "
              + function
              + " to be invoked "
              + times
              + " time(s), but it was invoked "
              + invoked
              + " time(s); "
              + received(emulator));
    }
  }

  /**
   * No request reached the function's code; requests refused before it (by proxy auth, say) may
   * have been received.
   */
  public static void assertNotInvoked(Emulator emulator, String function) {
    int invoked = invocationsOf(emulator, function).size();
    if (invoked != 0) {
      throw new AssertionError(
          "expected "
              + function
              + " not to be invoked, but it was invoked "
              + invoked
              + " time(s); "
              + received(emulator));
    }
  }

  /**
   * Exactly {@code times} requests were routed to the function, whatever came of them: those it
   * served and those refused before it.
   */
  public static void assertReceived(Emulator emulator, String function, int times) {
    int received = requestsTo(emulator, function).size();
    if (received != times) {
      throw new AssertionError(
          "expected "
              + function
              + " to receive "
              + times
              + " request(s), but it received "
              + received
              + "; "
              + received(emulator));
    }
  }

  /** The function's request number {@code index} (from 0) had the header with that value. */
  public static void assertRequestHeader(
      Emulator emulator, String function, int index, String header, String value) {
    List<RecordedRequest> requests = requestsTo(emulator, function);
    if (index < 0 || index >= requests.size()) {
      throw new AssertionError(
          "expected request "
              + index
              + " of "
              + function
              + ", but it got "
              + requests.size()
              + " request(s); "
              + received(emulator));
    }
    RecordedRequest request = requests.get(index);
    List<String> values = request.headers().all(header);
    if (!values.contains(value)) {
      throw new AssertionError(
          "expected request "
              + index
              + " of "
              + function
              + " ("
              + describe(request)
              + ") to have "
              + header
              + ": "
              + value
              + ", but "
              + (values.isEmpty() ? "it had no " + header : header + " was " + values)
              + "; its headers: "
              + request.headers());
    }
  }

  /** Exactly {@code count} containers of the function have started since the emulator started. */
  public static void assertContainersStarted(Emulator emulator, String function, long count) {
    long started = emulator.containers(function).containersStarted();
    if (started != count) {
      throw new AssertionError(
          "expected "
              + count
              + " container start(s) for "
              + function
              + ", but there were "
              + started
              + " ("
              + emulator.containers(function)
              + ")");
    }
  }

  /** The requests a container took as inputs. */
  private static List<RecordedRequest> invocationsOf(Emulator emulator, String function) {
    return requestsTo(emulator, function).stream().filter(r -> r.containerId() != null).toList();
  }

  private static List<RecordedRequest> requestsTo(Emulator emulator, String function) {
    WebFunction target = emulator.webFunction(function); // fails, listing them, for an unknown name
    return emulator.requests().stream()
        .filter(r -> target.app().equals(r.app()) && target.name().equals(r.function()))
        .toList();
  }

  private static String received(Emulator emulator) {
    List<RecordedRequest> all = emulator.requests();
    if (all.isEmpty()) {
      return "the emulator received no request";
    }
    return "the emulator received: "
        + all.stream().map(EmulatorAssertions::describe).collect(Collectors.joining(", "));
  }

  private static String called(Emulator emulator) {
    List<RecordedCall> all = emulator.calls();
    if (all.isEmpty()) {
      return "no function was called";
    }
    return "the calls: "
        + all.stream()
            .map(
                c ->
                    c.app()
                        + "/"
                        + c.function()
                        + "."
                        + c.verb()
                        + c.arguments()
                        + " "
                        + c.status()
                        + (c.containerId() == null ? "" : " in " + c.containerId()))
            .collect(Collectors.joining(", "));
  }

  private static String describe(RecordedRequest request) {
    return request.method()
        + " "
        + request.host()
        + request.path()
        + (request.query().isEmpty() ? "" : "?" + request.query())
        + " -> "
        + (request.function() == null ? "no function" : request.app() + "/" + request.function())
        + " "
        + request.status();
  }
}
