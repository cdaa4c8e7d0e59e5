package io.github.modalemulator.internal.definition;

import io.github.modalemulator.Body;
import io.github.modalemulator.Cookie;
import io.github.modalemulator.Depends;
import io.github.modalemulator.File;
import io.github.modalemulator.Form;
import io.github.modalemulator.Header;
import io.github.modalemulator.Query;
import io.github.modalemulator.Request;
import io.github.modalemulator.UploadFile;
import io.github.modalemulator.internal.definition.EndpointSignature.BodyParam;
import io.github.modalemulator.internal.definition.EndpointSignature.Cardinality;
import io.github.modalemulator.internal.definition.EndpointSignature.CookieParam;
import io.github.modalemulator.internal.definition.EndpointSignature.DependsParam;
import io.github.modalemulator.internal.definition.EndpointSignature.FileParam;
import io.github.modalemulator.internal.definition.EndpointSignature.FormParam;
import io.github.modalemulator.internal.definition.EndpointSignature.HeaderParam;
import io.github.modalemulator.internal.definition.EndpointSignature.Param;
import io.github.modalemulator.internal.definition.EndpointSignature.QueryParam;
import io.github.modalemulator.internal.definition.EndpointSignature.RequestParam;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an endpoint method's parameters into an {@link EndpointSignature}, recording problems. */
final class EndpointSignatures {
  private final List<String> problems;
  private final String annotation;
  private final Deque<Executable> providersInProgress = new ArrayDeque<>();
  private int bodyParams;
  private int formParams;

  EndpointSignatures(List<String> problems, String annotation) {
    this.problems = problems;
    this.annotation = annotation;
  }

  /** The signature, or null when a problem was recorded. */
  EndpointSignature analyse(Method method) {
    int before = problems.size();
    List<Param> params = parameters(method);
    if (formParams > 0 && bodyParams > 0) {
      problems.add(
          annotation
              + " method "
              + Methods.describe(method)
              + " reads its body both as a form (@Form, @File, UploadFile) and as JSON; a request"
              + " has one body: take every value from the form, or none");
    }
    return problems.size() > before ? null : new EndpointSignature(params, bodyParams > 1);
  }

  private List<Param> parameters(Executable executable) {
    List<Param> params = new ArrayList<>();
    for (Parameter parameter : executable.getParameters()) {
      Param param = parameter(executable, parameter);
      if (param != null) {
        params.add(param);
      }
    }
    return params;
  }

  private Param parameter(Executable owner, Parameter parameter) {
    Query query = parameter.getAnnotation(Query.class);
    Header header = parameter.getAnnotation(Header.class);
    Cookie cookie = parameter.getAnnotation(Cookie.class);
    Form form = parameter.getAnnotation(Form.class);
    File file = parameter.getAnnotation(File.class);
    Depends depends = parameter.getAnnotation(Depends.class);
    boolean body = parameter.isAnnotationPresent(Body.class);
    String explicitName =
        query != null
            ? query.value()
            : header != null
                ? header.value()
                : cookie != null
                    ? cookie.value()
                    : form != null ? form.value() : file != null ? file.value() : "";
    if (!parameter.isNamePresent() && explicitName.isEmpty() && depends == null) {
      String problem =
          annotation
              + " method "
              + Methods.describe(owner)
              + " was compiled without parameter names; compile with -parameters"
              + " (maven-compiler-plugin: <parameters>true</parameters>), or name each parameter"
              + " with @Query(\"name\")";
      if (!problems.contains(problem)) { // said once for the method, not once per parameter
        problems.add(problem);
      }
      return null;
    }
    String name = explicitName.isEmpty() ? parameter.getName() : explicitName;
    if (depends != null) {
      return dependency(owner, parameter, depends);
    }
    if (parameter.getType() == Request.class) {
      return new RequestParam(name);
    }
    Type type = parameter.getParameterizedType();
    Class<?> unwrapped = BodyShape.raw(unwrapOptional(type));
    if (file != null || (unwrapped == UploadFile.class && form == null && !body)) {
      if (unwrapped != UploadFile.class && unwrapped != byte[].class) {
        problems.add(
            "@File parameter "
                + parameter.getName()
                + " of "
                + Methods.describe(owner)
                + " has type "
                + type.getTypeName()
                + "; it must be byte[] (the file's content) or UploadFile (the file), or an"
                + " Optional of one");
        return null;
      }
      formParams++;
      return new FileParam(
          name, unwrapped == UploadFile.class, parameter.getType() == Optional.class);
    }
    if (form != null) {
      ScalarShape shape = ScalarShape.of(type);
      if (shape == null) {
        problems.add(
            notScalar("@Form", owner, parameter) + "; a file is @File byte[] or UploadFile");
        return null;
      }
      formParams++;
      return new FormParam(name, shape.scalar, shape.cardinality, shape.collection);
    }
    if (cookie != null) {
      ScalarShape shape = ScalarShape.of(type);
      if (shape == null || shape.cardinality == Cardinality.MANY) {
        problems.add(
            "@Cookie parameter "
                + parameter.getName()
                + " of "
                + Methods.describe(owner)
                + " has type "
                + type.getTypeName()
                + "; it must be a string, number, boolean, enum, date or UUID, or an Optional of"
                + " one (a cookie has one value)");
        return null;
      }
      return new CookieParam(name, shape.scalar, shape.cardinality);
    }
    if (body) {
      bodyParams++;
      return new BodyParam(name, unwrapOptional(type), parameter.getType() == Optional.class);
    }
    ScalarShape shape = ScalarShape.of(type);
    if (header != null) {
      if (shape == null) {
        problems.add(notScalar("@Header", owner, parameter));
        return null;
      }
      String headerName =
          header.value().isEmpty()
              ? Labels.snakeCase(parameter.getName()).replace('_', '-')
              : header.value();
      return new HeaderParam(headerName, shape.scalar, shape.cardinality, shape.collection);
    }
    if (shape != null) {
      return new QueryParam(name, shape.scalar, shape.cardinality, shape.collection);
    }
    if (query != null) {
      problems.add(notScalar("@Query", owner, parameter));
      return null;
    }
    bodyParams++;
    return new BodyParam(name, unwrapOptional(type), parameter.getType() == Optional.class);
  }

  private String notScalar(String what, Executable owner, Parameter parameter) {
    return what
        + " parameter "
        + parameter.getName()
        + " of "
        + Methods.describe(owner)
        + " has type "
        + parameter.getParameterizedType().getTypeName()
        + "; it must be a string, number, boolean, enum, date or UUID, or an Optional or List of"
        + " one";
  }

  private DependsParam dependency(Executable owner, Parameter parameter, Depends depends) {
    Executable provider = provider(owner, parameter, depends);
    if (provider == null) {
      return null;
    }
    if (providersInProgress.contains(provider)) {
      problems.add(
          "@Depends provider "
              + Methods.describe(provider)
              + " depends on itself (through "
              + Methods.describe(owner)
              + "); break the cycle");
      return null;
    }
    providersInProgress.push(provider);
    try {
      provider.setAccessible(true);
      return new DependsParam(parameter.getName(), provider, parameters(provider));
    } finally {
      providersInProgress.pop();
    }
  }

  private Executable provider(Executable owner, Parameter parameter, Depends depends) {
    String where =
        "@Depends on parameter " + parameter.getName() + " of " + Methods.describe(owner);
    if (!depends.method().isEmpty()) {
      Class<?> holder = depends.value() == void.class ? owner.getDeclaringClass() : depends.value();
      List<Method> candidates =
          Arrays.stream(holder.getDeclaredMethods())
              .filter(m -> m.getName().equals(depends.method()) && !m.isSynthetic())
              .toList();
      if (candidates.size() != 1 || !Modifier.isStatic(candidates.get(0).getModifiers())) {
        problems.add(
            where
                + " names method \""
                + depends.method()
                + "\", but "
                + holder.getSimpleName()
                + (candidates.isEmpty()
                    ? " has no such method"
                    : candidates.size() > 1 ? " has more than one" : " declares it non-static")
                + "; name one static method of that class");
        return null;
      }
      return candidates.get(0);
    }
    if (depends.value() == void.class) {
      problems.add(
          where
              + " names no provider; give a class (@Depends(Paging.class)) or a static method"
              + " (@Depends(method = \"paging\"))");
      return null;
    }
    Constructor<?>[] constructors = depends.value().getConstructors();
    if (constructors.length != 1) {
      problems.add(
          where
              + " names class "
              + depends.value().getSimpleName()
              + ", which has "
              + constructors.length
              + " public constructors; a provider class needs exactly one");
      return null;
    }
    return constructors[0];
  }

  /** The class of a type, parameterized or not. */
  private static final class BodyShape {
    private BodyShape() {}

    static Class<?> raw(Type type) {
      if (type instanceof Class<?> c) {
        return c;
      }
      return type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c
          ? c
          : Object.class;
    }
  }

  private static Type unwrapOptional(Type type) {
    if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
      return p.getActualTypeArguments()[0];
    }
    return type;
  }

  /** A scalar, {@code Optional<scalar>}, or {@code List/Set<scalar>}; null for anything else. */
  private record ScalarShape(Class<?> scalar, Cardinality cardinality, Class<?> collection) {
    static ScalarShape of(Type type) {
      if (type instanceof Class<?> c) {
        return Scalars.isScalar(c) ? new ScalarShape(c, Cardinality.ONE, null) : null;
      }
      if (type instanceof ParameterizedType p
          && p.getActualTypeArguments().length == 1
          && p.getActualTypeArguments()[0] instanceof Class<?> element
          && Scalars.isScalar(element)) {
        Type raw = p.getRawType();
        if (raw == Optional.class) {
          return new ScalarShape(element, Cardinality.OPTIONAL, null);
        }
        if (raw == List.class || raw == Set.class) {
          return new ScalarShape(element, Cardinality.MANY, (Class<?>) raw);
        }
      }
      return null;
    }
  }
}
