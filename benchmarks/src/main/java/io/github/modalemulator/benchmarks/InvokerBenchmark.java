package io.github.modalemulator.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How an endpoint method is called per request: the spread {@link MethodHandle} the emulator
 * resolves once per function, against {@link Method#invoke} on a method looked up each time and on
 * one looked up once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InvokerBenchmark {
  private final Object[] arguments = {"Ada", 36};
  private MethodHandle handle;
  private Method method;

  public static String greet(String name, int age) {
    return name + age;
  }

  @Setup
  public void resolve() throws ReflectiveOperationException {
    method = InvokerBenchmark.class.getMethod("greet", String.class, int.class);
    handle =
        MethodHandles.lookup()
            .unreflect(method)
            .asType(MethodType.genericMethodType(2))
            .asSpreader(Object[].class, 2);
  }

  @Benchmark
  public Object methodHandleResolvedOnce() throws Throwable {
    return (Object) handle.invokeExact(arguments);
  }

  @Benchmark
  public Object reflectionResolvedOnce() throws ReflectiveOperationException {
    return method.invoke(null, arguments);
  }

  @Benchmark
  public Object reflectionLookedUpPerCall() throws ReflectiveOperationException {
    return InvokerBenchmark.class
        .getMethod("greet", String.class, int.class)
        .invoke(null, arguments);
  }
}
