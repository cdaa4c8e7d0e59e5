package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.http.MissingRequest;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.AttachmentKey;
import io.undertow.util.ConduitFactory;
import org.xnio.XnioExecutor;
import org.xnio.conduits.StreamSinkConduit;

/**
 * One input's way through its function, attached to the exchange: its slot in a container, who
 * answers the client (the function, the timeout, or the 303 flow), which thread runs the function,
 * and its deadlines. Exactly one party answers: the first to move the phase away from {@code
 * RUNNING}. Every change goes through one of the event methods below, under this object's lock.
 */
public final class InputState
    implements PoolInput, ExchangeCompletionListener, ConduitWrapper<StreamSinkConduit> {
  static final AttachmentKey<InputState> KEY = AttachmentKey.create(InputState.class);

  /**
   * The journal's record of the request, told when the edge answers a 303 below the exchange (where
   * no commit listener of the exchange's runs).
   */
  public static final AttachmentKey<ResponseCommitListener> JOURNAL =
      AttachmentKey.create(ResponseCommitListener.class);

  /** Who has the client's answer. */
  enum Phase {
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

  /** What the timeout found: who had the answer, and whether the function's thread still ran. */
  record Timeout(Phase before, boolean runnerInterrupted) {}

  final FunctionRuntime runtime;
  final HttpServerExchange exchange;
  private final long arrivedAt;
  final long limitAt;
  // Only the autoscaler's thread reads and writes these two.
  boolean timeoutSeen;
  boolean limitSeen;

  private Container container; // guarded by this; set once, when it is served
  private boolean coldStart; // guarded by this
  private long timeoutAt; // guarded by this
  private boolean served; // guarded by this
  private Phase phase = Phase.RUNNING; // guarded by this
  private int holds = 1; // guarded by this: the exchange, and abandoned code still running
  private boolean timeoutAnswered; // guarded by this
  private boolean invoking; // guarded by this
  private Runnable onOverdue; // guarded by this: the 303 waiting for the function's code to start
  private Thread runner; // guarded by this
  private boolean runnerHeld; // guarded by this
  private FunctionCall call; // guarded by this
  private boolean exchangeDone; // guarded by this: the exchange's hold was let go
  private boolean answerHandedOver; // guarded by this: the I/O thread writes the whole answer
  // guarded by this: the app writes its own response, and the edge holds it (see wrap)
  private boolean capturing;
  private boolean responseBegun; // guarded by this: the app took its response channel
  private int edgeStatus; // guarded by this: what the edge answered below the exchange, or 0
  private XnioExecutor.Key firstMessageCheck; // guarded by this
  private volatile boolean bodyStarted; // the app read bytes of the request's body (or its end)
  private volatile boolean bodyMissed; // its client got the 408: the app's reads fail

  /**
   * @param limitAt when the gateway's limit passes, on the runtime's ticker
   */
  InputState(FunctionRuntime runtime, HttpServerExchange exchange, long arrivedAt, long limitAt) {
    this.runtime = runtime;
    this.exchange = exchange;
    this.arrivedAt = arrivedAt;
    this.limitAt = limitAt;
  }

  static InputState of(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY);
  }

  // ---- what the endpoint kinds call ----

  /**
   * For a function that has its result (or failure): answer the client, write it to the call the
   * client was redirected to, or drop it (the timeout answered). Without a state: answer.
   */
  public static Claim claim(HttpServerExchange exchange) {
    InputState state = of(exchange);
    return state == null ? Claim.ANSWER : state.claim();
  }

  /**
   * The function has returned and its whole answer goes to the connection's I/O thread to write: no
   * timeout applies to the input any more. The input, for {@link #answerUnderway()}; null without
   * one.
   */
  public static InputState answerHandedOver(HttpServerExchange exchange) {
    InputState state = of(exchange);
    if (state != null) {
      synchronized (state) {
        state.answerHandedOver = true;
      }
    }
    return state;
  }

  /**
   * The I/O thread has begun writing a handed-over answer: the input ends now if the writing did
   * not end the exchange already, as it ends when a worker's writing returns, not once the client
   * has read the last byte.
   */
  public void answerUnderway() {
    exchangeDone();
  }

  /**
   * The function's own code starts now (its request is read and bound): from here on, passing the
   * gateway's limit diverts the input, and if the limit has passed already, it does so at once.
   */
  public static void invoking(HttpServerExchange exchange) {
    InputState state = of(exchange);
    if (state == null) {
      return;
    }
    Runnable divert;
    synchronized (state) {
      state.invoking = true;
      divert = state.onOverdue;
    }
    if (divert != null) {
      divert.run();
    }
  }

  /** The call a diverted input's result goes to. */
  public static FunctionCall divertedCall(HttpServerExchange exchange) {
    InputState state = of(exchange);
    synchronized (state) {
      return state.call;
    }
  }

  // ---- events ----

  synchronized Claim claim() {
    return switch (phase) {
      case RUNNING -> {
        phase = Phase.ANSWERING;
        yield Claim.ANSWER;
      }
      case ANSWERING -> Claim.ANSWER; // claimed before, by the same runner
      case DIVERTED -> Claim.DIVERT;
      case TIMED_OUT -> Claim.ABANDON;
    };
  }

  /**
   * The timeout or the 303 answered the client: what the function does next is not sent. An app
   * whose response is captured for its call is not abandoned: what it answers, failures included,
   * goes to the call.
   */
  synchronized boolean abandoned() {
    return phase == Phase.TIMED_OUT || (phase == Phase.DIVERTED && !capturing);
  }

  synchronized boolean timedOut() {
    return phase == Phase.TIMED_OUT;
  }

  /**
   * The input is served now, by {@code container}, until {@code timeoutAt}.
   *
   * @param thread the worker thread that runs the function's code, or null when the handler runs on
   *     the I/O thread (it then hands its work on, and its threads are not the emulator's)
   */
  synchronized void served(Container by, boolean cold, long timeoutAt, Thread thread) {
    this.container = by;
    this.coldStart = cold;
    this.timeoutAt = timeoutAt;
    this.served = true;
    this.runner = thread;
  }

  /** Whether the function's timeout has passed by {@code now}; false before it is served. */
  synchronized boolean pastTimeout(long now) {
    return served && now - timeoutAt >= 0;
  }

  synchronized Container container() {
    return container;
  }

  synchronized boolean runnerRunning() {
    return runner != null;
  }

  /**
   * The function's code returned. True when the timeout had taken a hold for it: the caller lets it
   * go with {@link #release()}, and its container may stop.
   */
  synchronized boolean runnerEnded() {
    runner = null;
    boolean held = runnerHeld;
    runnerHeld = false;
    return held;
  }

  /**
   * The function's timeout passed: the input is abandoned unless it ended or timed out already
   * (null then). A thread still running the code keeps the slot held until it returns; {@link
   * #interruptRunner()} asks it to give up.
   */
  synchronized Timeout timeout() {
    if (phase == Phase.TIMED_OUT
        || ((exchange.isComplete() || exchangeDone || answerHandedOver) && runner == null)) {
      return null; // its function returned: the answer, if any, is on its way
    }
    Phase before = phase;
    phase = Phase.TIMED_OUT;
    boolean running = runner != null;
    if (running && holds > 0) {
      holds++;
      runnerHeld = true;
    }
    return new Timeout(before, running);
  }

  /**
   * Interrupts the thread that runs the function's code, if it still runs this input's: called once
   * the container is retired, so that the code's answer never comes before that.
   */
  synchronized void interruptRunner() {
    if (runner != null) {
      runner.interrupt();
    }
  }

  /** True for the one party that sends the timeout's answer. */
  synchronized boolean claimTimeoutAnswer() {
    if (timeoutAnswered) {
      return false;
    }
    timeoutAnswered = true;
    return true;
  }

  /**
   * The gateway's limit passed. True when the input may be diverted now; otherwise (its code has
   * not started: the request is still being read or bound) {@code divert} runs when it starts.
   */
  synchronized boolean overdue(Runnable divert) {
    if (invoking) {
      return true;
    }
    onOverdue = divert;
    return false;
  }

  synchronized boolean running() {
    return phase == Phase.RUNNING;
  }

  /**
   * The client gets a 303 now, unless someone answered first (or the app took its response channel:
   * its headers are on their way): true when this input is diverted.
   */
  synchronized boolean divertTo(FunctionCall divertedTo) {
    if (phase != Phase.RUNNING || responseBegun) {
      return false;
    }
    call = divertedTo;
    phase = Phase.DIVERTED;
    if (capturing) {
      edgeStatus = 303;
    }
    return true;
  }

  /** The check of the request's first message, cancelled when the exchange ends. */
  synchronized void firstMessageCheck(XnioExecutor.Key check) {
    firstMessageCheck = check;
  }

  void bodyStarted() {
    bodyStarted = true;
  }

  boolean bodyHasStarted() {
    return bodyStarted;
  }

  boolean bodyMissed() {
    return bodyMissed;
  }

  /**
   * The request's body didn't start in time: true when its client gets the cloud's 408 now, as no
   * one answered (and the app took no response channel).
   */
  synchronized boolean missingRequest() {
    if (phase != Phase.RUNNING || responseBegun || call != null) {
      return false;
    }
    responseBegun = true; // no 303 after it
    edgeStatus = MissingRequest.STATUS;
    bodyMissed = true;
    return true;
  }

  /**
   * The app writes its response itself, through the exchange: the edge holds it from now on, so
   * that past the gateway's limit, if the app has not taken its response channel, its client gets
   * the 303 and the response goes to the call. Called before the app runs, with this as the
   * exchange's outermost response wrapper.
   */
  synchronized void capture() {
    capturing = true;
  }

  synchronized boolean capturing() {
    return capturing;
  }

  /**
   * The app takes its response channel (its status and headers are fixed now): the connection's,
   * or, once its client had the 303, one that keeps the response for the call.
   */
  @Override
  public StreamSinkConduit wrap(
      ConduitFactory<StreamSinkConduit> factory, HttpServerExchange taking) {
    FunctionCall divertedTo;
    synchronized (this) {
      divertedTo = call;
      if (divertedTo == null) {
        responseBegun = true;
      }
    }
    return divertedTo == null
        ? factory.create()
        : new CapturedResponse(taking, divertedTo, runtime.log());
  }

  /** The status the client got: the edge's, when it answered below the exchange. */
  public static int statusSent(HttpServerExchange exchange) {
    InputState state = of(exchange);
    if (state != null) {
      synchronized (state) {
        if (state.edgeStatus != 0) {
          return state.edgeStatus;
        }
      }
    }
    return exchange.getStatusCode();
  }

  synchronized FunctionCall call() {
    return call;
  }

  /** One holder lets go (the exchange's end, or abandoned code returning); the last frees it. */
  void release() {
    Container from;
    synchronized (this) {
      if (--holds != 0) {
        return;
      }
      from = container;
    }
    runtime.pool().release(this, from);
  }

  /**
   * The exchange is done with its slot: when the function returned with its response complete (as
   * in the cloud, where an input ends when the function returns), or else when the exchange ends.
   * Whichever comes first lets the exchange's hold go; the other does nothing. So a client that
   * sends its next request as soon as it has an answer finds the container free.
   */
  void exchangeDone() {
    synchronized (this) {
      if (exchangeDone) {
        return;
      }
      exchangeDone = true;
      if (firstMessageCheck != null) {
        firstMessageCheck.remove();
        firstMessageCheck = null;
      }
    }
    release();
  }

  @Override
  public void exchangeEvent(HttpServerExchange done, NextListener next) {
    try {
      if (done.isUpgrade()) {
        // A WebSocket holds its input, and its container, for as long as its connection lives,
        // as a cloud container's input lasts as long as its WebSocket.
        done.getConnection().addCloseListener(closed -> exchangeDone());
      } else {
        exchangeDone();
      }
    } finally {
      next.proceed();
    }
  }

  // ---- the pool's side ----

  @Override
  public boolean answered() {
    return exchange.isResponseStarted();
  }

  @Override
  public long arrivedAt() {
    return arrivedAt;
  }

  @Override
  public void leased(Container leased, boolean cold) {
    runtime.leased(this, leased, cold);
  }

  @Override
  public void refused(ContainerPool.Refusal refusal) {
    runtime.refused(this, refusal);
  }

  @Override
  public void checkDeadlines(long now) {
    runtime.deadlines().check(this, now);
  }

  /** The container that serves it, for the journal; null when none did. */
  public static String containerId(HttpServerExchange exchange) {
    InputState state = of(exchange);
    if (state == null) {
      return null;
    }
    synchronized (state) {
      return state.container == null ? null : state.container.id;
    }
  }

  /** Whether it waited for its container to start, for the journal. */
  public static boolean coldStart(HttpServerExchange exchange) {
    InputState state = of(exchange);
    if (state == null) {
      return false;
    }
    synchronized (state) {
      return state.coldStart;
    }
  }
}
