package io.github.modalemulator.internal.definition;

import java.lang.reflect.Executable;
import java.lang.reflect.Type;
import java.util.List;

/**
 * How a {@code @FastapiEndpoint} method's parameters bind, decided once, at definition time, by
 * FastAPI's rules.
 *
 * @param parameters one per method parameter, in order
 * @param bodyEmbedded true when more than one body value is declared (the endpoint's and its
 *     dependencies' together): each then sits in the JSON object under its name, as FastAPI does
 */
public record EndpointSignature(List<Param> parameters, boolean bodyEmbedded) {
  public EndpointSignature {
    parameters = List.copyOf(parameters);
  }

  /** How many values a query parameter or header takes. */
  public enum Cardinality {
    /** Exactly one; missing is a validation error. */
    ONE,
    /** {@code Optional<T>}: zero or one. */
    OPTIONAL,
    /** {@code List<T>} or {@code Set<T>}: every value of a repeated key, none allowed. */
    MANY
  }

  /** One parameter's binding. */
  public sealed interface Param
      permits QueryParam,
          HeaderParam,
          CookieParam,
          BodyParam,
          FormParam,
          FileParam,
          RequestParam,
          DependsParam {
    /** The name it has in error locations and the OpenAPI document. */
    String name();
  }

  /**
   * A value from the query string.
   *
   * @param scalar the element type (the {@code T} of {@code Optional<T>} or {@code List<T>})
   * @param collection {@code List.class} or {@code Set.class} for MANY, else null
   */
  public record QueryParam(
      String name, Class<?> scalar, Cardinality cardinality, Class<?> collection)
      implements Param {}

  /** A value from a header (names compare without case). */
  public record HeaderParam(
      String name, Class<?> scalar, Cardinality cardinality, Class<?> collection)
      implements Param {}

  /** A value from a cookie (ONE or OPTIONAL). */
  public record CookieParam(String name, Class<?> scalar, Cardinality cardinality)
      implements Param {}

  /**
   * A field of a url-encoded or multipart form body (FastAPI's {@code Form()}).
   *
   * @param scalar the element type
   * @param collection {@code List.class} or {@code Set.class} for MANY, else null
   */
  public record FormParam(
      String name, Class<?> scalar, Cardinality cardinality, Class<?> collection)
      implements Param {}

  /**
   * A file of a multipart form body (FastAPI's {@code File()} or {@code UploadFile}).
   *
   * @param upload true for an {@code UploadFile}, false for its bytes
   * @param optional {@code Optional<T>}: missing is empty rather than an error
   */
  public record FileParam(String name, boolean upload, boolean optional) implements Param {}

  /**
   * A value from the JSON body.
   *
   * @param type the full generic type Jackson reads
   * @param optional {@code Optional<T>}: a missing body is empty rather than an error
   */
  public record BodyParam(String name, Type type, boolean optional) implements Param {}

  /** The {@code Request} itself. */
  public record RequestParam(String name) implements Param {}

  /**
   * The result of a provider, resolved once per request.
   *
   * @param provider a static method or a constructor, made accessible
   * @param parameters the provider's own parameters
   */
  public record DependsParam(String name, Executable provider, List<Param> parameters)
      implements Param {
    public DependsParam {
      parameters = List.copyOf(parameters);
    }
  }
}
