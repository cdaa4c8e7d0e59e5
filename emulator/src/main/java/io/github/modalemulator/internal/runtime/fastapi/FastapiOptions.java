package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.internal.definition.EndpointSignature;
import io.github.modalemulator.internal.isolation.ContainerLoader;
import java.lang.reflect.Executable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every {@code @FastapiEndpoint} of one emulator shares: the user's mapper, the FastAPI
 * releases to answer as, and what is made from the mapper once for all containers (a container
 * start, which every cold start pays, then makes none of them, and Jackson's caches of serializers
 * are warm from the first request on).
 *
 * @param json reads request bodies
 * @param stack the FastAPI, Starlette and pydantic releases answered as
 * @param results writes results as FastAPI does ({@link PythonJson})
 * @param bodies parses request bodies with Python's JSON rules
 * @param constraints Bean Validation per app class loader, found once (a provider's bootstrap takes
 *     long, and a validator serves every container)
 */
public record FastapiOptions(
    ObjectMapper json,
    FastapiStack stack,
    ObjectMapper results,
    JsonFactory bodies,
    Map<ClassLoader, BodyConstraints> constraints) {
  public FastapiOptions {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(bodies, "bodies");
    Objects.requireNonNull(constraints, "constraints");
  }

  public FastapiOptions(ObjectMapper json, FastapiStack stack) {
    this(
        json,
        stack,
        PythonJson.writer(Objects.requireNonNull(json, "json")),
        RequestScope.JsonDecodeErrors.factory(json),
        new ConcurrentHashMap<>());
  }

  /**
   * The constraint checks of an app's bodies, found on its first container's start: one provider
   * for the loader the app was defined from, checking every container's copy of its records (their
   * constraint annotations are the one shared Bean Validation API).
   */
  BodyConstraints constraintsOf(ClassLoader appLoader) {
    return constraints.computeIfAbsent(
        ContainerLoader.originOf(appLoader), BodyConstraints::detect);
  }

  /**
   * What the container of {@code function} uses: when its classes are its own and Jackson could
   * meet one of them (in a parameter, or in what the function returns), mappers of its own, so that
   * Jackson's caches of its records' (de)serializers go with the container instead of holding its
   * classes for the emulator's life. Else these options themselves, whose caches every container
   * shares: so a container start, which every cold start pays, copies no mapper, and the first
   * request of each container finds Jackson's serializers made. A value of a container's class that
   * reaches a shared mapper all the same (an {@code HttpException}'s detail, an app's own {@code
   * Map} returned as a {@code Map}) stays in its caches, which Jackson bounds (a few thousand
   * serializers): such a container's classes may then outlive it, never without bound.
   */
  FastapiOptions forContainerOf(Method function, List<EndpointSignature.Param> parameters) {
    if (!(function.getDeclaringClass().getClassLoader() instanceof ContainerLoader)
        || !reachesContainerClasses(function, parameters)) {
      return this;
    }
    ObjectMapper own;
    try {
      own = json.copy();
    } catch (IllegalStateException noCopy) {
      return this; // a subclass without copy(): shared, as it was given
    }
    return new FastapiOptions(own, stack, PythonJson.writer(own), bodies, constraints);
  }

  /**
   * Whether Jackson may meet a class of the function's container: one named in the type of a
   * parameter of the function or of a dependency's provider (which is what Jackson reads into), or
   * any class in a result not made only of closed JDK types ({@code Object}, an interface or a
   * class that user code may extend or implement, could be the container's at run time).
   */
  static boolean reachesContainerClasses(
      Method function, List<EndpointSignature.Param> parameters) {
    return readsContainerClasses(function)
        || dependenciesRead(parameters)
        || !outsideContainers(function.getGenericReturnType(), true);
  }

  private static boolean readsContainerClasses(Executable executable) {
    for (Type parameter : executable.getGenericParameterTypes()) {
      if (!outsideContainers(parameter, false)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dependenciesRead(List<EndpointSignature.Param> parameters) {
    for (EndpointSignature.Param parameter : parameters) {
      if (parameter instanceof EndpointSignature.DependsParam depends
          && (readsContainerClasses(depends.provider())
              || dependenciesRead(depends.parameters()))) {
        return true;
      }
    }
    return false;
  }

  /** The JDK's collection types whose elements Jackson writes as they come. */
  private static final Set<Class<?>> CONTAINERS_OF_VALUES =
      Set.of(Map.class, List.class, Set.class, Collection.class, Optional.class);

  /**
   * True when no class of a container appears in {@code type}; with {@code closed}, also no type
   * whose values could be of a container's class: only primitives, final classes of the JDK, and
   * the JDK's maps, lists, sets and optionals of those.
   */
  private static boolean outsideContainers(Type type, boolean closed) {
    if (type instanceof Class<?> raw) {
      if (raw.isArray()) {
        return outsideContainers(raw.getComponentType(), closed);
      }
      if (raw.getClassLoader() instanceof ContainerLoader) {
        return false;
      }
      return !closed
          || raw.isPrimitive()
          || (raw.getClassLoader() == null && Modifier.isFinal(raw.getModifiers()));
    }
    if (type instanceof ParameterizedType generic) {
      Class<?> raw = (Class<?>) generic.getRawType();
      if (raw.getClassLoader() instanceof ContainerLoader
          || (closed && !CONTAINERS_OF_VALUES.contains(raw))) {
        return false;
      }
      for (Type argument : generic.getActualTypeArguments()) {
        if (!outsideContainers(argument, closed)) {
          return false;
        }
      }
      return true;
    }
    if (type instanceof GenericArrayType array) {
      return outsideContainers(array.getGenericComponentType(), closed);
    }
    return false; // a type variable or a wildcard: anything, as far as Jackson knows
  }
}
