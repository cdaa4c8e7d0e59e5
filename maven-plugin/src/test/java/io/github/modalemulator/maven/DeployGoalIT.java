package io.github.modalemulator.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code mvn compile modal-emulator:deploy} on the {@code serve-reload} sample
 * ({@code @App("reload")}), with a stand-in for Modal's {@code modal} command: a shell script that
 * records its working folder and arguments and ends with the status it was written with. Real
 * Maven, as {@link ServeGoalIT} runs it; each test in a folder of its own under {@code
 * target/deploy-goal}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DeployGoalIT {
  private SampleBuild build;
  private Path log;

  @Test
  void deploysTheExportedAppFileWithTheModalCommandOnThePath(TestInfo test) throws Exception {
    prepare(test);
    Path bin = standIn("bin", 0);
    Map<String, String> path =
        Map.of("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));

    int status =
        maven(
            path,
            "compile",
            "modal-emulator:deploy",
            "-Dmodal.environment=staging",
            "-Dmodal.deployTag=v1");

    Path export = build.project().resolve("target/modal_export");
    assertThat(status).as(this::log).isZero();
    assertThat(export.resolve("reload.py")).as(this::log).isRegularFile();
    assertThat(export.resolve("lib/emulator.jar")).as(this::log).isRegularFile();
    assertThat(Files.readAllLines(bin.resolve("calls.txt")))
        .as(this::log)
        .containsExactly(export.toRealPath() + " | deploy reload.py --env staging --tag v1");
    assertThat(SampleBuild.read(log))
        .as(this::log)
        .contains(
            "[INFO] Running " + bin.resolve("modal") + " deploy reload.py --env staging --tag v1",
            "[INFO] stand-in modal: deployed reload.py",
            "BUILD SUCCESS");
  }

  @Test
  void failsNamingTheFileAndStatusWhenModalDeployFails(TestInfo test) throws Exception {
    prepare(test);
    // A virtual environment's, named relative to the project.
    Path modal = standIn("project/.venv/bin", 3).resolve("modal");

    int status =
        maven(Map.of(), "compile", "modal-emulator:deploy", "-Dmodal.command=.venv/bin/modal");

    Path export = build.project().resolve("target/modal_export");
    assertThat(status).as(this::log).isNotZero();
    assertThat(export.resolve("reload.py")).as(this::log).isRegularFile();
    assertThat(Files.readAllLines(modal.resolveSibling("calls.txt")))
        .as(this::log)
        .containsExactly(export.toRealPath() + " | deploy reload.py");
    assertThat(SampleBuild.read(log))
        .as(this::log)
        .contains(
            "[INFO] Running " + modal + " deploy reload.py in " + export,
            "[INFO] stand-in modal: deployed reload.py",
            ": modal deploy reload.py (in "
                + export
                + ") ended with status 3; its output is above -> [Help 1]");
  }

  @Test
  void failsBeforeExportingWhenTheModalCommandIsMissing(TestInfo test) throws Exception {
    prepare(test);

    int status =
        maven(Map.of(), "compile", "modal-emulator:deploy", "-Dmodal.command=modal-not-installed");

    assertThat(status).as(this::log).isNotZero();
    assertThat(SampleBuild.read(log))
        .as(this::log)
        .contains(
            ": The command 'modal-not-installed' (modal.command) is not on the PATH: install"
                + " Modal's client with 'pip install modal' (it brings the modal command) and"
                + " authenticate it once with 'modal setup'; or set modal.command to where it is,"
                + " such as a virtual environment's .venv/bin/modal -> [Help 1]");
    assertThat(build.project().resolve("target/modal_export")).as(this::log).doesNotExist();

    status = maven(Map.of(), "modal-emulator:deploy", "-Dmodal.command=.venv/bin/modal");

    assertThat(status).as(this::log).isNotZero();
    assertThat(SampleBuild.read(log))
        .as(this::log)
        .contains(
            ": modal.command names "
                + build.project().resolve(".venv/bin/modal")
                + ", which is no executable file: install Modal's client with 'pip install modal'"
                + " (it brings the modal command) and authenticate it once with 'modal setup';"
                + " then set modal.command to the path of that modal command, or leave it unset"
                + " to use the one on the PATH -> [Help 1]");
    assertThat(build.project().resolve("target/modal_export")).as(this::log).doesNotExist();
  }

  private void prepare(TestInfo test) throws Exception {
    build =
        new SampleBuild(
            Path.of(SampleBuild.property("it.workDirectory"))
                .resolveSibling("deploy-goal")
                .resolve(test.getTestMethod().orElseThrow().getName()));
    log = build.work().resolve("deploy.log");
    build.prepare(Path.of(SampleBuild.property("it.sample")));
  }

  /**
   * A stand-in {@code modal} in {@code folder} of the work folder: it appends {@code "<working
   * folder> | <arguments>"} to {@code calls.txt} beside it, prints a line, and ends with {@code
   * status}.
   *
   * @return the folder
   */
  private Path standIn(String folder, int status) throws Exception {
    Path bin = Files.createDirectories(build.work().resolve(folder));
    Path modal = bin.resolve("modal");
    Files.writeString(
        modal,
        "#!/bin/sh\n"
            + "echo \"$(pwd -P) | $*\" >> '"
            + bin.resolve("calls.txt")
            + "'\n"
            + "echo \"stand-in modal: ${1}ed $2\"\n"
            + "exit "
            + status
            + "\n");
    Files.setPosixFilePermissions(modal, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private int maven(Map<String, String> environment, String... goals) throws Exception {
    Process maven = build.maven(environment, log, goals);
    try {
      assertThat(maven.waitFor(180, TimeUnit.SECONDS))
          .as(() -> "mvn " + String.join(" ", goals) + " ended within 180 s; " + log())
          .isTrue();
      return maven.exitValue();
    } finally {
      SampleBuild.destroy(maven);
    }
  }

  private String log() {
    return "deploy.log:\n" + SampleBuild.tail(log);
  }
}
