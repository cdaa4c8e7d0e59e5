package io.github.modalemulator.internal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.internal.dashboard.DashboardAccess;
import io.github.modalemulator.internal.gateway.BodyRules;
import io.github.modalemulator.internal.runtime.RuntimeSettings;
import io.github.modalemulator.internal.runtime.Ticker;
import java.time.Duration;
import java.util.List;

/**
 * An emulator's settings, fixed when it starts: the builder copies itself into one, so reusing the
 * builder changes nothing that runs.
 *
 * @param bodies how bodies of FastAPI endpoints are received: limit, memory, minimum rate
 * @param scaledownWindow replaces every function's window when not null
 * @param autoscalerPeriod how often the autoscaler's round runs (scaledown, warm containers,
 *     deadlines, blocked I/O threads)
 * @param ticker the runtime's clock
 * @param dashboard whether the emulator's own hosts serve the dashboard and its API
 * @param dashboardAccess which peers reach the emulator's own pages, and what of the requests the
 *     dashboard shows
 */
public record Settings(
    List<Class<?>> apps,
    String workspace,
    String environment,
    boolean serveMode,
    int port,
    String bindAddress,
    List<ProxyAuthToken> tokens,
    long maxRequestBodySize,
    BodyRules bodies,
    Duration headerTimeout,
    Duration idleTimeout,
    Duration stopTimeout,
    int journalCapacity,
    Duration scaledownWindow,
    int pendingInputLimit,
    Duration gatewayTimeout,
    int workerThreads,
    ObjectMapper json,
    FastapiStack fastapiStack,
    Duration autoscalerPeriod,
    Ticker ticker,
    boolean dashboard,
    DashboardAccess dashboardAccess) {

  public Settings {
    apps = List.copyOf(apps);
    tokens = List.copyOf(tokens);
    dashboardAccess = dashboardAccess == null ? DashboardAccess.DEFAULT : dashboardAccess;
  }

  /** Settings whose own pages answer loopback only and mask secrets, as by default. */
  public Settings(
      List<Class<?>> apps,
      String workspace,
      String environment,
      boolean serveMode,
      int port,
      String bindAddress,
      List<ProxyAuthToken> tokens,
      long maxRequestBodySize,
      BodyRules bodies,
      Duration headerTimeout,
      Duration idleTimeout,
      Duration stopTimeout,
      int journalCapacity,
      Duration scaledownWindow,
      int pendingInputLimit,
      Duration gatewayTimeout,
      int workerThreads,
      ObjectMapper json,
      FastapiStack fastapiStack,
      Duration autoscalerPeriod,
      Ticker ticker,
      boolean dashboard) {
    this(
        apps,
        workspace,
        environment,
        serveMode,
        port,
        bindAddress,
        tokens,
        maxRequestBodySize,
        bodies,
        headerTimeout,
        idleTimeout,
        stopTimeout,
        journalCapacity,
        scaledownWindow,
        pendingInputLimit,
        gatewayTimeout,
        workerThreads,
        json,
        fastapiStack,
        autoscalerPeriod,
        ticker,
        dashboard,
        DashboardAccess.DEFAULT);
  }

  RuntimeSettings runtime() {
    return new RuntimeSettings(scaledownWindow, pendingInputLimit, gatewayTimeout, ticker);
  }

  /** The address clients connect to: loopback when listening on every address. */
  public String connectAddress() {
    return bindAddress.equals("0.0.0.0")
        ? "127.0.0.1"
        : bindAddress.equals("::") ? "::1" : bindAddress;
  }
}
