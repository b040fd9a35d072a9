package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Disclosure;
import java.util.Optional;

/**
 * One cell of the effective-access matrix: what one principal sees of one column at each side.
 *
 * @param sourceColumn the column's name at the source
 * @param destinationColumn its name at the destination
 * @param source what the source principal sees, e.g. {@code partial: keep last 4…} or {@code
 *     denied: not readable}
 * @param destination what the destination principal sees
 * @param inFlight what the audience the export was rewritten for sees at the source, when there is
 *     one: the data itself carries at most that
 * @param comparison the destination against the source: LESS when the destination is stricter,
 *     SAME, MORE when it is looser, UNKNOWN when it cannot be told (in-flight masking counted)
 */
public record ColumnAccess(
    String sourceColumn,
    String destinationColumn,
    String source,
    String destination,
    Optional<String> inFlight,
    Disclosure comparison) {
  public ColumnAccess {
    requireNonNull(sourceColumn, "sourceColumn is null");
    requireNonNull(destinationColumn, "destinationColumn is null");
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(inFlight, "inFlight is null");
    requireNonNull(comparison, "comparison is null");
  }
}
