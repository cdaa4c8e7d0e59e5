package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One input's way through its container, attached to the exchange: who answers the client (the
 * function, the timeout, or the 303 flow), which thread runs the function, and the slot it holds.
 * Exactly one party answers: the first to move the phase away from {@code RUNNING}.
 */
public final class InputState {
  public static final AttachmentKey<InputState> KEY = AttachmentKey.create(InputState.class);

  /** Who has the client's answer. */
  public enum Phase {
    /** The function runs; no one has answered. */
    RUNNING,
    /** The function's own answer is going out. */
    ANSWERING,
    /** The function ran past its timeout: the emulator answered, the input is abandoned. */
    TIMED_OUT,
    /** The client got a 303; the function's answer goes to its {@link FunctionCall}. */
    DIVERTED
  }

  /** What a function that has its result may do with it. */
  public enum Claim {
    ANSWER,
    DIVERT,
    ABANDON
  }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
  private final AtomicInteger holds;
  private final AtomicBoolean timeoutAnswered = new AtomicBoolean();
  private final Consumer<InputState> release;
  private boolean invoking; // guarded by this
  private boolean overdue; // guarded by this
  private Runnable onOverdue; // guarded by this
  private boolean runnerHeld; // guarded by this
  private volatile Thread runner;
  private volatile FunctionCall call;
  // Deadlines, checked by the autoscaler's rounds (a timer per request would cost every request).
  final HttpServerExchange exchange;
  final ContainerPool.Lease lease;
  final long timeoutAt;
  final long limitAt;
  boolean timeoutSeen; // only the autoscaler's thread reads and writes these two
  boolean limitSeen;

  /**
   * @param release frees the input's slot in its container, once the exchange has ended
   * @param timeoutAt when the function's timeout passes ({@link System#nanoTime()})
   * @param limitAt when the gateway's limit passes
   */
  InputState(
      HttpServerExchange exchange,
      ContainerPool.Lease lease,
      Consumer<InputState> release,
      long timeoutAt,
      long limitAt) {
    this.exchange = exchange;
    this.lease = lease;
    this.release = release;
    this.timeoutAt = timeoutAt;
    this.limitAt = limitAt;
    this.holds = new AtomicInteger(1);
  }

  /**
   * An abandoned input's code still runs: the slot stays taken (so its container is not stopped
   * under it) until that code returns too. True when the hold was taken; false when the slot was
   * freed already.
   */
  synchronized void markRunnerHeld(boolean held) {
    runnerHeld = held;
  }

  synchronized boolean runnerHeld() {
    return runnerHeld;
  }

  boolean holdForRunner() {
    return holds.getAndUpdate(h -> h > 0 ? h + 1 : h) > 0;
  }

  /**
   * For a function that has its result (or failure): answer the client, write it to the call the
   * client was redirected to, or drop it (the timeout answered). Without a state: answer.
   */
  public static Claim claim(HttpServerExchange exchange) {
    InputState state = exchange.getAttachment(KEY);
    if (state == null || state.phase.compareAndSet(Phase.RUNNING, Phase.ANSWERING)) {
      return Claim.ANSWER;
    }
    return switch (state.phase.get()) {
      case ANSWERING, RUNNING -> Claim.ANSWER; // claimed before, by the same runner
      case DIVERTED -> Claim.DIVERT;
      case TIMED_OUT -> Claim.ABANDON;
    };
  }

  /**
   * The function's own code starts now (its request is read and bound): from here on, passing the
   * gateway's limit diverts the input, and if the limit has passed already, it does so at once.
   */
  public static void invoking(HttpServerExchange exchange) {
    InputState state = exchange.getAttachment(KEY);
    if (state == null) {
      return;
    }
    Runnable divert;
    synchronized (state) {
      state.invoking = true;
      divert = state.overdue ? state.onOverdue : null;
    }
    if (divert != null) {
      divert.run();
    }
  }

  /** Called at the gateway's limit: true when the input may be diverted now, else remembered. */
  synchronized boolean overdue(Runnable divert) {
    if (invoking) {
      return true;
    }
    overdue = true;
    onOverdue = divert;
    return false;
  }

  /** The call a diverted input's result goes to. */
  public static FunctionCall divertedCall(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY).call;
  }

  /** True for the one party that sends the timeout's answer. */
  boolean claimTimeoutAnswer() {
    return timeoutAnswered.compareAndSet(false, true);
  }

  Phase phase() {
    return phase.get();
  }

  boolean move(Phase from, Phase to) {
    return phase.compareAndSet(from, to);
  }

  void divertTo(FunctionCall call) {
    this.call = call;
  }

  FunctionCall call() {
    return call;
  }

  void runner(Thread thread) {
    this.runner = thread;
  }

  Thread runner() {
    return runner;
  }

  /** One holder lets go (the exchange's end, or abandoned code returning); the last frees it. */
  void release() {
    if (holds.decrementAndGet() == 0) {
      release.accept(this);
    }
  }
}
