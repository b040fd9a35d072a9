package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.model.PolicySet;
import java.util.List;

/**
 * What a DDL reader produced: the policy set (whose losses include every skipped statement that may
 * bear on access) and the full list of statements it did not apply.
 */
public record DdlReadResult(PolicySet policySet, List<SkippedStatement> skipped) {
  public DdlReadResult {
    requireNonNull(policySet, "policySet is null");
    skipped = List.copyOf(requireNonNull(skipped, "skipped is null"));
  }
}
