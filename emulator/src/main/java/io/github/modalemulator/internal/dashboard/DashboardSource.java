package io.github.modalemulator.internal.dashboard;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.emulator.WebFunction;
import io.github.modalemulator.internal.calls.CallLedger;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.gateway.RequestJournal;
import io.github.modalemulator.internal.runtime.ContainerPool;
import io.github.modalemulator.internal.runtime.FunctionRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the dashboard shows, as the edge knows it once its port is bound. It only reads these; the
 * one change it makes is clearing the journal.
 *
 * @param connectAddress where clients reach the port ({@code 127.0.0.1})
 * @param ownHosts the hosts of the emulator's own pages: requests to them are the dashboard's own
 *     traffic, and are left out of its request log
 * @param generatedToken the token generated for this run, when none was given
 * @param called the functions that code calls (no web annotation), in the deployment's order
 * @param calls every call made, by id: the emulator's, kept across reloads
 * @param generation the generation in service: 1 until reloads exist
 * @param access the dashboard token (for {@code /api/dashboard-token}) and whether secrets are
 *     masked
 */
public record DashboardSource(
    String workspace,
    String environment,
    boolean serveMode,
    int port,
    String connectAddress,
    Set<String> ownHosts,
    List<Function> functions,
    List<Called> called,
    RequestJournal journal,
    CallLedger calls,
    List<ProxyAuthToken> tokens,
    Optional<ProxyAuthToken> generatedToken,
    int generation,
    DashboardAccess access) {

  /**
   * A web function and what runs it.
   *
   * @param pools every pool serving it now, its runtime's first: a class with {@code @Parameter}
   *     fields has one more per set of values
   */
  public record Function(
      WebFunction web, FunctionRuntime runtime, Supplier<List<ContainerPool>> pools) {

    /** Its log lines, every pool's, its own pool's first. */
    List<String> logLines() {
      return DashboardSource.logLines(pools.get());
    }
  }

  /** The log lines of {@code pools}, each pool's in turn. */
  static List<String> logLines(List<ContainerPool> pools) {
    if (pools.size() == 1) {
      return pools.get(0).log().lines();
    }
    List<String> lines = new ArrayList<>();
    pools.forEach(pool -> lines.addAll(pool.log().lines()));
    return lines;
  }

  /**
   * A function that code calls and its containers.
   *
   * @param pool the pool its calls go to when they name no parameter values
   * @param pools every pool serving it now, {@code pool} first: a class with {@code @Parameter}
   *     fields has one more per set of values
   */
  public record Called(
      FunctionDefinition function, ContainerPool pool, Supplier<List<ContainerPool>> pools) {}

  public DashboardSource {
    ownHosts = Set.copyOf(ownHosts);
    functions = List.copyOf(functions);
    called = List.copyOf(called);
    tokens = List.copyOf(tokens);
  }
}
