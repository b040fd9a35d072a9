package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Disclosure;
import java.util.List;
import java.util.Optional;

/**
 * One row of the effective-access matrix: one destination principal on one table, against the
 * source principal it corresponds to.
 *
 * @param sourceTable the table at the source, as its policy set names it
 * @param destinationTable the table at the destination
 * @param principal the destination principal
 * @param sourcePrincipal the source principal it is compared with; for an unmapped principal the
 *     source's "any other user"
 * @param mapped whether the identity map (or same names) ties the two; false for an unmapped
 *     principal
 * @param sourceRows the rows the source principal sees: {@code all rows}, {@code no rows: …} or
 *     {@code where …}
 * @param destinationRows the rows the destination principal sees
 * @param inFlightRows the rows that left the source, when the export was rewritten
 * @param rows the destination's rows against the source's (LESS: fewer, MORE: some rows the source
 *     hides)
 * @param columns one cell per transferred column, in transfer order
 */
public record AccessRow(
    String sourceTable,
    String destinationTable,
    GatePrincipal principal,
    GatePrincipal sourcePrincipal,
    boolean mapped,
    String sourceRows,
    String destinationRows,
    Optional<String> inFlightRows,
    Disclosure rows,
    List<ColumnAccess> columns) {
  public AccessRow {
    requireNonNull(sourceTable, "sourceTable is null");
    requireNonNull(destinationTable, "destinationTable is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(sourcePrincipal, "sourcePrincipal is null");
    requireNonNull(sourceRows, "sourceRows is null");
    requireNonNull(destinationRows, "destinationRows is null");
    requireNonNull(inFlightRows, "inFlightRows is null");
    requireNonNull(rows, "rows is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }
}
