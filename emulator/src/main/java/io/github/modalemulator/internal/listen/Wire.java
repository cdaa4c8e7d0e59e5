package io.github.modalemulator.internal.listen;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.StreamSinkConduit;

/** A watched connection as the watch's parts act on it: below Undertow, on the I/O thread. */
interface Wire {
  boolean isOpen();

  /** Closes the connection; nothing once it is closed. */
  void close();

  /** Writes {@code answer} straight to the socket, past Undertow's response, then closes. */
  void answerAndClose(byte[] answer);

  /**
   * @param rawSink the connection's sink below Undertow's: what Undertow writes doesn't interleave
   *     with an answer given here, which comes only while no request is served
   */
  static Wire of(StreamConnection connection, StreamSinkConduit rawSink) {
    return new Wire() {
      @Override
      public boolean isOpen() {
        return connection.isOpen();
      }

      @Override
      public void close() {
        IoUtils.safeClose(connection);
      }

      @Override
      public void answerAndClose(byte[] answer) {
        try {
          rawSink.write(ByteBuffer.wrap(answer));
          rawSink.flush();
        } catch (IOException gone) {
          // the client left: closing is all that is left to do
        }
        IoUtils.safeClose(connection);
      }
    };
  }
}
