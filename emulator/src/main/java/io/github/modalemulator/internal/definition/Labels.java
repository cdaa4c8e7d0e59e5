package io.github.modalemulator.internal.definition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The cloud's rules for web labels and host names, as pure functions. */
public final class Labels {
  /** The cloud's rule for a label the user gives; such labels are never normalised. */
  public static final Pattern USER_LABEL =
      Pattern.compile("^(?![0-9]+$)(?!-)[a-z0-9-]{1,63}(?<!-)$");

  /** What a DNS label may be; workspace and environment names must fit it too. */
  private static final Pattern DNS_LABEL = Pattern.compile("^(?!-)[a-z0-9-]{1,63}(?<!-)$");

  private static final Pattern APP_NAME = Pattern.compile("^[a-zA-Z0-9._-]{1,64}$");

  private static final int MAX_HOST_LABEL = 63;
  private static final int CUT_LENGTH = 56;
  private static final int HASH_LENGTH = 6;
  static final String SERVE_SUFFIX = "-dev";

  /**
   * What {@code dev_suffix} (config) or {@code MODAL_DEV_SUFFIX} may be: modal-client's {@code
   * py/modal/config.py}, {@code _enforce_suffix_rules}. Empty keeps {@code dev}.
   */
  private static final Pattern DEV_SUFFIX = Pattern.compile("^[a-zA-Z0-9]{1,8}$");

  private Labels() {}

  /**
   * The name a Java method has in its Python twin: camelCase becomes snake_case, acronyms stay
   * together ({@code createApp -> create_app}, {@code getHTTPStatus -> get_http_status}).
   */
  public static String snakeCase(String javaName) {
    StringBuilder out = new StringBuilder(javaName.length() + 8);
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char before = javaName.charAt(i - 1);
        boolean afterLowerOrDigit = Character.isLowerCase(before) || Character.isDigit(before);
        boolean endsAcronym =
            Character.isUpperCase(before)
                && i + 1 < javaName.length()
                && Character.isLowerCase(javaName.charAt(i + 1));
        if ((afterLowerOrDigit || endsAcronym) && before != '_') {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  /**
   * The cloud's normalisation of generated labels: lower case, anything else than [a-z0-9-] to '-'.
   */
  public static String normalise(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = Character.toLowerCase(raw.charAt(i));
      out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
    }
    return out.toString();
  }

  /** Default label of a function: {@code {app}-{function}}, function named as its Python twin. */
  public static String defaultLabel(String appName, String javaMethodName) {
    return normalise(appName + "-" + snakeCase(javaMethodName));
  }

  /** Default label of a web method of a class: {@code {app}-{class}-{method}}. */
  public static String defaultLabel(String appName, String className, String javaMethodName) {
    return normalise(appName + "-" + className + "-" + snakeCase(javaMethodName));
  }

  public static boolean isValidUserLabel(String label) {
    return USER_LABEL.matcher(label).matches();
  }

  public static boolean isValidAppName(String name) {
    return APP_NAME.matcher(name).matches();
  }

  public static boolean isValidDnsLabel(String name) {
    return DNS_LABEL.matcher(name).matches();
  }

  /**
   * The host's source part: the workspace, or {@code {workspace}-{env}} for an env with a suffix.
   */
  public static String source(String workspace, String environment) {
    return environment.isEmpty() ? workspace : workspace + "-" + environment;
  }

  /**
   * The first DNS label of a function's host: {@code {source}--{label}}, {@code -dev} after it in
   * serve mode, cut to 63 characters with a hash when longer (see the reference's rule).
   */
  public static String hostLabel(String source, String label, boolean serveMode) {
    return hostLabel(source, label, serveMode ? SERVE_SUFFIX : "");
  }

  /**
   * The label suffix of a mode: none when deployed, {@code -dev} when served, or {@code
   * -{devSuffix}} when one is set. Host names are case-insensitive, so the suffix is written in
   * lower case.
   */
  public static String modeSuffix(boolean serveMode, String devSuffix) {
    if (!serveMode) {
      return "";
    }
    return devSuffix.isEmpty() ? SERVE_SUFFIX : "-" + devSuffix.toLowerCase(Locale.ROOT);
  }

  /**
   * The cloud client's check of a {@code dev_suffix}, as its words ({@code py/modal/config.py}:
   * {@code Config.get} wraps {@code _enforce_suffix_rules}); empty when the value is fine.
   */
  public static Optional<String> devSuffixProblem(String devSuffix) {
    if (devSuffix.isEmpty() || DEV_SUFFIX.matcher(devSuffix).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "Invalid value for dev_suffix config ('"
            + devSuffix
            + "'): Suffix must be an alphanumeric string of no more than 8 characters.");
  }

  /** Whether {@link #hostLabel(String, String, String)} cuts this label (and adds a hash). */
  public static boolean isTruncated(String source, String label, String suffix) {
    return source.length() + 2 + label.length() + suffix.length() > MAX_HOST_LABEL;
  }

  /** As {@link #hostLabel(String, String, boolean)}, with the suffix of {@link #modeSuffix}. */
  public static String hostLabel(String source, String label, String suffix) {
    String sub = source + "--" + label;
    if (isTruncated(source, label, suffix)) {
      sub = sub.substring(0, CUT_LENGTH - suffix.length()) + "-" + sha256Hex(sub, HASH_LENGTH);
    }
    return sub + suffix;
  }

  private static String sha256Hex(String text, int digits) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, digits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
