package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.emulator.WebFunction;
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
 */
public final class EmulatorAssertions {
  private EmulatorAssertions() {}

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
