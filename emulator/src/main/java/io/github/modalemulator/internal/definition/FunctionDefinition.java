package io.github.modalemulator.internal.definition;

import java.lang.reflect.Method;

/**
 * A validated function: a web function, or one that code calls ({@code web} null).
 *
 * @param appName the {@code @App} name
 * @param name the function's name: its Java method name, or {@code MyAPI.health} for a web method
 *     of a class
 * @param method the annotated method, made accessible
 * @param scaling its containers' settings (a class's, for a method of a class)
 * @param web what its web annotation says; null for a function that code calls
 * @param label its label before the workspace and serve suffix: the user's, or the default one
 * @param endpoint how its parameters bind, for the FastAPI kinds; null for the others
 * @param cls the class whose instance method it is, or null for a static function
 */
public record FunctionDefinition(
    String appName,
    String name,
    Method method,
    Scaling scaling,
    WebSpec web,
    String label,
    EndpointSignature endpoint,
    ClsSpec cls) {

  /** Whether it yields ({@code remote_gen}): it returns a Stream or an Iterator. */
  public boolean generator() {
    Class<?> returned = method.getReturnType();
    return java.util.stream.BaseStream.class.isAssignableFrom(returned)
        || java.util.Iterator.class.isAssignableFrom(returned);
  }

  /** {@code [HelloApp.createApp()]}: how messages and logs name the method. */
  public String where() {
    return Methods.describe(method);
  }
}
