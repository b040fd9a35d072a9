package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.Transform;

/**
 * A residual mask arm for one principal: identity tests are already folded away, so {@code
 * condition} depends on the row only.
 */
public record ConditionalTransform(Expr condition, Transform transform) {
  public ConditionalTransform {
    requireNonNull(condition, "condition is null");
    requireNonNull(transform, "transform is null");
  }
}
