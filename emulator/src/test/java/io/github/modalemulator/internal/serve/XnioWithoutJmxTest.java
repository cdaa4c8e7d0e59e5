package io.github.modalemulator.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.AbstractList;
import java.util.List;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;
import org.xnio.Sequence;

/**
 * The builder refuses a server to XNIO's code alone, XNIO's holder is settled without one, and the
 * property is the emulator's only for that moment, and only while nobody else named a builder. (The
 * jar's own start is checked end to end in the e2e suite.)
 */
class XnioWithoutJmxTest {

  @Test
  void anyoneButXnioGetsTheJdksDelegate() {
    MBeanServerDelegate delegate = new XnioWithoutJmx().newMBeanServerDelegate();

    assertThat(delegate.getImplementationVendor())
        .isEqualTo(new MBeanServerDelegate().getImplementationVendor());
  }

  @Test
  void xniosRequestIsRefused() {
    XnioWithoutJmx builder = new XnioWithoutJmx();
    // Any XNIO frame on the stack will do: Sequence.of asks the collection for its array.
    List<Object> askedFromXnio =
        new AbstractList<>() {
          @Override
          public Object[] toArray() {
            return new Object[] {builder.newMBeanServerDelegate()};
          }

          @Override
          public Object get(int index) {
            throw new IndexOutOfBoundsException(index);
          }

          @Override
          public int size() {
            return 1;
          }
        };

    assertThatThrownBy(() -> Sequence.of(askedFromXnio))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("without JMX");
  }

  @Test
  void thePropertyNamesTheBuilderUntilTheEnd() {
    assertThat(System.getProperty(XnioWithoutJmx.PROPERTY)).isNull();
    try {
      assertThat(XnioWithoutJmx.begin()).isTrue();
      assertThat(System.getProperty(XnioWithoutJmx.PROPERTY))
          .isEqualTo(XnioWithoutJmx.class.getName());
    } finally {
      XnioWithoutJmx.end();
    }
    assertThat(System.getProperty(XnioWithoutJmx.PROPERTY)).isNull();
  }

  @Test
  void xniosHolderIsSettledWithoutAServer() throws Exception {
    // A copy of XNIO's holder of its own, so that this JVM's XNIO keeps its holder as it is.
    URL xnio = Sequence.class.getProtectionDomain().getCodeSource().getLocation();
    boolean serverBefore = !MBeanServerFactory.findMBeanServer(null).isEmpty();
    try (URLClassLoader copy = new URLClassLoader(new URL[] {xnio}, null)) {
      // Without a platform server yet, the holder gets none (and none is built); with one, the
      // holder takes that one.
      assertThat(XnioWithoutJmx.settle(copy)).isEqualTo(!serverBefore);
    }
    assertThat(System.getProperty(XnioWithoutJmx.PROPERTY)).isNull();
    assertThat(MBeanServerFactory.findMBeanServer(null).isEmpty()).isEqualTo(!serverBefore);
  }

  @Test
  void withoutXniosHolderNothingIsRefused() throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(XnioWithoutJmx.settle(empty)).isFalse();
    }
    assertThat(System.getProperty(XnioWithoutJmx.PROPERTY)).isNull();
  }

  @Test
  void theEndLeavesAnotherBuilderAlone() {
    System.setProperty(XnioWithoutJmx.PROPERTY, "com.example.TheirBuilder");
    try {
      XnioWithoutJmx.end();
      assertThat(System.getProperty(XnioWithoutJmx.PROPERTY)).isEqualTo("com.example.TheirBuilder");
    } finally {
      System.clearProperty(XnioWithoutJmx.PROPERTY);
    }
  }

  @Test
  void aBuilderTheUserNamedStands() {
    System.setProperty(XnioWithoutJmx.PROPERTY, "com.example.TheirBuilder");
    try {
      assertThat(XnioWithoutJmx.begin()).isFalse();
      assertThat(System.getProperty(XnioWithoutJmx.PROPERTY)).isEqualTo("com.example.TheirBuilder");
    } finally {
      System.clearProperty(XnioWithoutJmx.PROPERTY);
    }
  }
}
