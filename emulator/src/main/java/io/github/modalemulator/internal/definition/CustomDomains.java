package io.github.modalemulator.internal.definition;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a custom domain may be. */
public final class CustomDomains {
  private static final Pattern HOST_LABEL = Pattern.compile("^(?!-)[a-z0-9-]{1,63}(?<!-)$");
  private static final int MAX_LENGTH = 253;

  private CustomDomains() {}

  /** The canonical form the gateway compares: lower case, no trailing dot. */
  public static String canonical(String domain) {
    String lower = domain.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** A host name of two or more DNS labels whose last label is not numeric (not an address). */
  public static boolean isWellFormed(String canonical) {
    if (canonical.isEmpty() || canonical.length() > MAX_LENGTH) {
      return false;
    }
    String[] labels = canonical.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** Hosts the emulator itself answers for: label URLs and its own pages. */
  public static boolean isReserved(String canonical) {
    return canonical.equals("localhost")
        || canonical.endsWith(".localhost")
        || canonical.equals("modal.run")
        || canonical.endsWith(".modal.run");
  }
}
