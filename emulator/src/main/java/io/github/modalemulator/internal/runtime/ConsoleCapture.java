package io.github.modalemulator.internal.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * What a function prints, in its log, as the cloud's logs show a container's stdout and stderr.
 * {@code System.out} and {@code System.err} are wrapped once per JVM: every byte still goes where
 * it went, and the lines that a thread writes while it runs a function's code (a request, its
 * container's {@code @Enter} and {@code @Exit}) are also kept in that function's log. Threads that
 * the function starts itself, and child processes, are not attributed.
 */
public final class ConsoleCapture {
  /** A longer line is kept cut, with a mark; the rest still goes to the console. */
  static final int MAX_LINE_BYTES = 8 * 1024;

  // One object a thread: the function it prints for and its unfinished line, so that a request's
  // attribution costs one thread-local read and two field writes.
  private static final ThreadLocal<Line> LINES = ThreadLocal.withInitial(Line::new);
  private static boolean installed; // guarded by ConsoleCapture.class

  private ConsoleCapture() {}

  /** Wraps {@code System.out} and {@code System.err}, once. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    System.setOut(tee(System.out, "stdout", encoding("sun.stdout.encoding")));
    System.setErr(tee(System.err, "stderr", encoding("sun.stderr.encoding")));
  }

  /**
   * Attributes what this thread prints to {@code log} (null: to no function), and returns the log
   * it replaces, to give back in a {@code finally}. A line left unfinished goes to the log it was
   * printed for.
   */
  static FunctionLog attribute(FunctionLog log) {
    Line line = LINES.get();
    FunctionLog previous = line.attributed;
    if (previous != log) {
      if (previous != null) {
        line.flush(previous);
      }
      line.attributed = log;
    }
    return previous;
  }

  /** The console stream's own encoding, as the JDK 17 chose it, so text is written as before. */
  private static Charset encoding(String property) {
    String name = System.getProperty(property);
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException unknown) {
      return Charset.defaultCharset();
    }
  }

  private static PrintStream tee(PrintStream console, String stream, Charset charset) {
    OutputStream both =
        new OutputStream() {
          @Override
          public void write(int b) {
            console.write(b);
            Line line = LINES.get();
            if (line.attributed != null) {
              line.add(stream, charset, new byte[] {(byte) b}, 0, 1);
            }
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            console.write(bytes, offset, length);
            Line line = LINES.get();
            if (line.attributed != null) {
              line.add(stream, charset, bytes, offset, length);
            }
          }

          @Override
          public void flush() {
            console.flush();
          }
        };
    return new PrintStream(both, true, charset);
  }

  /** One thread's attribution and unfinished line. */
  private static final class Line {
    FunctionLog attributed; // null: the thread runs no function's code
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private String stream = "stdout";
    private Charset charset = Charset.defaultCharset();
    private long cut; // bytes of the line past MAX_LINE_BYTES

    void add(String stream, Charset charset, byte[] written, int offset, int length) {
      FunctionLog log = attributed;
      if (!stream.equals(this.stream)) {
        flush(log);
        this.stream = stream;
      }
      this.charset = charset;
      int from = offset;
      for (int i = offset; i < offset + length; i++) {
        if (written[i] == '\n') {
          append(written, from, i - from);
          end(log);
          from = i + 1;
        }
      }
      append(written, from, offset + length - from);
    }

    private void append(byte[] written, int from, int length) {
      int room = Math.max(0, MAX_LINE_BYTES - bytes.size());
      bytes.write(written, from, Math.min(room, length));
      cut += Math.max(0, length - room);
    }

    void flush(FunctionLog log) {
      if (bytes.size() > 0 || cut > 0) {
        end(log);
      }
    }

    private void end(FunctionLog log) {
      String text = bytes.toString(charset);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      log.printed(cut == 0 ? text : text + " [" + cut + " more bytes]");
      bytes.reset();
      cut = 0;
    }
  }
}
