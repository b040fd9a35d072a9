package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * The partial order of transforms by how much of a value they disclose: {@code Nullify ≤ Constant ≤
 * Hash ≤ (Partial, MaskCharacters, Email, DateTruncate, Round, RegexReplace) ≤ Identity}.
 * Transforms in the middle band compare only with their own kind (a partial mask that shows fewer
 * characters discloses less; a date truncated to the year less than one truncated to the day);
 * custom expressions compare with nothing but themselves.
 */
public final class DisclosureOrder {
  private DisclosureOrder() {}

  /** Compares what {@code left} discloses with what {@code right} discloses. */
  public static Disclosure compare(Transform left, Transform right) {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (left.equals(right)) {
      return Disclosure.SAME;
    }
    int leftRank = rank(left);
    int rightRank = rank(right);
    if (leftRank < 0 || rightRank < 0) {
      return Disclosure.UNKNOWN;
    }
    if (leftRank != rightRank) {
      return leftRank < rightRank ? Disclosure.LESS : Disclosure.MORE;
    }
    if (left instanceof Transform.Constant && right instanceof Transform.Constant) {
      return Disclosure.SAME;
    }
    if (left instanceof Transform.Hash && right instanceof Transform.Hash) {
      return Disclosure.SAME;
    }
    if (left instanceof Transform.Partial a && right instanceof Transform.Partial b) {
      return comparePartial(a, b);
    }
    if (left instanceof Transform.DateTruncate a && right instanceof Transform.DateTruncate b) {
      // A coarser unit (smaller ordinal) discloses less.
      return fromOrder(Integer.compare(a.unit().ordinal(), b.unit().ordinal()));
    }
    if (left instanceof Transform.Round a && right instanceof Transform.Round b) {
      return fromOrder(Integer.compare(a.digits(), b.digits()));
    }
    return Disclosure.UNKNOWN;
  }

  private static Disclosure comparePartial(Transform.Partial a, Transform.Partial b) {
    int first = Integer.compare(a.keepFirst(), b.keepFirst());
    int last = Integer.compare(a.keepLast(), b.keepLast());
    if (first <= 0 && last <= 0) {
      return first == 0 && last == 0 ? Disclosure.SAME : Disclosure.LESS;
    }
    if (first >= 0 && last >= 0) {
      return Disclosure.MORE;
    }
    return Disclosure.UNKNOWN;
  }

  private static Disclosure fromOrder(int order) {
    if (order == 0) {
      return Disclosure.SAME;
    }
    return order < 0 ? Disclosure.LESS : Disclosure.MORE;
  }

  /** The band of a transform, or -1 when it cannot be placed. */
  private static int rank(Transform transform) {
    return switch (transform.kind()) {
      case NULLIFY -> 0;
      case CONSTANT -> 1;
      case HASH -> 2;
      case PARTIAL, MASK_CHARACTERS, EMAIL, DATE_TRUNCATE, ROUND, REGEX_REPLACE -> 3;
      case IDENTITY -> 4;
      case EXPRESSION -> -1;
    };
  }
}
