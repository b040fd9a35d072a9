package dev.passport.model.evaluation;

import dev.passport.model.Securable;
import java.util.List;
import java.util.Optional;

/**
 * The rows of mapping tables that {@link dev.passport.model.Expr.Lookup} predicates consult. Empty
 * for a table the source does not have; the evaluator then treats the lookup as unknown, which
 * admits no row.
 */
@FunctionalInterface
public interface LookupSource {
  Optional<List<Row>> rows(Securable table);

  /** A source with no tables. */
  static LookupSource none() {
    return table -> Optional.empty();
  }
}
