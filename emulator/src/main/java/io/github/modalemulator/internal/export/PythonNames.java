package io.github.modalemulator.internal.export;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.AppDefinition;
import io.github.modalemulator.internal.definition.ClsSpec;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Labels;
import io.github.modalemulator.internal.definition.ParameterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python identifier of every function, class and method an app's file declares. A Java name
 * becomes its Python twin ({@code apiHandler -> api_handler}); when Python can't take that twin as
 * it is, it is renamed, the same way every time:
 *
 * <ul>
 *   <li>a character Python identifiers don't have here ({@code $}, anything not ASCII) becomes
 *       {@code _};
 *   <li>a keyword ({@code lambda}, {@code None}...), a name the file itself defines ({@link
 *       #MODULE_RESERVED}, {@link #CLASS_RESERVED}) or one already taken gets {@code _} appended
 *       until it is free.
 * </ul>
 *
 * A renamed function keeps its cloud name with {@code @app.function(name=...)}, so its default
 * label stays the emulator's; a renamed class or method can't (the client has no such setting for
 * them), so where its default label would differ, {@link #pinnedLabel} pins the emulator's. Names
 * starting with two underscores are refused: Python gives them meaning (special names, mangling in
 * a class body). Pure: computes names, writes nothing.
 */
public final class PythonNames {
  /**
   * Python's keywords (3.12, {@code keyword.kwlist}). The soft keywords ({@code match}, {@code
   * case}, {@code type}, {@code _}) are left alone: they are valid names for a function, a class or
   * a method.
   */
  static final Set<String> KEYWORDS =
      Set.of(
          "False",
          "None",
          "True",
          "and",
          "as",
          "assert",
          "async",
          "await",
          "break",
          "class",
          "continue",
          "def",
          "del",
          "elif",
          "else",
          "except",
          "finally",
          "for",
          "from",
          "global",
          "if",
          "import",
          "in",
          "is",
          "lambda",
          "nonlocal",
          "not",
          "or",
          "pass",
          "raise",
          "return",
          "try",
          "while",
          "with",
          "yield");

  /** What the file defines at module level: {@code app} is where {@code modal deploy} looks. */
  public static final Set<String> MODULE_RESERVED =
      Set.of(
          "app",
          "modal",
          "_http_client",
          "_http_server",
          "_json",
          "_subprocess",
          "_threading",
          "_time",
          "_traceback",
          "_Path",
          "_LIB",
          "_IMAGE",
          "_JAVA",
          "_CONTAINER",
          "_APP_NAME",
          "_CLOUD_NAMES",
          "_STARTED",
          "_LOCK",
          "_JVM_START",
          "_JavaError",
          "_bridge",
          "_jvm",
          "_lines",
          "_result",
          "_items",
          "_callee",
          "_answers",
          "_error",
          "_parameters",
          "_Bridge");

  /**
   * What a class body holds besides the user's methods: its hooks, the JVM's attribute, and {@code
   * modal}, which its decorators read from the class body's scope first.
   */
  public static final Set<String> CLASS_RESERVED =
      Set.of("modal", PythonApp.START_HOOK, PythonApp.STOP_HOOK, PythonApp.JVM_ATTRIBUTE);

  private final String appName;
  private final Map<FunctionDefinition, String> functions = new LinkedHashMap<>();
  private final Map<ClsSpec, String> classes = new LinkedHashMap<>();
  private final Map<FunctionDefinition, String> methods = new LinkedHashMap<>();

  private PythonNames(String appName) {
    this.appName = appName;
  }

  /**
   * The names of an app's file.
   *
   * @throws InvalidError listing every name that can't be exported, with its fix
   */
  public static PythonNames of(AppDefinition app) {
    PythonNames names = new PythonNames(app.name());
    List<String> problems = new ArrayList<>();
    Set<String> module = new HashSet<>(MODULE_RESERVED);
    Map<ClsSpec, List<FunctionDefinition>> byClass = new LinkedHashMap<>();
    for (FunctionDefinition function : app.functions()) {
      if (function.cls() == null) {
        String twin = Labels.snakeCase(function.name());
        names.functions.put(function, free(twin, module, problems, "function " + function.where()));
      } else {
        byClass.computeIfAbsent(function.cls(), c -> new ArrayList<>()).add(function);
      }
    }
    byClass.forEach(
        (cls, members) -> {
          Class<?> outer = cls.type().getEnclosingClass();
          String where =
              "@Cls class ["
                  + (outer == null ? "" : outer.getSimpleName() + ".")
                  + cls.name()
                  + "]";
          names.classes.put(cls, free(cls.name(), module, problems, where));
          Set<String> body = new HashSet<>(CLASS_RESERVED);
          for (FunctionDefinition method : members) {
            String twin = Labels.snakeCase(method.method().getName());
            names.methods.put(method, free(twin, body, problems, "method " + method.where()));
          }
          for (FunctionDefinition method : members) {
            names.checkPinnable(method, problems);
          }
          for (ParameterSpec parameter : cls.parameters()) {
            checkParameter(parameter, cls, body, problems);
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidError(problems);
    }
    return names;
  }

  /** The Python identifier of a static function. */
  public String function(FunctionDefinition function) {
    return functions.get(function);
  }

  /**
   * The function's name in the cloud when its identifier is not its Python twin, for {@code name=};
   * null when it is.
   */
  public String cloudName(FunctionDefinition function) {
    String twin = Labels.snakeCase(function.name());
    return twin.equals(functions.get(function)) ? null : twin;
  }

  /** The Python identifier of a {@code @Cls} class. */
  public String cls(ClsSpec cls) {
    return classes.get(cls);
  }

  /** The Python identifier of a web method of a class. */
  public String method(FunctionDefinition method) {
    return methods.get(method);
  }

  /**
   * The label to write for a method whose default label the renaming would change: the emulator's;
   * null when the cloud's default is already the emulator's, or the user gave one.
   */
  public String pinnedLabel(FunctionDefinition method) {
    if (method.cls() == null || method.web() == null || !method.web().label().isEmpty()) {
      return null;
    }
    String cloudDefault =
        Labels.normalise(appName + "-" + classes.get(method.cls()) + "-" + methods.get(method));
    return cloudDefault.equals(method.label()) ? null : method.label();
  }

  private void checkPinnable(FunctionDefinition method, List<String> problems) {
    String pinned = pinnedLabel(method);
    if (pinned != null && !Labels.isValidUserLabel(pinned)) {
      problems.add(
          "method "
              + method.where()
              + " exports as "
              + classes.get(method.cls())
              + "."
              + methods.get(method)
              + ", whose default label in the cloud would not be the emulator's \""
              + pinned
              + "\", and that label can't be written as a label (it must match "
              + Labels.USER_LABEL.pattern()
              + "): give the method a label, or rename the class or method to a valid Python"
              + " name");
    }
  }

  /**
   * A {@code @Parameter} field becomes a {@code modal.parameter} of its own name, the name Java
   * callers give in {@code withParameters}: it must be a Python name as it is, and free in the
   * class body.
   */
  private static void checkParameter(
      ParameterSpec parameter, ClsSpec cls, Set<String> body, List<String> problems) {
    String name = parameter.name();
    String why =
        !identifier(name).equals(name) || Character.isDigit(name.charAt(0))
            ? "which is no Python name"
            : KEYWORDS.contains(name)
                ? "which is a Python keyword"
                : name.startsWith("__")
                    ? "and Python gives names starting with two underscores a meaning of their own"
                    : body.contains(name) ? "which the class body already uses" : null;
    if (why != null) {
      problems.add(
          "@Parameter field ["
              + cls.name()
              + "."
              + name
              + "] exports as modal.parameter "
              + name
              + ", "
              + why
              + ": rename the field");
    }
    body.add(name);
  }

  /**
   * The identifier of a name: its characters made Python's, then {@code _} appended until it is no
   * keyword and not taken; added to {@code taken}.
   */
  private static String free(String name, Set<String> taken, List<String> problems, String where) {
    String identifier = identifier(name);
    if (identifier.startsWith("__")) {
      problems.add(
          where
              + " exports as the Python name "
              + identifier
              + ", and Python gives names starting with two underscores a meaning of their own"
              + " (special names, mangled in a class body): rename it");
      return identifier;
    }
    while (KEYWORDS.contains(identifier) || taken.contains(identifier)) {
      identifier += "_";
    }
    taken.add(identifier);
    return identifier;
  }

  /**
   * Every character that is not an ASCII letter, digit or underscore as {@code _}: Java allows
   * {@code $} and any Unicode letter; Python allows no {@code $}, and folds Unicode names (NFKC),
   * which could make two names one.
   */
  static String identifier(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            c ->
                out.append(
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                        ? (char) c
                        : '_'));
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }
}
