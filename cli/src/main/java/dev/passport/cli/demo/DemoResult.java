package dev.passport.cli.demo;

import static java.util.Objects.requireNonNull;

import dev.passport.enforce.gate.GateVerdict;
import java.nio.file.Path;
import java.util.List;

/**
 * What a demo run did.
 *
 * @param directory where it wrote
 * @param files every file written, in the order written
 * @param rowFilters the row filters extracted
 * @param columnMasks the column masks extracted
 * @param grants the grants extracted
 * @param losses the losses of the extraction
 * @param exportVerified whether the rewritten export returned PostgreSQL's own rows for the
 *     audience
 * @param maskVerified whether the rows masked in flight equal the audience's rows in PostgreSQL
 * @param matchingVerdict the gate's verdict on the destination that protects as the source does
 * @param lostMaskVerdict the gate's verdict on the destination that lost a mask
 * @param seconds how long the whole run took
 */
public record DemoResult(
    Path directory,
    List<Path> files,
    int rowFilters,
    int columnMasks,
    int grants,
    int losses,
    boolean exportVerified,
    boolean maskVerified,
    GateVerdict matchingVerdict,
    GateVerdict lostMaskVerdict,
    double seconds) {
  public DemoResult {
    requireNonNull(directory, "directory is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
    requireNonNull(matchingVerdict, "matchingVerdict is null");
    requireNonNull(lostMaskVerdict, "lostMaskVerdict is null");
  }

  /**
   * Whether the demo showed what it sets out to: the rewritten export and the masked rows agree
   * with PostgreSQL, and the gate passes the matching destination and fails the one that lost a
   * mask.
   */
  public boolean asExpected() {
    return exportVerified
        && maskVerified
        && matchingVerdict == GateVerdict.PASS
        && lostMaskVerdict == GateVerdict.FAIL;
  }
}
