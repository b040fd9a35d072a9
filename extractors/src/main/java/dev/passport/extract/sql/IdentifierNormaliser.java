package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies a system's identifier case rules: a quoted identifier keeps its spelling (without the
 * quotes), an unquoted one is folded. PostgreSQL, Greenplum and Redshift fold to lower case;
 * Snowflake folds to upper case.
 */
public final class IdentifierNormaliser {
  /** PostgreSQL, Greenplum, Redshift. */
  public static final IdentifierNormaliser LOWER_CASE = new IdentifierNormaliser(false);

  /** Snowflake, Oracle-like systems. */
  public static final IdentifierNormaliser UPPER_CASE = new IdentifierNormaliser(true);

  private final boolean upper;

  private IdentifierNormaliser(boolean upper) {
    this.upper = upper;
  }

  /**
   * A normalised identifier as it must be written to mean itself again: bare when folding would not
   * change it and it is a plain word, else double-quoted ({@code Users} → {@code "Users"} under
   * lower-case folding).
   */
  public String quoteIfNeeded(String normalised) {
    requireNonNull(normalised, "normalised is null");
    boolean plain = !normalised.isEmpty() && fold(normalised).equals(normalised);
    for (int index = 0; plain && index < normalised.length(); index++) {
      char character = normalised.charAt(index);
      boolean letter = Character.isLetter(character) || character == '_';
      plain = index == 0 ? letter : letter || Character.isDigit(character) || character == '$';
    }
    return plain ? normalised : "\"" + normalised.replace("\"", "\"\"") + "\"";
  }

  /** Normalised parts written back as a dotted name, quoted where needed. */
  public String render(List<String> normalisedParts) {
    requireNonNull(normalisedParts, "normalisedParts is null");
    List<String> written = new ArrayList<>(normalisedParts.size());
    for (String part : normalisedParts) {
      written.add(quoteIfNeeded(part));
    }
    return String.join(".", written);
  }

  /** Whether the identifier is written in double quotes. */
  public static boolean isQuoted(String identifier) {
    return identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"");
  }

  /** One identifier part: quoted → unquoted with {@code ""} undoubled; unquoted → folded. */
  public String normalise(String identifier) {
    requireNonNull(identifier, "identifier is null");
    if (isQuoted(identifier)) {
      return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
    }
    return fold(identifier);
  }

  /** Folds an unquoted identifier (or a name given as plain text, such as a config key). */
  public String fold(String unquoted) {
    requireNonNull(unquoted, "unquoted is null");
    return upper ? unquoted.toUpperCase(Locale.ROOT) : unquoted.toLowerCase(Locale.ROOT);
  }

  /** Normalises each part of a multi-part name. */
  public List<String> normalise(List<String> parts) {
    requireNonNull(parts, "parts is null");
    List<String> normalised = new ArrayList<>(parts.size());
    for (String part : parts) {
      normalised.add(normalise(part));
    }
    return List.copyOf(normalised);
  }

  /**
   * Splits a dotted name on the dots outside double quotes and normalises each part: {@code
   * App."Users"} is {@code [app, Users]} under lower-case folding.
   */
  public List<String> splitQualified(String dottedName) {
    requireNonNull(dottedName, "dottedName is null");
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int index = 0; index < dottedName.length(); index++) {
      char character = dottedName.charAt(index);
      if (character == '"') {
        quoted = !quoted;
        current.append(character);
      } else if (character == '.' && !quoted) {
        parts.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(character);
      }
    }
    parts.add(current.toString().trim());
    return normalise(parts);
  }
}
