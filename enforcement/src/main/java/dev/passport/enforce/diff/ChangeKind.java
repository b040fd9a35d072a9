package dev.passport.enforce.diff;

import java.util.Locale;

/** How a policy element differs between the left and the right set. */
public enum ChangeKind {
  /** Only the right set has it. */
  ADDED,
  /** Only the left set has it. */
  REMOVED,
  /** Both have it, with different content. */
  CHANGED;

  /** The lower-case name used in reports. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
