package io.github.modalemulator.internal.calls;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The method a method reference names ({@code JobQueueApp::process}), read from the serialized form
 * the compiler gives a serializable lambda: so a typed handle follows the method, and a rename is a
 * compile error rather than a string that no longer matches.
 */
public final class MethodReferences {
  private MethodReferences() {}

  /**
   * @throws IllegalArgumentException when {@code reference} is a lambda with a body rather than a
   *     reference to a method
   */
  public static Method method(Serializable reference) {
    SerializedLambda lambda;
    try {
      Method writeReplace = reference.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      lambda = (SerializedLambda) writeReplace.invoke(reference);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "pass a method reference such as MyApp::process, not " + reference, e);
    }
    if (lambda.getImplMethodName().startsWith("lambda$")) {
      throw new IllegalArgumentException(
          "pass a method reference such as MyApp::process, not a lambda with a body");
    }
    int kind = lambda.getImplMethodKind();
    if (kind != MethodHandleInfo.REF_invokeStatic
        && kind != MethodHandleInfo.REF_invokeVirtual
        && kind != MethodHandleInfo.REF_invokeSpecial) {
      throw new IllegalArgumentException(
          "pass a reference to a @Function or @Method method, not to "
              + lambda.getImplMethodName());
    }
    ClassLoader loader = reference.getClass().getClassLoader();
    try {
      Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
      return Arrays.stream(owner.getDeclaredMethods())
          .filter(m -> m.getName().equals(lambda.getImplMethodName()))
          .filter(m -> descriptor(m).equals(lambda.getImplMethodSignature()))
          .findFirst()
          .orElseThrow(() -> new NoSuchMethodException(lambda.getImplMethodName()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("the method of " + reference + " can't be found", e);
    }
  }

  private static String descriptor(Method method) {
    return java.lang.invoke.MethodType.methodType(
            method.getReturnType(), method.getParameterTypes())
        .toMethodDescriptorString();
  }
}
