package io.github.modalemulator;

import io.github.modalemulator.internal.calls.Backends;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Server} (or {@link HttpServer} class) of a deployed app by its names, the Java face of
 * {@code modal.Server.from_name(app, name)}: its URL, for the code that sends it requests.
 *
 * <pre>{@code
 * String url = RemoteServer.fromName("example-server", "Api").getUrl().orElseThrow();
 * }</pre>
 */
public final class RemoteServer {
  private final String app;
  private final String name;

  private RemoteServer(String app, String name) {
    this.app = Objects.requireNonNull(app, "app");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * The server {@code name} (its class's simple name, or its {@code @Server(name)}) of {@code app}.
   */
  public static RemoteServer fromName(String app, String name) {
    return new RemoteServer(app, name);
  }

  /**
   * The URL requests reach it at, as {@code Server.get_url()}: {@code
   * http://{source}--{app}-{name}.{region}.localhost:PORT} here, its {@code .modal.direct} URL in
   * the cloud; empty when it has none.
   *
   * @throws NotFoundError when the app served here has no such server
   */
  public Optional<String> getUrl() {
    return Backends.current().function(app, name, java.util.Map.of()).serverUrl();
  }

  @Override
  public String toString() {
    return "RemoteServer[" + app + "/" + name + "]";
  }
}
