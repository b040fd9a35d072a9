package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.Loss;
import java.util.List;

/**
 * The model expression for a piece of dialect SQL and what could not be carried over: one {@link
 * Loss} per {@link Expr.Opaque} in {@code expr}, and any other doubt met on the way.
 */
public record Conversion(Expr expr, List<Loss> losses) {
  public Conversion {
    requireNonNull(expr, "expr is null");
    losses = List.copyOf(requireNonNull(losses, "losses is null"));
  }

  /** Whether everything was understood. */
  public boolean isLossless() {
    return losses.isEmpty();
  }
}
