package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * One arm of a column mask: when the caller matches {@code subject} and {@code condition} holds for
 * the row, the value gets {@code transform}. {@code condition} may test the masked value, other
 * columns and identity (it is folded per principal); it is TRUE when the arm tests identity only.
 */
public record MaskRule(Subject subject, Expr condition, Transform transform) {
  public MaskRule {
    requireNonNull(subject, "subject is null");
    requireNonNull(condition, "condition is null");
    requireNonNull(transform, "transform is null");
  }

  /** An arm that tests identity only. */
  public static MaskRule when(Subject subject, Transform transform) {
    return new MaskRule(subject, Expressions.alwaysTrue(), transform);
  }
}
