package dev.passport.model;

import java.util.Locale;

/** The kinds of {@link Subject}, for exhaustive switches. */
public enum SubjectKind {
  EVERYONE,
  HAS_ROLE,
  IS_USER,
  IN_GROUP,
  ATTRIBUTE_EQUALS,
  ANY_OF,
  ALL_OF,
  NOT;

  /** The lower-case name used in JSON and in command output, e.g. {@code mask_characters}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind with this {@link #id()}.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static SubjectKind fromId(String id) {
    for (SubjectKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown SubjectKind: " + id);
  }
}
