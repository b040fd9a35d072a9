package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.model.evaluation.PrincipalContext;

/**
 * The export was rewritten by Passport (the SQL rewriter or the row masker) for an audience: only
 * the rows that audience sees at the source left, with the audience's masks already applied.
 *
 * @param audience who the export was rewritten for, as the source knows them
 */
public record InFlight(PrincipalContext audience) {
  public InFlight {
    requireNonNull(audience, "audience is null");
  }
}
