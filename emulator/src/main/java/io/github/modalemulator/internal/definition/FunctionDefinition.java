package io.github.modalemulator.internal.definition;

import io.github.modalemulator.Function;
import java.lang.reflect.Method;

/**
 * A validated web function.
 *
 * @param appName the {@code @App} name
 * @param name the function's name: its Java method name
 * @param method the annotated method, made accessible
 * @param label its label before the workspace and serve suffix: the user's, or the default one
 * @param endpoint how its parameters bind, for the FastAPI kinds; null for the others
 */
public record FunctionDefinition(
    String appName,
    String name,
    Method method,
    Function settings,
    WebSpec web,
    String label,
    EndpointSignature endpoint) {

  /** {@code [HelloApp.createApp()]}: how messages and logs name the method. */
  public String where() {
    return Methods.describe(method);
  }
}
