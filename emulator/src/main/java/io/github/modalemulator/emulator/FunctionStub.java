package io.github.modalemulator.emulator;

import java.util.List;

/**
 * Stands in for a function in tests: a Java lambda answers the calls of a function by app and name,
 * typically one that another team deploys (a Python function the Java front calls by name), so that
 * the same code calls the real one in the cloud. Its arguments arrive as they crossed the boundary,
 * as plain JSON values (maps, lists, strings, numbers, booleans, null); what it returns crosses
 * back the same way, and what it throws reaches the caller as the function's exception.
 *
 * <pre>{@code
 * emulator.stub("ml-team", "embed", arguments -> List.of(0.1, 0.2, 0.3));
 * }</pre>
 */
@FunctionalInterface
public interface FunctionStub {
  /** Answers one call. */
  Object call(List<Object> arguments) throws Exception;
}
