package io.github.modalemulator;

/**
 * How {@link RemoteFunction#map(Iterable, MapOptions)} gives its results: the Java face of {@code
 * map}'s keyword arguments.
 *
 * @param orderOutputs results in the order of their inputs ({@code order_outputs=True}, the
 *     default), else as they finish
 * @param returnExceptions a failed input's exception among the results, in its place ({@code
 *     return_exceptions=True}), instead of thrown when it is reached (the default)
 */
public record MapOptions(boolean orderOutputs, boolean returnExceptions) {
  /** The client's defaults: in order, exceptions thrown. */
  public static final MapOptions DEFAULTS = new MapOptions(true, false);

  /** These options, with results as they finish or in order. */
  public MapOptions orderOutputs(boolean ordered) {
    return new MapOptions(ordered, returnExceptions);
  }

  /** These options, with exceptions returned among the results or thrown. */
  public MapOptions returnExceptions(boolean returned) {
    return new MapOptions(orderOutputs, returned);
  }
}
