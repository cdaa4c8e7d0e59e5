package io.github.modalemulator.internal.serve;

import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Keeps XNIO from building the platform MBean server while the emulator's JVM starts.
 *
 * <p>XNIO registers its provider and each worker in the platform MBean server, and the first
 * registration builds that server: the JDK's MXBeans, JFR's among them, introspected and
 * registered, about 35 ms of a container's 240 ms start with its archive. Nobody reads those beans
 * here (the cloud has no XNIO to look at), and XNIO treats its registration as optional: when the
 * server can't be had, it goes on without it. So while XNIO starts, {@value #PROPERTY} names this
 * builder, which refuses a server to XNIO alone; every other caller gets the JDK's own. Once XNIO
 * has started, the property is cleared, and the user's code finds the platform MBean server as in
 * any JVM (without XNIO's beans in it).
 *
 * <p>Only for a JVM the emulator's command line owns, before any user code runs: a property the
 * user set (their own builder) is left alone, and so is a platform server that already exists (a
 * JMX agent started by {@code -Dcom.sun.management.jmxremote}).
 */
public final class XnioWithoutJmx extends MBeanServerBuilder {
  /** The JDK's property naming the builder of new MBean servers. */
  static final String PROPERTY = "javax.management.builder.initial";

  /** For the JDK, which makes its builder from this class's name. */
  public XnioWithoutJmx() {}

  /**
   * Names this builder until {@link #end}; false (and nothing done) when the user named one. Call
   * before XNIO first loads.
   */
  public static boolean begin() {
    if (System.getProperty(PROPERTY) != null) {
      return false;
    }
    System.setProperty(PROPERTY, XnioWithoutJmx.class.getName());
    return true;
  }

  /** Clears the property again: call once {@code Xnio.getInstance} has returned. */
  public static void end() {
    System.clearProperty(PROPERTY);
  }

  /**
   * The JDK asks a builder for the new server's delegate first: XNIO's request fails here, before
   * any MXBean is made.
   */
  @Override
  public MBeanServerDelegate newMBeanServerDelegate() {
    if (StackWalker.getInstance()
        .walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("org.xnio.")))) {
      throw new UnsupportedOperationException(
          "the emulator's XNIO runs without JMX (see " + XnioWithoutJmx.class.getName() + ")");
    }
    return super.newMBeanServerDelegate();
  }
}
