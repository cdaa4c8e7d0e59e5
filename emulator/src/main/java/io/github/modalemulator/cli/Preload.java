package io.github.modalemulator.cli;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.internal.serve.XnioWithoutJmx;
import io.undertow.Undertow;
import org.xnio.Xnio;

/**
 * Start-up work that doesn't depend on the command line, begun on threads of its own as the JVM
 * starts, as Spring Boot's background pre-initializer does: loading Jackson with its date modules,
 * and XNIO and Undertow, take a few hundred milliseconds that the main thread spends meanwhile on
 * parsing the command line and reading the apps. Nothing here is kept: the classes are loaded once
 * the threads end, which is the point. XNIO starts without the platform MBean server it would
 * otherwise build ({@link XnioWithoutJmx}).
 */
final class Preload {
  private Preload() {}

  static void inBackground() {
    XnioWithoutJmx.settle(Xnio.class.getClassLoader());
    // The builder makes its default mapper on a thread of its own as its class initialises.
    Emulator.builder();
    start("modal-preload-server", Preload::server);
  }

  private static void server() {
    Xnio.getInstance(Undertow.class.getClassLoader());
    Undertow.builder();
  }

  private static void start(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.setPriority(Thread.NORM_PRIORITY);
    thread.start();
  }
}
