package io.github.modalemulator.internal.dashboard;

import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.emulator.WebFunction;
import io.github.modalemulator.internal.definition.FunctionDefinition;

/**
 * A function as the dashboard names it, {@code app/name} in its JSON and its URLs: a function's
 * name alone may repeat across apps. Compared as a value, never as the text put together.
 */
record FunctionId(String app, String name) {

  static FunctionId of(WebFunction web) {
    return new FunctionId(web.app(), web.name());
  }

  static FunctionId of(FunctionDefinition function) {
    return new FunctionId(function.appName(), function.name());
  }

  /** The function a recorded request reached, or null when it reached none. */
  static FunctionId of(RecordedRequest request) {
    return request.function() == null ? null : new FunctionId(request.app(), request.function());
  }

  /**
   * Reads {@code app/name}, as {@link #toString()} writes it.
   *
   * @return null when {@code text} has no {@code /}: it names no function
   */
  static FunctionId parse(String text) {
    int slash = text.indexOf('/');
    return slash < 0 ? null : new FunctionId(text.substring(0, slash), text.substring(slash + 1));
  }

  /** {@code app/name}. */
  @Override
  public String toString() {
    return app + "/" + name;
  }
}
