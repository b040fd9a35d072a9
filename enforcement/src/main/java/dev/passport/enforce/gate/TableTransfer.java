package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

/**
 * One table that moves: its name at the source and at the destination (dotted, as each side's
 * policies qualify it; a suffix is enough when it is unique), and which columns move under which
 * names.
 */
public record TableTransfer(String source, String destination, ColumnSelection columns) {
  public TableTransfer {
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    if (source.isBlank() || destination.isBlank()) {
      throw new IllegalArgumentException("a table transfer names both tables");
    }
    requireNonNull(columns, "columns is null");
  }
}
