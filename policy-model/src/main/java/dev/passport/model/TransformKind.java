package dev.passport.model;

import java.util.Locale;

/** The kinds of {@link Transform}, for exhaustive switches. */
public enum TransformKind {
  IDENTITY,
  NULLIFY,
  CONSTANT,
  HASH,
  PARTIAL,
  MASK_CHARACTERS,
  EMAIL,
  REGEX_REPLACE,
  DATE_TRUNCATE,
  ROUND,
  EXPRESSION;

  /** The lower-case name used in JSON and in command output, e.g. {@code mask_characters}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind with this {@link #id()}.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static TransformKind fromId(String id) {
    for (TransformKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown TransformKind: " + id);
  }
}
