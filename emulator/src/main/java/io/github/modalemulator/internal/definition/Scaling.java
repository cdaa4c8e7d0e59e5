package io.github.modalemulator.internal.definition;

import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Function;
import java.util.List;

/**
 * How a function's (or a class's) containers scale, from {@code @Function} or {@code @Cls} and
 * {@code @Concurrent}.
 *
 * @param timeout seconds one input may run
 * @param maxContainers 0 for no limit
 * @param scaledownWindow seconds an idle container lives
 * @param maxInputs inputs one container takes at once; {@link #NO_INPUT_LIMIT} for no limit
 * @param targetInputs inputs per container the autoscaler aims for (never 0 here)
 */
public record Scaling(
    int timeout,
    int minContainers,
    int maxContainers,
    int bufferContainers,
    int scaledownWindow,
    int maxInputs,
    int targetInputs) {

  /** A container that takes every input it is given: a web server, whose own server queues. */
  public static final int NO_INPUT_LIMIT = Integer.MAX_VALUE;

  /** The cloud's defaults: one input at a time, no limits, a 60 s window, 300 s per input. */
  public static final Scaling DEFAULT = new Scaling(300, 0, 0, 0, 60, 1, 1);

  static Scaling of(Function function, Concurrent concurrent) {
    return function == null
        ? with(DEFAULT, concurrent)
        : with(
            new Scaling(
                function.timeout(),
                function.minContainers(),
                function.maxContainers(),
                function.bufferContainers(),
                function.scaledownWindow(),
                1,
                1),
            concurrent);
  }

  static Scaling of(Cls cls, Concurrent concurrent) {
    return with(
        new Scaling(
            cls.timeout(),
            cls.minContainers(),
            cls.maxContainers(),
            cls.bufferContainers(),
            cls.scaledownWindow(),
            1,
            1),
        concurrent);
  }

  private static Scaling with(Scaling base, Concurrent concurrent) {
    if (concurrent == null) {
      return base;
    }
    int target =
        concurrent.targetInputs() == 0 ? concurrent.maxInputs() : concurrent.targetInputs();
    return new Scaling(
        base.timeout,
        base.minContainers,
        base.maxContainers,
        base.bufferContainers,
        base.scaledownWindow,
        concurrent.maxInputs(),
        target);
  }

  /**
   * A web_server runs one container here: its port is fixed, and two servers can't listen on one
   * port of one host (the cloud gives each replica a host of its own). Without {@code @Concurrent}
   * it takes every input, its own server queueing them; with it, inputs past {@code maxInputs} wait
   * in the pool's queue, as for every other kind.
   *
   * @param concurrent whether {@code @Concurrent} is on the method or its class
   */
  public Scaling forWebServer(boolean concurrent) {
    int inputs = concurrent ? maxInputs : NO_INPUT_LIMIT;
    int target = concurrent ? targetInputs : NO_INPUT_LIMIT;
    return new Scaling(timeout, Math.min(minContainers, 1), 1, 0, scaledownWindow, inputs, target);
  }

  /**
   * A server's replicas (SERVER, HTTP_SERVER): each takes every request it is given, its own server
   * queueing them; the edge starts replicas by its target ({@code WebSpec.ServerSpec}), not by a
   * queue.
   */
  public Scaling forServer() {
    return new Scaling(
        timeout,
        minContainers,
        maxContainers,
        bufferContainers,
        scaledownWindow,
        NO_INPUT_LIMIT,
        NO_INPUT_LIMIT);
  }

  /** A {@code @Server} class's settings (the cloud gives its inputs the default timeout). */
  static Scaling of(io.github.modalemulator.Server server) {
    return new Scaling(
            DEFAULT.timeout,
            server.minContainers(),
            server.maxContainers(),
            server.bufferContainers(),
            server.scaledownWindow(),
            1,
            1)
        .forServer();
  }

  /** The counts and window of a {@code @Server}, checked as a class's are. */
  static void checkServer(
      io.github.modalemulator.Server server, String where, List<String> problems) {
    checkCounts(
        "@Server",
        where,
        server.minContainers(),
        server.maxContainers(),
        server.bufferContainers(),
        server.scaledownWindow(),
        problems);
  }

  /**
   * What one container of the cloud runs: a single container, kept for the process's life, taking
   * up to {@code maxInputs} at once; the edge in front does the scaling.
   */
  public Scaling oneContainer() {
    return new Scaling(timeout, 1, 1, 0, scaledownWindow, maxInputs, maxInputs);
  }

  /** The cloud's checks, each broken one added to {@code problems}, naming {@code where}. */
  static void check(
      Function function, Cls cls, Concurrent concurrent, String where, List<String> problems) {
    String source = cls != null ? "@Cls" : "@Function";
    int timeout = cls != null ? cls.timeout() : function.timeout();
    int min = cls != null ? cls.minContainers() : function.minContainers();
    int max = cls != null ? cls.maxContainers() : function.maxContainers();
    int buffer = cls != null ? cls.bufferContainers() : function.bufferContainers();
    int window = cls != null ? cls.scaledownWindow() : function.scaledownWindow();
    if (timeout < 1 || timeout > 86_400) {
      problems.add(
          source + " on " + where + " has timeout = " + timeout + "; use 1 to 86400 seconds");
    }
    checkCounts(source, where, min, max, buffer, window, problems);
    if (concurrent != null) {
      if (concurrent.maxInputs() < 1 || concurrent.maxInputs() > 1000) {
        problems.add(
            "@Concurrent on "
                + where
                + " has maxInputs = "
                + concurrent.maxInputs()
                + "; use 1 to 1000");
      } else if (concurrent.targetInputs() < 0
          || concurrent.targetInputs() > concurrent.maxInputs()) {
        problems.add(
            "@Concurrent on "
                + where
                + " has targetInputs = "
                + concurrent.targetInputs()
                + "; use 1 to maxInputs ("
                + concurrent.maxInputs()
                + "), or leave it out to aim for maxInputs");
      }
    }
  }

  private static void checkCounts(
      String source,
      String where,
      int min,
      int max,
      int buffer,
      int window,
      List<String> problems) {
    if (min < 0 || max < 0 || buffer < 0) {
      problems.add(
          source
              + " on "
              + where
              + " has a negative container count; minContainers, maxContainers and"
              + " bufferContainers are 0 or more (maxContainers = 0: no limit)");
    } else if (max > 0 && min > max) {
      problems.add(
          source
              + " on "
              + where
              + " has minContainers = "
              + min
              + " above maxContainers = "
              + max
              + "; min_containers may not exceed max_containers");
    }
    if (window < 2 || window > 1200) {
      problems.add(
          source
              + " on "
              + where
              + " has scaledownWindow = "
              + window
              + "; use 2 to 1200 seconds (2 s to 20 min)");
    }
  }
}
