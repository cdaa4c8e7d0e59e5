package io.github.modalemulator.maven;

import java.io.File;
import java.util.Set;

/**
 * A JVM that goes on after the serve goal, as Maven's does: runs the goal on the classes folder
 * {@code args[0]}, says when it has returned, then waits. Run by {@link ServeMojoIT}.
 */
public final class ServeThenWait {
  static final String RETURNED = "serve returned";

  private ServeThenWait() {}

  public static void main(String[] args) throws Exception {
    ServeMojo mojo = new ServeMojo();
    mojo.classesDirectory = new File(args[0]);
    mojo.artifacts = Set.of();
    mojo.port = 0;
    mojo.bind = "127.0.0.1";
    mojo.execute();
    System.out.println(RETURNED);
    System.out.flush();
    Thread.sleep(60_000);
    // Still here: the signal that should have ended this JVM was taken by serve's stale handler.
    System.exit(3);
  }
}
