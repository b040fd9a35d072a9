package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Transform;
import java.util.List;
import java.util.Optional;

/**
 * What one principal gets of one column: nothing ({@code readable} false), or the value after the
 * first residual rule whose condition holds for the row, else after {@code otherwise}.
 */
public record ColumnDecision(
    String column, boolean readable, List<ConditionalTransform> rules, Transform otherwise) {
  public ColumnDecision {
    requireNonNull(column, "column is null");
    rules = List.copyOf(requireNonNull(rules, "rules is null"));
    requireNonNull(otherwise, "otherwise is null");
  }

  /** The transform when it does not depend on the row. */
  public Optional<Transform> unconditional() {
    return readable && rules.isEmpty() ? Optional.of(otherwise) : Optional.empty();
  }

  /**
   * The stable kind name scripts rely on: {@code denied}, a {@link
   * dev.passport.model.TransformKind#id()}, or {@code expression} when the transform depends on the
   * row.
   */
  public String kindName() {
    if (!readable) {
      return "denied";
    }
    if (!rules.isEmpty()) {
      return "expression";
    }
    return otherwise.kind().id();
  }
}
