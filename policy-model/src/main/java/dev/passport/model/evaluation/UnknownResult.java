package dev.passport.model.evaluation;

/**
 * Raised inside evaluation when a part of an expression cannot be known at all: an {@link
 * dev.passport.model.Expr.Opaque}, or a lookup whose mapping table the {@link LookupSource} does
 * not have. It unwinds the whole expression, not just its node, because SQL's null-tolerant forms
 * ({@code IS NULL}, {@code COALESCE}, {@code CASE}) would otherwise turn the unknown into an
 * admitted row or a readable value.
 */
final class UnknownResult extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnknownResult(String message) {
    super(message, null, false, false);
  }
}
