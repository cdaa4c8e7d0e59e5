package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The serving part of a {@code @WebServer} function: runs it on a thread of its own, waits for its
 * port to accept connections (polling every 10 ms, as the cloud does), then forwards every request
 * there with Undertow's reverse proxy, less the fields the edge owns ({@link EdgeOwnedHeaders}).
 * Processes the function started, and what it returned if that is {@link AutoCloseable}, are
 * stopped with the container.
 */
final class WebServerPart implements ServingPart {
  private static final long POLL_MILLIS = 10;

  /** Connections to the backend, per I/O thread of the emulator. */
  private static final int CONNECTIONS_PER_IO_THREAD = 32;

  /** Requests that may wait for a free connection to the backend, per I/O thread. */
  private static final int QUEUED_REQUESTS = 4096;

  private final FunctionDefinition function;
  private final FunctionLog log;
  private final int port;
  private final URI backend;
  private final LoadBalancingProxyClient client;
  private final HttpHandler proxy;
  private final ServerRunner runner;
  private final List<ProcessHandle> processes;
  private volatile boolean failed;

  private WebServerPart(
      FunctionDefinition function,
      FunctionLog log,
      int port,
      ServerRunner runner,
      List<ProcessHandle> processes) {
    this.function = function;
    this.log = log;
    this.port = port;
    this.runner = runner;
    this.processes = processes;
    this.backend = URI.create("http://127.0.0.1:" + port);
    this.client = proxyClient(backend);
    ProxyHandler forward = proxyHandler(client);
    this.proxy =
        exchange -> {
          // Before the 503 goes out, so a client that retries at once meets the fresh container.
          exchange.addResponseCommitListener(
              committed -> {
                if (committed.getStatusCode() == 503 && !failed && !accepting(port)) {
                  failed = true; // the server is gone: the next request starts a fresh container
                  log.warn(
                      "the server of "
                          + function.name()
                          + " stopped accepting connections on port "
                          + port
                          + "; its container is done");
                }
              });
          EdgeOwnedHeaders.remove(exchange.getRequestHeaders());
          forward.handleRequest(exchange);
        };
  }

  /** The pooled connections to one backend. */
  private static LoadBalancingProxyClient proxyClient(URI backend) {
    return new LoadBalancingProxyClient()
        .addHost(backend)
        .setConnectionsPerThread(CONNECTIONS_PER_IO_THREAD)
        // Keep them all open once made: above the soft maximum (5 by default), a connection
        // going back to the pool is closed, and loaded clients pay a connect per request.
        .setSoftMaxConnectionsPerThread(CONNECTIONS_PER_IO_THREAD)
        // Requests beyond the pool wait for a connection instead of failing with a 503.
        .setMaxQueueSize(QUEUED_REQUESTS);
  }

  private static ProxyHandler proxyHandler(LoadBalancingProxyClient client) {
    return ProxyHandler.builder()
        .setProxyClient(client)
        .setMaxRequestTime(-1) // the cloud sets no total timeout
        .setRewriteHostHeader(false)
        .setReuseXForwarded(false)
        .setNext(ResponseCodeHandler.HANDLE_404)
        .build();
  }

  /**
   * Forwards requests as they are to a server on this machine: a child container JVM's port. Its
   * connections close when the server does.
   */
  static HttpHandler forwarder(URI backend) {
    return proxyHandler(proxyClient(backend));
  }

  /**
   * @param strictBind a server that accepts connections only on loopback fails the container, as it
   *     would in the cloud; otherwise the function's log warns of it once
   */
  static WebServerPart start(
      FunctionDefinition function, Object instance, FunctionLog log, boolean strictBind)
      throws Exception {
    int port = function.web().port();
    if (accepting(port)) {
      throw new IllegalStateException(
          "port "
              + port
              + " already accepts connections before "
              + function.where()
              + " ran: another process is listening there, and the emulator won't forward to a"
              + " stranger; stop it or use another port");
    }
    ProcessClaim claim = ProcessClaim.begin(); // waits while another start's function runs
    long bindAddressCalls = ExecutionContext.bindAddressCalls();
    ServerRunner runner;
    try {
      runner = ServerRunner.start(function, instance, claim, log);
    } catch (RuntimeException | Error e) {
      claim.end();
      throw e;
    }
    double timeout = function.web().startupTimeout();
    long deadline = System.nanoTime() + (long) (timeout * TimeUnit.SECONDS.toNanos(1));
    boolean accepted = false;
    try {
      while (!accepting(port)) {
        Throwable failure = runner.thrown();
        if (failure != null) {
          throw failure instanceof Exception e ? e : new IllegalStateException(failure);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "@WebServer "
                  + function.where()
                  + ": port "
                  + port
                  + " accepted no connection within startupTimeout = "
                  + timeout
                  + " s, so the container failed and what the function started is stopped; make"
                  + " sure the server listens on port "
                  + port
                  + " on 0.0.0.0 (not only localhost or 127.0.0.1; the emulator connects to"
                  + " 127.0.0.1:"
                  + port
                  + "), or allow longer with @WebServer(startupTimeout = ...) (seconds)");
        }
        Thread.sleep(POLL_MILLIS);
      }
      if (ExecutionContext.bindAddressCalls() == bindAddressCalls) {
        checkReachable(function, port, log, strictBind);
      }
      accepted = true;
    } finally {
      if (!accepted) {
        // Failed, timed out or interrupted (the emulator stops): what it started is stopped, and
        // the claim ends, or every later start in this JVM would wait for it.
        runner.abandon();
        ProcessTrees.stop(claim.end());
      }
    }
    List<ProcessHandle> processes = claim.end();
    logProcesses(function, log, processes);
    return new WebServerPart(function, log, port, runner, processes);
  }

  /**
   * The part of a server replica ({@code @Server}, {@code @HttpServer}) whose enter hooks have run:
   * waits until its port accepts connections, within the server's {@code startupTimeout}.
   *
   * @param processes what its enter hooks started, stopped with the replica
   * @param askedBindAddress whether its code asked {@link ExecutionContext#bindAddress()}, and so
   *     binds every interface in the cloud
   */
  static WebServerPart attach(
      FunctionDefinition function,
      int port,
      FunctionLog log,
      boolean strictBind,
      List<ProcessHandle> processes,
      boolean askedBindAddress)
      throws Exception {
    double timeout = function.web().startupTimeout();
    long deadline = System.nanoTime() + (long) (timeout * TimeUnit.SECONDS.toNanos(1));
    while (!accepting(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            function.web().kind().javaName()
                + " class "
                + function.cls().name()
                + ": port "
                + port
                + " accepted no connection within startupTimeout = "
                + (int) timeout
                + " s after its @Enter methods ran, so the replica failed and what they started"
                + " is stopped; make sure the server listens on ExecutionContext.port() ("
                + port
                + " for this replica; "
                + function.web().port()
                + " in the cloud) on ExecutionContext.bindAddress(), or allow longer with"
                + " startupTimeout (seconds)");
      }
      Thread.sleep(POLL_MILLIS);
    }
    if (!askedBindAddress) {
      checkReachable(function, port, log, strictBind);
    }
    logProcesses(function, log, processes);
    return new WebServerPart(function, log, port, null, processes);
  }

  private static void logProcesses(
      FunctionDefinition function, FunctionLog log, List<ProcessHandle> processes) {
    if (!processes.isEmpty()) {
      log.info(
          "processes started by "
              + function.name()
              + ": "
              + processes.stream()
                  .map(p -> String.valueOf(p.pid()))
                  .collect(Collectors.joining(", ")));
    }
  }

  /**
   * The cloud's edge connects to a web server from outside its container, so one that listens only
   * on loopback never starts there. A server whose code asked {@link
   * ExecutionContext#bindAddress()} is not checked: it binds every interface in the cloud.
   */
  private static void checkReachable(
      FunctionDefinition function, int port, FunctionLog log, boolean strict) {
    List<InetAddress> addresses = ListeningAddresses.of(port).orElse(List.of());
    if (!ListeningAddresses.loopbackOnly(addresses)) {
      return;
    }
    String problem =
        function.web().kind().javaName()
            + " "
            + function.where()
            + ": the server on port "
            + port
            + " accepts connections only on loopback ("
            + addresses.stream()
                .map(InetAddress::getHostAddress)
                .distinct()
                .collect(Collectors.joining(", "))
            + "); in the cloud the edge connects from outside the container and the port would"
            + " never start accepting connections. Make sure the web server is bound to 0.0.0.0"
            + " (rather than localhost or 127.0.0.1): bind ExecutionContext.bindAddress(), which"
            + " is 127.0.0.1 here and 0.0.0.0 in the cloud";
    if (strict) {
      throw new IllegalStateException(
          problem + " (the container fails, as strictWebServerBind asks)");
    }
    log.warnOnce(problem);
  }

  static boolean accepting(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  @Override
  public HttpHandler handler() {
    return proxy;
  }

  @Override
  public boolean nonBlocking() {
    return true; // Undertow's proxy handler is asynchronous throughout
  }

  @Override
  public boolean failed() {
    return failed;
  }

  @Override
  public void stop() {
    try {
      client.removeHost(backend); // closes pooled connections to the server
    } catch (RuntimeException closing) {
      log.warn("closing the connections to port " + port + " failed: " + closing);
    }
    if (runner != null) {
      runner.abandon();
    }
    ProcessTrees.stop(processes);
  }
}
