package io.github.modalemulator.cli;

import picocli.CommandLine.Option;

/** {@code --cp}, as every command that loads app classes takes it. */
final class ClassPathOption {
  @Option(
      names = "--cp",
      paramLabel = "PATH",
      description =
          "Where the app classes are: directories and jars, separated by '${sys:path.separator}'.")
  String classPath;

  /** The classes named, or found on {@code --cp}, loaded from there. */
  AppClasses apps() {
    return new AppClasses(classPath);
  }
}
