package io.github.modalemulator.internal.assembly;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.dashboard.DashboardAccess;
import io.github.modalemulator.internal.gateway.BodyRules;
import io.github.modalemulator.internal.runtime.LocalResources;
import io.github.modalemulator.internal.runtime.RuntimeSettings;
import io.github.modalemulator.internal.runtime.ServletForms;
import io.github.modalemulator.internal.runtime.Ticker;
import java.time.Duration;
import java.util.List;

/**
 * An emulator's settings, fixed when it starts, by topic: the builder copies itself into one, so
 * reusing the builder changes nothing that runs.
 *
 * @param apps which apps, and what their URLs are named after
 * @param http how the emulator listens and what HTTP it takes
 * @param edge what the cloud's edge in front of the functions keeps and checks
 * @param functions how functions run: their FastAPI stack, scaling overrides and the clock
 */
public record Settings(Apps apps, Http http, Edge edge, Functions functions) {

  /**
   * @param classes the {@code @App} classes
   * @param serveMode whether labels get the serve command's suffix
   */
  public record Apps(
      List<Class<?>> classes, String workspace, String environment, boolean serveMode) {
    public Apps {
      classes = List.copyOf(classes);
    }
  }

  /**
   * @param port 0 for any free port
   * @param maxRequestBodySize the edge's limit for every kind's body, in bytes
   * @param bodies how bodies of FastAPI endpoints are received: limit, memory, minimum rate
   * @param stopTimeout how long a stop waits for requests in flight
   */
  public record Http(
      int port,
      String bindAddress,
      long maxRequestBodySize,
      BodyRules bodies,
      Duration headerTimeout,
      Duration idleTimeout,
      Duration stopTimeout,
      int workerThreads) {

    /** The address clients connect to: loopback when listening on every address. */
    public String connectAddress() {
      return bindAddress.equals("0.0.0.0")
          ? "127.0.0.1"
          : bindAddress.equals("::") ? "::1" : bindAddress;
    }

    /** How servlets that declare no multipart config read forms: within the edge's body limit. */
    public ServletForms servletForms() {
      return new ServletForms(maxRequestBodySize, bodies.memoryThreshold());
    }
  }

  /**
   * @param tokens the proxy auth tokens accepted
   * @param journalCapacity how many requests the journal keeps
   * @param dashboard whether the emulator's own hosts serve the dashboard and its API
   * @param dashboardAccess which peers reach the emulator's own pages, and what of the requests the
   *     dashboard shows
   */
  public record Edge(
      List<ProxyAuthToken> tokens,
      int journalCapacity,
      boolean dashboard,
      DashboardAccess dashboardAccess) {
    public Edge {
      tokens = List.copyOf(tokens);
      dashboardAccess = dashboardAccess == null ? DashboardAccess.DEFAULT : dashboardAccess;
    }
  }

  /**
   * @param scaledownWindow replaces every function's window when not null
   * @param pendingInputLimit how many inputs may wait for a container, per function
   * @param gatewayTimeout when a FastAPI request is answered with the cloud's 303
   * @param clock the runtime's clock and how often the autoscaler's round reads it
   * @param strictWebServerBind a {@code @WebServer} that accepts connections only on loopback fails
   *     its container, as in the cloud, instead of a warning in its function's log
   * @param isolation whether each container loads the app's classes anew, or is a process
   * @param local where secrets and volumes come from on this machine
   */
  public record Functions(
      ObjectMapper json,
      FastapiStack fastapiStack,
      Duration scaledownWindow,
      int pendingInputLimit,
      Duration gatewayTimeout,
      Clock clock,
      boolean strictWebServerBind,
      Isolation isolation,
      LocalResources local) {

    RuntimeSettings runtime(Duration firstMessage) {
      return new RuntimeSettings(
          scaledownWindow,
          pendingInputLimit,
          gatewayTimeout,
          clock.ticker(),
          isolation,
          local,
          firstMessage);
    }
  }

  /**
   * The time the runtime goes by: tests move a ticker by hand and run the rounds often.
   *
   * @param autoscalerPeriod how often the autoscaler's round runs (scaledown, warm containers,
   *     deadlines, blocked I/O threads)
   */
  public record Clock(Ticker ticker, Duration autoscalerPeriod) {
    public static final Clock SYSTEM = new Clock(Ticker.SYSTEM, Duration.ofMillis(100));
  }

  RuntimeSettings runtime() {
    return functions.runtime(http.bodies().firstBytes());
  }
}
