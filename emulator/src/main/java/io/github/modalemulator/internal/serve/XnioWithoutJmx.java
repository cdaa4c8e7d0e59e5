package io.github.modalemulator.internal.serve;

import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Keeps XNIO from building the platform MBean server while the emulator's JVM starts.
 *
 * <p>XNIO registers its provider and each worker in the platform MBean server, which its holder
 * class {@code Xnio$MBeanHolder} asks for as it initialises, and asking builds that server: the
 * JDK's MXBeans, JFR's among them, introspected and registered, about 40 ms of a container's start
 * with its archive. Nobody reads those beans here (the cloud has no XNIO to look at), and XNIO
 * treats its registration as optional: when its holder failed, it goes on without it. So, first
 * thing in the jar's {@code main}, before any other thread or any user code runs, {@link #settle}
 * names this builder in {@value #PROPERTY}, initialises XNIO's holder (whose request this builder
 * refuses), and clears the property again. The user's code then finds the platform MBean server as
 * in any JVM, without XNIO's beans in it.
 *
 * <p>A property the user set (their own builder) is left alone, and so is a platform server that
 * already exists (a JMX agent started by {@code -Dcom.sun.management.jmxremote}): XNIO's holder
 * then takes that one. If XNIO's holder is not found (another XNIO release), nothing is refused.
 */
public final class XnioWithoutJmx extends MBeanServerBuilder {
  /** The JDK's property naming the builder of new MBean servers. */
  static final String PROPERTY = "javax.management.builder.initial";

  /** XNIO's holder of the platform MBean server, initialised on the first registration. */
  static final String XNIO_HOLDER = "org.xnio.Xnio$MBeanHolder";

  /** For the JDK, which makes its builder from this class's name. */
  public XnioWithoutJmx() {}

  /**
   * Initialises XNIO's holder of the platform MBean server (from {@code xnio}, XNIO's loader) with
   * this builder refusing it; true when the holder now holds none. Call before XNIO first loads, on
   * a thread whose context loader sees this class, before other threads call JMX.
   */
  public static boolean settle(ClassLoader xnio) {
    if (!begin()) {
      return false;
    }
    try {
      Class.forName(XNIO_HOLDER, true, xnio);
      return false; // a platform server existed already: the holder took it
    } catch (ExceptionInInitializerError | NoClassDefFoundError refused) {
      return true;
    } catch (ClassNotFoundException otherXnio) {
      return false;
    } finally {
      end();
    }
  }

  /** Names this builder until {@link #end}; false (and nothing done) when the user named one. */
  static boolean begin() {
    if (System.getProperty(PROPERTY) != null) {
      return false;
    }
    System.setProperty(PROPERTY, XnioWithoutJmx.class.getName());
    return true;
  }

  /** Clears the property, if it still names this builder. */
  static void end() {
    if (XnioWithoutJmx.class.getName().equals(System.getProperty(PROPERTY))) {
      System.clearProperty(PROPERTY);
    }
  }

  /**
   * The JDK asks a builder for the new server's delegate first: XNIO's request fails here, before
   * any MXBean is made. Any other caller gets the JDK's own.
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
