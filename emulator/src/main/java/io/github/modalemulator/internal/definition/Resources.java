package io.github.modalemulator.internal.definition;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Function;
import io.github.modalemulator.VolumeMount;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a function's (or a class's) containers ask of the cloud and get from it: GPUs, CPU, memory,
 * disk, placement, secrets, volumes, environment, JVM options and Debian packages, from its
 * {@code @Function} or {@code @Cls} over its {@code @App}'s defaults. Pure; {@link #check} gives
 * the cloud client's refusals in its words.
 *
 * @param gpu the cloud's GPU strings, fallbacks in order; empty for none
 * @param cpu cores requested, 0 for the cloud's default
 * @param cpuLimit a hard limit in cores, 0 for none
 * @param memory MiB requested, 0 for the cloud's default
 * @param memoryLimit a hard limit in MiB, 0 for none
 * @param ephemeralDisk MiB, 0 for the cloud's default
 * @param region regions, empty for anywhere
 * @param cloud the provider, empty for the cloud's choice
 * @param secrets secret names, in order, each once
 * @param volumes volume names by mount path (as the client normalises it), in order
 * @param env environment variables by name, in order
 * @param jvmOptions the JVM's options, in order
 * @param aptPackages Debian packages, in order, each once
 */
public record Resources(
    List<String> gpu,
    double cpu,
    double cpuLimit,
    int memory,
    int memoryLimit,
    int ephemeralDisk,
    List<String> region,
    String cloud,
    List<String> secrets,
    Map<String, String> volumes,
    Map<String, String> env,
    List<String> jvmOptions,
    List<String> aptPackages) {

  /** Nothing asked: the cloud's defaults. */
  public static final Resources NONE =
      new Resources(
          List.of(), 0, 0, 0, 0, 0, List.of(), "", List.of(), Map.of(), Map.of(), List.of(),
          List.of());

  // The client's object names (name_utils.is_valid_object_name).
  private static final Pattern OBJECT_NAME = Pattern.compile("^[a-zA-Z0-9-_.]+$");
  private static final Pattern APP_ID = Pattern.compile("^ap-[a-zA-Z0-9]{22}$");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern APT_PACKAGE = Pattern.compile("^[a-z0-9][a-z0-9+.:=~-]*$");

  public Resources {
    gpu = List.copyOf(gpu);
    region = List.copyOf(region);
    secrets = List.copyOf(secrets);
    volumes = Collections.unmodifiableMap(new LinkedHashMap<>(volumes));
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    jvmOptions = List.copyOf(jvmOptions);
    aptPackages = List.copyOf(aptPackages);
  }

  /** The app's defaults alone: what its {@code @App} says. */
  public static Resources of(App app) {
    if (app == null) {
      return NONE;
    }
    return new Resources(
        List.of(app.gpu()),
        app.cpu(),
        app.cpuLimit(),
        app.memory(),
        app.memoryLimit(),
        app.ephemeralDisk(),
        List.of(app.region()),
        app.cloud(),
        List.of(app.secrets()),
        volumes(app.volumes()),
        env(app.env()),
        List.of(app.jvmOptions()),
        List.of(app.aptPackages()));
  }

  /** A function's: its {@code @Function} (null: none) over the app's. */
  public static Resources of(App app, Function function) {
    Resources defaults = of(app);
    if (function == null) {
      return defaults;
    }
    return defaults.with(
        new Resources(
            List.of(function.gpu()),
            function.cpu(),
            function.cpuLimit(),
            function.memory(),
            function.memoryLimit(),
            function.ephemeralDisk(),
            List.of(function.region()),
            function.cloud(),
            List.of(function.secrets()),
            volumes(function.volumes()),
            env(function.env()),
            List.of(function.jvmOptions()),
            List.of(function.aptPackages())));
  }

  /** A class's: its {@code @Cls} (null: none) over the app's. */
  public static Resources of(App app, Cls cls) {
    Resources defaults = of(app);
    if (cls == null) {
      return defaults;
    }
    return defaults.with(
        new Resources(
            List.of(cls.gpu()),
            cls.cpu(),
            cls.cpuLimit(),
            cls.memory(),
            cls.memoryLimit(),
            cls.ephemeralDisk(),
            List.of(cls.region()),
            cls.cloud(),
            List.of(cls.secrets()),
            volumes(cls.volumes()),
            env(cls.env()),
            List.of(cls.jvmOptions()),
            List.of(cls.aptPackages())));
  }

  /** A server's: its {@code @Server} over the app's. */
  public static Resources of(App app, io.github.modalemulator.Server server) {
    return of(app)
        .with(
            new Resources(
                List.of(server.gpu()),
                server.cpu(),
                0,
                server.memory(),
                0,
                0,
                List.of(server.computeRegion()),
                "",
                List.of(server.secrets()),
                volumes(server.volumes()),
                env(server.env()),
                List.of(server.jvmOptions()),
                List.of()));
  }

  /** Whether anything differs from the cloud's defaults. */
  public boolean any() {
    return !equals(NONE);
  }

  /** {@code own} over these defaults: a value it sets wins; lists and maps add its entries. */
  Resources with(Resources own) {
    Map<String, String> mounts = new LinkedHashMap<>(volumes);
    mounts.putAll(own.volumes);
    Map<String, String> variables = new LinkedHashMap<>(env);
    variables.putAll(own.env);
    return new Resources(
        own.gpu.isEmpty() ? gpu : own.gpu,
        own.cpu != 0 || own.cpuLimit != 0 ? own.cpu : cpu,
        own.cpu != 0 || own.cpuLimit != 0 ? own.cpuLimit : cpuLimit,
        own.memory != 0 || own.memoryLimit != 0 ? own.memory : memory,
        own.memory != 0 || own.memoryLimit != 0 ? own.memoryLimit : memoryLimit,
        own.ephemeralDisk != 0 ? own.ephemeralDisk : ephemeralDisk,
        own.region.isEmpty() ? region : own.region,
        own.cloud.isEmpty() ? cloud : own.cloud,
        union(secrets, own.secrets),
        mounts,
        variables,
        concat(jvmOptions, own.jvmOptions),
        union(aptPackages, own.aptPackages));
  }

  /**
   * The cloud client's refusals (its words where it has them), each added to {@code problems}
   * naming {@code where} ({@code "@Function on [Shop.order()]"}).
   */
  public void check(String where, List<String> problems) {
    for (String entry : gpu) {
      int colon = entry.indexOf(':');
      if (colon >= 0) {
        String count = entry.substring(colon + 1);
        if (!count.matches("[+-]?[0-9]+")) {
          problems.add(where + ": Invalid GPU count: " + count + ". Value must be an integer.");
        }
      }
      if (entry.isBlank() || colon == 0) {
        problems.add(where + ": gpu \"" + entry + "\" names no GPU type; use \"A100\", \"H100:2\"");
      }
    }
    if (cpu < 0 || cpuLimit < 0 || memory < 0 || memoryLimit < 0 || ephemeralDisk < 0) {
      problems.add(
          where
              + ": cpu, cpuLimit, memory, memoryLimit and ephemeralDisk are 0 (the cloud's"
              + " default) or more");
    }
    if (cpuLimit > 0) {
      // the client's (request, limit) form, compared in thousandths of a core as it does
      int milliCpu = (int) (1000 * cpu);
      int milliCpuMax = (int) (1000 * cpuLimit);
      if (cpu == 0) {
        problems.add(where + ": CPU request must be a positive number");
      } else if (milliCpuMax < milliCpu) {
        problems.add(
            where
                + ": Cannot specify a CPU limit lower than request: "
                + milliCpuMax
                + " < "
                + milliCpu);
      }
    }
    if (memoryLimit > 0 && memoryLimit < memory) {
      problems.add(
          where
              + ": Cannot specify a memory limit lower than request: "
              + memoryLimit
              + " < "
              + memory);
    }
    for (String secret : secrets) {
      checkObjectName(secret, "Secret", where, problems);
    }
    Map<String, List<String>> pathsByVolume = new LinkedHashMap<>();
    volumes.forEach(
        (path, name) -> {
          checkObjectName(name, "Volume", where, problems);
          checkMountPath(path, where, problems);
          pathsByVolume.computeIfAbsent(name, n -> new ArrayList<>()).add(path);
        });
    pathsByVolume.values().stream()
        .filter(paths -> paths.size() > 1)
        .forEach(
            paths ->
                problems.add(
                    where
                        + ": The same Volume cannot be mounted in multiple locations for the same"
                        + " function: "
                        + String.join(", ", paths)));
    env.keySet().stream()
        .filter(name -> !ENV_NAME.matcher(name).matches())
        .forEach(
            name ->
                problems.add(
                    where
                        + ": env entry \""
                        + name
                        + "=...\" has no valid variable name; write NAME=value (letters, digits"
                        + " and _, not starting with a digit)"));
    aptPackages.stream()
        .filter(name -> !APT_PACKAGE.matcher(name).matches())
        .forEach(
            name ->
                problems.add(
                    where
                        + ": aptPackages entry \""
                        + name
                        + "\" is not a Debian package name (lower-case letters, digits and"
                        + " + - . : = ~)"));
    jvmOptions.stream()
        .filter(option -> !option.startsWith("-") || option.isBlank())
        .forEach(
            option ->
                problems.add(
                    where
                        + ": jvmOptions entry \""
                        + option
                        + "\" is not a JVM option; each starts with - (\"-Xmx2g\")"));
  }

  /** Each {@code NAME=value} of {@code env}; a malformed entry keeps its text as the name. */
  private static Map<String, String> env(String[] entries) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : entries) {
      int equals = entry.indexOf('=');
      if (equals < 0) {
        env.put(entry, "");
      } else {
        env.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
    }
    return env;
  }

  private static Map<String, String> volumes(VolumeMount[] mounts) {
    Map<String, String> volumes = new LinkedHashMap<>();
    for (VolumeMount mount : mounts) {
      volumes.put(purePath(mount.path()), mount.name());
    }
    return volumes;
  }

  private static void checkObjectName(
      String name, String objectType, String where, List<String> problems) {
    if (name.length() > 64
        || !OBJECT_NAME.matcher(name).matches()
        || APP_ID.matcher(name).matches()) {
      problems.add(
          where
              + ": Invalid "
              + objectType
              + " name: '"
              + name
              + "'. Names may contain only alphanumeric characters, dashes, periods, and"
              + " underscores, must be shorter than 64 characters, and cannot conflict with App ID"
              + " strings.");
    }
  }

  /**
   * A mount path as the client's {@code PurePath(path).as_posix()} writes it: no doubled or
   * trailing slash, no {@code .} segment ({@code ..} stays).
   */
  private static String purePath(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    String joined = String.join("/", segments);
    return path.startsWith("/") ? "/" + joined : joined.isEmpty() ? "." : joined;
  }

  /**
   * The client's mount-point rules (mount_utils.validate_mount_points): a pure path that is not its
   * own {@code abspath} (relative, or with {@code ..}) is refused, as are {@code /}, {@code /root}
   * and {@code /tmp}.
   */
  private static void checkMountPath(String path, String where, List<String> problems) {
    Deque<String> resolved = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        resolved.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        resolved.addLast(segment);
      }
    }
    String absolute = "/" + String.join("/", resolved);
    if (!path.equals(absolute)) {
      problems.add(where + ": Volume " + path + " must be a canonical, absolute path.");
    } else if (path.equals("/")) {
      problems.add(where + ": Volume " + path + " cannot be mounted into root directory.");
    } else if (path.equals("/root")) {
      problems.add(where + ": Volume " + path + " cannot be mounted at '/root'.");
    } else if (path.equals("/tmp")) {
      problems.add(where + ": Volume " + path + " cannot be mounted at '/tmp'.");
    }
  }

  private static List<String> union(List<String> first, List<String> then) {
    LinkedHashSet<String> all = new LinkedHashSet<>(first);
    all.addAll(then);
    return List.copyOf(all);
  }

  private static List<String> concat(List<String> first, List<String> then) {
    List<String> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }
}
