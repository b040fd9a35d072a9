package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Origin;
import java.util.List;

/**
 * One side's rule behind a finding: what the principal gets there, in words ({@code where region =
 * 'EU'}, {@code partial: keep last 4, fill '*' once}, {@code denied}), and the origins of the
 * policies on the object that produced it (filters, masks, the grant that allowed access), so a
 * reader can go to the source line.
 */
public record RuleReference(String description, List<Origin> origins) {
  public RuleReference {
    requireNonNull(description, "description is null");
    origins = List.copyOf(requireNonNull(origins, "origins is null"));
  }

  /** A rule with no policy behind it. */
  public static RuleReference of(String description) {
    return new RuleReference(description, List.of());
  }
}
