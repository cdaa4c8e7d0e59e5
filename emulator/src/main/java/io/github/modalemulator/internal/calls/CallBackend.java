package io.github.modalemulator.internal.calls;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * The functions and calls of one running emulator, as the public handles ({@code RemoteFunction},
 * {@code FunctionCall}) reach them: the emulator's twin of the cloud's control plane.
 */
public interface CallBackend {
  /**
   * A function of an app served here (or stubbed), by the names the client's {@code
   * Function.from_name} takes; a class's method is {@code Model.predict}, with the values of its
   * {@code @Parameter} fields (empty: their defaults).
   *
   * @throws io.github.modalemulator.NotFoundError naming what is served
   */
  CallTarget function(String app, String name, Map<String, ?> parameters);

  /**
   * The function whose code is {@code method} (found by its class's and its own names, so that a
   * method of any class loader's copy of the app finds it).
   *
   * @throws io.github.modalemulator.NotFoundError when no app served here has it
   */
  CallTarget function(Method method, Map<String, ?> parameters);

  /**
   * A call made here by its id ({@code FunctionCall.from_id}).
   *
   * @throws io.github.modalemulator.NotFoundError when no call has it
   */
  Invocation call(String id);
}
