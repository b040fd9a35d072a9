package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What moves where, as a transfer spec file states it: the source and destination policies, the
 * identity map, the tables with their columns, and the audience the export was rewritten for. Read
 * one with {@link TransferSpecReader}; paths are already resolved against the spec's folder.
 *
 * @param location the spec file, or a name for a spec built in code (used in messages)
 * @param source the policies of the system the data leaves
 * @param destination the policies of the system the data lands in
 * @param identityMap source principal → destination principals; empty means same names
 * @param tables the tables that move, at least one
 * @param inFlight the audience the export was rewritten for, when Passport rewrote it
 */
public record TransferSpec(
    String location,
    PolicySource source,
    PolicySource destination,
    Optional<Path> identityMap,
    List<TableTransfer> tables,
    Optional<InFlight> inFlight) {
  public TransferSpec {
    requireNonNull(location, "location is null");
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(identityMap, "identityMap is null");
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a transfer moves at least one table");
    }
    requireNonNull(inFlight, "inFlight is null");
  }
}
