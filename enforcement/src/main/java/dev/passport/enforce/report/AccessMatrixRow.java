package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One principal's row of an {@link AccessMatrix}: a cell per matrix column, in the same order. */
public record AccessMatrixRow(String principal, List<AccessMatrixCell> cells) {
  public AccessMatrixRow {
    requireNonNull(principal, "principal is null");
    cells = List.copyOf(requireNonNull(cells, "cells is null"));
  }
}
