package io.github.modalemulator.cli;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code container} command line as the exported image and process isolation write it, read
 * without picocli. A container's start-up is what its first request waits for, and picocli's
 * classes are Java 5 class files, which neither a class-data-sharing archive (JDK 17) nor an AOT
 * cache (JDK 24 and later) can hold: building its model of the commands costs a container a few
 * hundred milliseconds of class loading, verification and reflection before its first port opens.
 *
 * <p>Only the plain forms are read: {@code --cp}, {@code --bind}, {@code --bridge} and {@code
 * --parameter} with their value (next argument or after {@code =}), the flags {@code
 * --strict-web-server-bind} and {@code --stop-with-stdin}, and the positional {@code APP_CLASS
 * FUNCTION[=PORT]...}, in any order. Anything else (help, an option given twice, a value picocli
 * might read otherwise, an argument file) leaves the whole line to picocli, so every message stays
 * picocli's.
 */
final class ContainerLine {
  private ContainerLine() {}

  /** The command with its fields set as picocli sets them; null when picocli must read the line. */
  static ContainerCommand read(String[] args) {
    if (args.length < 3 || !args[0].equals("container")) {
      return null;
    }
    ContainerCommand command = new ContainerCommand();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.isEmpty() || arg.charAt(0) == '@') {
        return null; // picocli reads @FILE as an argument file
      }
      if (arg.charAt(0) != '-') {
        if (command.appClass == null) {
          command.appClass = arg;
        } else {
          command.functions.add(arg);
        }
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (name.equals("--stop-with-stdin") || name.equals("--strict-web-server-bind")) {
        if (equals >= 0) {
          return null;
        }
        if (name.equals("--stop-with-stdin")) {
          if (command.stopWithStdin) {
            return null;
          }
          command.stopWithStdin = true;
        } else {
          if (command.strictWebServerBind) {
            return null;
          }
          command.strictWebServerBind = true;
        }
        continue;
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return null;
      }
      if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@') {
        return null;
      }
      if (!set(command, name, value)) {
        return null;
      }
    }
    if (command.appClass == null || command.functions.isEmpty()) {
      return null;
    }
    if (command.bind == null) {
      command.bind = "0.0.0.0"; // the option's default
    }
    return command;
  }

  /** Sets an option with a value; false when picocli must read it. */
  private static boolean set(ContainerCommand command, String name, String value) {
    switch (name) {
      case "--cp" -> {
        if (command.classPath.classPath != null) {
          return false;
        }
        command.classPath.classPath = value;
      }
      case "--bind" -> {
        if (command.bind != null) {
          return false;
        }
        command.bind = value;
      }
      case "--bridge" -> {
        if (command.bridge != null) {
          return false;
        }
        try {
          command.bridge = new URI(value);
        } catch (URISyntaxException e) {
          return false;
        }
      }
      case "--parameter" -> {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals != value.lastIndexOf('=') || equals == value.length() - 1) {
          return false;
        }
        String key = value.substring(0, equals);
        if (command.parameters.containsKey(key)) {
          return false;
        }
        command.parameters.put(key, value.substring(equals + 1));
      }
      default -> {
        return false;
      }
    }
    return true;
  }
}
