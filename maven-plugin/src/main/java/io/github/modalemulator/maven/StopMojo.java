package io.github.modalemulator.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Stops the emulator that {@code start} started for this project. */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractMojo {
  /** Skips the goal. */
  @Parameter(property = "modal.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() {
    if (skip) {
      getLog().info("Skipping: modal.skip is set");
      return;
    }
    Object running = getPluginContext().remove(StartMojo.CONTEXT_KEY);
    if (running == null) {
      getLog().info("No emulator was started for this project");
      return;
    }
    ((StartMojo.Running) running).close();
    getLog().info("Stopped the emulator");
  }
}
