package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Origin;
import java.util.List;

/**
 * One side of a difference: what that policy set says, in words, and the origins of the rules
 * behind it (file and line, object name, original SQL).
 */
public record DiffSide(String description, List<Origin> origins) {
  public DiffSide {
    requireNonNull(description, "description is null");
    origins = List.copyOf(requireNonNull(origins, "origins is null"));
  }
}
