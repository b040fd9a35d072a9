package dev.passport.model;

import java.util.Locale;

/** The kinds of {@link Expr} node, for exhaustive switches. */
public enum ExprKind {
  NULL_LITERAL,
  STRING_LITERAL,
  NUMBER_LITERAL,
  BOOLEAN_LITERAL,
  DATE_LITERAL,
  TIMESTAMP_LITERAL,
  COLUMN,
  MASKED_VALUE,
  FUNCTION_CALL,
  COMPARISON,
  ARITHMETIC,
  AND,
  OR,
  NOT,
  IN,
  LIKE,
  IS_NULL,
  CASE,
  CAST,
  CURRENT_USER,
  CURRENT_ROLE,
  HAS_ROLE,
  IN_GROUP,
  SESSION_ATTRIBUTE,
  COLUMN_TAG_VALUE,
  LOOKUP,
  OPAQUE;

  /** The lower-case name used in JSON and in command output, e.g. {@code mask_characters}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind with this {@link #id()}.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static ExprKind fromId(String id) {
    for (ExprKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown ExprKind: " + id);
  }
}
