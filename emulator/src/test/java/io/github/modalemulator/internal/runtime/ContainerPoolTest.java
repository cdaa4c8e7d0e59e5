package io.github.modalemulator.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Exit;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.undertow.server.HttpHandler;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container pool on its own, with a clock and a starter that the test drives: no sleeps, no
 * threads, every step of scaling seen as it happens.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class ContainerPoolTest {
  static final AtomicInteger FAILING_STARTS = new AtomicInteger();
  static final List<String> EXITS = new ArrayList<>();

  @App("pool")
  static class Apps {
    @Function(maxContainers = 1)
    @AsgiApp
    static HttpHandler single() {
      return exchange -> exchange.setStatusCode(StatusCodes.OK);
    }

    @Function
    @Concurrent(maxInputs = 4, targetInputs = 2)
    @AsgiApp
    static HttpHandler concurrent() {
      return exchange -> exchange.setStatusCode(StatusCodes.OK);
    }

    @Function(maxContainers = 1)
    @Concurrent(maxInputs = 4, targetInputs = 2)
    @AsgiApp
    static HttpHandler concurrentOne() {
      return exchange -> exchange.setStatusCode(StatusCodes.OK);
    }

    @Function
    @AsgiApp
    static HttpHandler plain() {
      return exchange -> exchange.setStatusCode(StatusCodes.OK);
    }

    @Function(bufferContainers = 1)
    @AsgiApp
    static HttpHandler buffered() {
      return exchange -> exchange.setStatusCode(StatusCodes.OK);
    }

    @Function(minContainers = 1)
    @AsgiApp
    static HttpHandler failing() {
      FAILING_STARTS.incrementAndGet();
      throw new IllegalStateException("no model file");
    }

    @Cls(scaledownWindow = 10)
    static class Idle {
      @Exit
      void exit() {
        EXITS.add("exit");
      }

      @AsgiApp
      HttpHandler app() {
        return exchange -> exchange.setStatusCode(StatusCodes.OK);
      }
    }
  }

  /** The clock: moves only when the test says so. */
  static final class ManualTicker implements Ticker {
    long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
      return now;
    }

    void advance(Duration by) {
      now += by.toNanos();
    }
  }

  /** Starts and stops wait here until the test runs them. */
  static final class Starter implements Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int runAll() {
      int ran = 0;
      for (Runnable task; (task = tasks.poll()) != null; ran++) {
        task.run();
      }
      return ran;
    }
  }

  /** An input that records what the pool told it. */
  static final class Input implements PoolInput {
    final String name;
    final long arrivedAt;
    final List<String> events;
    Container container;
    boolean answered;

    Input(String name, long arrivedAt, List<String> events) {
      this.name = name;
      this.arrivedAt = arrivedAt;
      this.events = events;
    }

    @Override
    public long arrivedAt() {
      return arrivedAt;
    }

    @Override
    public void leased(Container leased, boolean coldStart) {
      container = leased;
      events.add(name + (coldStart ? " cold" : " warm"));
    }

    @Override
    public void refused(ContainerPool.Refusal refusal) {
      events.add(name + " " + refusal);
    }

    @Override
    public void checkDeadlines(long now) {
      events.add(name + " checked");
    }

    @Override
    public boolean answered() {
      return answered;
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final Starter starter = new Starter();
  private final List<String> events = new ArrayList<>();

  @BeforeEach
  void reset() {
    FAILING_STARTS.set(0);
    EXITS.clear();
  }

  private ContainerPool pool(String name, int pendingLimit, Duration window) {
    PoolSpec spec =
        Deployment.of(List.of(Apps.class), "local", "", false).pools().stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow();
    return new ContainerPool(
        spec,
        new RuntimeSettings(
            window,
            pendingLimit,
            Duration.ofSeconds(150),
            ticker,
            Isolation.GENERATION,
            LocalResources.DEFAULT,
            Duration.ofSeconds(5)),
        ContainerKinds.of(
            (function, instance, log) -> {
              throw new AssertionError("no FastAPI kind here");
            },
            new ServletForms(1024, 1024),
            false),
        starter);
  }

  private Input input(String name) {
    return new Input(name, ticker.nanoTime(), events);
  }

  @Test
  void waitingInputsGetTheSlotInTheOrderTheyCame() {
    ContainerPool pool = pool("single", 2000, null);
    Input a = input("a");
    Input b = input("b");
    Input c = input("c");
    assertThat(pool.tryLeaseNow(a)).isNull(); // no container yet
    pool.lease(a);
    pool.lease(b);
    pool.lease(c);
    assertThat(pool.stats().starting()).isEqualTo(1); // maxContainers = 1
    ticker.advance(Duration.ofMillis(5));
    assertThat(starter.runAll()).isEqualTo(1);
    assertThat(events).containsExactly("a cold");
    pool.release(a, a.container);
    pool.release(b, b.container);
    assertThat(events).containsExactly("a cold", "b cold", "c cold");
    assertThat(pool.stats().inputsInFlight()).isEqualTo(1);
    assertThat(pool.stats().queuedInputs()).isZero();
  }

  @Test
  void anInputThatArrivesAfterTheContainerIsReadyIsWarm() {
    ContainerPool pool = pool("single", 2000, null);
    Input first = input("first");
    pool.lease(first);
    ticker.advance(Duration.ofMillis(5)); // the start takes a while
    starter.runAll();
    ticker.advance(Duration.ofMillis(1));
    Input second = input("second");
    pool.lease(second); // waits for first's slot, not for a start
    pool.release(first, first.container);
    assertThat(events).containsExactly("first cold", "second warm");
    assertThat(pool.stats().coldStartInputs()).isEqualTo(1);
  }

  @Test
  void anInputWaitsForAContainerWhoseAnswerIsOnItsWayRatherThanStartAnother() {
    ContainerPool pool = pool("plain", 2000, null);
    Input first = input("first");
    pool.lease(first);
    starter.runAll();
    first.answered = true; // its client has the response; its code is still returning
    Input second = input("second");
    pool.lease(second);
    assertThat(pool.stats().starting()).isZero();
    assertThat(pool.stats().queuedInputs()).isEqualTo(1);
    pool.release(first, first.container);
    assertThat(events).containsExactly("first warm", "second warm"); // the clock didn't move
    assertThat(pool.stats().live()).isEqualTo(1);
  }

  @Test
  void pastTheGraceABusyContainerIsBusyAndAnotherStarts() {
    ContainerPool pool = pool("plain", 2000, null);
    Input first = input("first");
    pool.lease(first);
    starter.runAll();
    first.answered = true; // a response that streams on
    pool.lease(input("second"));
    assertThat(pool.stats().starting()).isZero();
    ticker.advance(Duration.ofMillis(60));
    pool.tick();
    assertThat(pool.stats().starting()).isEqualTo(1);
    starter.runAll();
    assertThat(events).containsExactly("first warm", "second cold");
  }

  @Test
  void anInputStartsAnotherContainerAtOnceWhenTheBusyOneHasNotAnswered() {
    ContainerPool pool = pool("plain", 2000, null);
    pool.lease(input("first"));
    starter.runAll();
    pool.lease(input("second"));
    assertThat(pool.stats().starting()).isEqualTo(1);
  }

  @Test
  void containersFillToTargetInputsWhileMoreMayStart() {
    ContainerPool pool = pool("concurrent", 2000, null);
    pool.lease(input("a"));
    starter.runAll();
    assertThat(pool.tryLeaseNow(input("b"))).isNotNull(); // 2 of target 2
    assertThat(pool.tryLeaseNow(input("c"))).isNull(); // past the target: another container
    pool.lease(input("c"));
    assertThat(pool.stats().starting()).isEqualTo(1);
    starter.runAll();
    assertThat(pool.stats().live()).isEqualTo(2);
    assertThat(pool.stats().inputsInFlight()).isEqualTo(3);
  }

  @Test
  void atMaxContainersAContainerTakesUpToMaxInputs() {
    ContainerPool pool = pool("concurrentOne", 2000, null);
    pool.lease(input("a"));
    starter.runAll();
    for (String name : List.of("b", "c", "d")) {
      pool.lease(input(name)); // no second container may start: fill the first to 4
    }
    assertThat(pool.stats().inputsInFlight()).isEqualTo(4);
    pool.lease(input("e"));
    assertThat(pool.stats().queuedInputs()).isEqualTo(1);
    assertThat(pool.stats().live()).isEqualTo(1);
    assertThat(starter.tasks).isEmpty();
  }

  @Test
  void aFullQueueRefusesTheNextInput() {
    ContainerPool pool = pool("single", 2, null);
    pool.lease(input("a"));
    pool.lease(input("b"));
    pool.lease(input("c"));
    assertThat(events).containsExactly("c QUEUE_FULL");
  }

  @Test
  void aBufferContainerStartsOnTopOfTheBusyOnes() {
    ContainerPool pool = pool("buffered", 2000, null);
    pool.tick();
    starter.runAll();
    assertThat(pool.stats().live()).isEqualTo(1); // the buffer, idle
    Input a = input("a");
    assertThat(pool.tryLeaseNow(a)).isNotNull();
    assertThat(pool.stats().starting()).isEqualTo(1); // one busy: a new buffer at once
    starter.runAll();
    assertThat(pool.stats().live()).isEqualTo(2);
  }

  @Test
  void anIdleContainerStopsOnceTheScaledownWindowHasPassed() {
    ContainerPool pool = pool("Idle", 2000, null);
    Input a = input("a");
    pool.lease(a);
    starter.runAll();
    pool.release(a, a.container);
    ticker.advance(Duration.ofSeconds(9));
    pool.tick();
    assertThat(starter.runAll()).isZero();
    assertThat(pool.stats().live()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    pool.tick();
    assertThat(pool.stats().live()).isZero();
    assertThat(EXITS).isEmpty(); // the stop runs on the starter, off the autoscaler's round
    assertThat(starter.runAll()).isEqualTo(1);
    assertThat(EXITS).containsExactly("exit");
  }

  @Test
  void containerViewsAndEventsSayWhatEachContainerDidAndWhyItStopped() {
    ContainerPool pool = pool("Idle", 2000, null);
    Input a = input("a");
    pool.lease(a);
    String id = pool.containers().get(0).id();
    assertThat(pool.containers())
        .containsExactly(new ContainerPool.ContainerView(id, "starting", 0, 0));
    ticker.advance(Duration.ofMillis(5)); // ready after the input came: a cold start
    starter.runAll();
    assertThat(pool.containers())
        .containsExactly(new ContainerPool.ContainerView(id, "busy", 1, 1));
    pool.release(a, a.container);
    assertThat(pool.containers())
        .containsExactly(new ContainerPool.ContainerView(id, "idle", 0, 1));
    ticker.advance(Duration.ofSeconds(10));
    pool.tick();
    starter.runAll();
    assertThat(pool.containers()).isEmpty();
    assertThat(pool.events())
        .extracting(e -> e.containerId() + " " + e.kind() + " " + e.reason() + ": " + e.detail())
        .containsExactly(
            id + " started null: started in 0 ms",
            id + " stopped scaledown: idle for the scaledown window");
  }

  @Test
  void aRetiredContainerTakesNoMoreInputsAndStopsWhenItsLastInputEnds() {
    ContainerPool pool = pool("Idle", 2000, null);
    Input a = input("a");
    pool.lease(a);
    starter.runAll();
    pool.retire(a.container, "an input ran past the function's timeout");
    Input b = input("b");
    assertThat(pool.tryLeaseNow(b)).isNull();
    pool.lease(b); // a fresh container starts for it at once
    assertThat(pool.stats().starting()).isEqualTo(1);
    starter.runAll();
    assertThat(b.container).isNotSameAs(a.container);
    assertThat(EXITS).isEmpty();
    pool.release(a, a.container);
    starter.runAll();
    assertThat(EXITS).containsExactly("exit");
    assertThat(pool.stats().live()).isEqualTo(1);
  }

  @Test
  void aWarmStartThatFailsIsRetriedWithADoublingBackoff() {
    ContainerPool pool = pool("failing", 2000, null);
    pool.tick();
    starter.runAll();
    assertThat(FAILING_STARTS).hasValue(1);
    ticker.advance(Duration.ofMillis(999));
    pool.tick();
    assertThat(starter.runAll()).isZero(); // backing off for 1 s
    ticker.advance(Duration.ofMillis(1));
    pool.tick();
    starter.runAll();
    assertThat(FAILING_STARTS).hasValue(2);
    ticker.advance(Duration.ofMillis(1999));
    pool.tick();
    assertThat(starter.runAll()).isZero(); // 2 s now
    ticker.advance(Duration.ofMillis(1));
    pool.tick();
    starter.runAll();
    assertThat(FAILING_STARTS).hasValue(3);
    assertThat(pool.log().lines())
        .filteredOn(l -> l.contains("failed to start"))
        .hasSize(3)
        .allMatch(
            l ->
                l.contains(
                    "failed to start: @AsgiApp method [Apps.failing()] threw"
                        + " java.lang.IllegalStateException: no model file"));
  }

  @Test
  void anInputNeverWaitsForTheBackoffAndGetsTheStartsFailure() {
    ContainerPool pool = pool("failing", 2000, null);
    pool.tick();
    starter.runAll(); // the warm start failed: backing off
    Input a = input("a");
    pool.lease(a); // starts a container for it at once all the same
    assertThat(starter.runAll()).isEqualTo(1);
    assertThat(events).containsExactly("a START_FAILED");
    assertThat(FAILING_STARTS).hasValue(2);
  }

  @Test
  void theDeadlineCheckAsksEveryInputHoldingASlot() {
    ContainerPool pool = pool("concurrent", 2000, null);
    Input a = input("a");
    pool.lease(a);
    starter.runAll();
    Input b = input("b");
    assertThat(pool.tryLeaseNow(b)).isNotNull();
    pool.lease(input("queued"));
    pool.checkDeadlines(ticker.nanoTime() + TimeUnit.SECONDS.toNanos(1));
    assertThat(events).contains("a checked", "b checked").doesNotContain("queued checked");
  }

  @Test
  void stopRefusesWaitingInputsAndStopsEveryContainer() {
    ContainerPool pool = pool("Idle", 2000, null);
    Input a = input("a");
    pool.lease(a);
    starter.runAll();
    pool.lease(input("waiting")); // maxInputs 1: waits
    pool.stop();
    assertThat(events).contains("waiting STOPPED");
    assertThat(EXITS).containsExactly("exit");
    pool.lease(input("late"));
    assertThat(events).contains("late STOPPED");
  }
}
