package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A {@link Definition}'s body as canonical rules, written in terms of the definition's parameters
 * (as {@link Expr.Column}s named after them).
 */
public sealed interface DefinitionBody permits DefinitionBody.Predicate, DefinitionBody.Mask {

  /** A row access policy: rows for which the predicate is TRUE are visible. */
  record Predicate(Expr predicate) implements DefinitionBody {
    public Predicate {
      requireNonNull(predicate, "predicate is null");
    }
  }

  /** A masking policy: ordered rules and a default. */
  record Mask(List<MaskRule> rules, Transform otherwise) implements DefinitionBody {
    public Mask {
      rules = List.copyOf(requireNonNull(rules, "rules is null"));
      requireNonNull(otherwise, "otherwise is null");
    }
  }
}
