package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * Something that could not be carried over exactly: a construct an extractor did not understand, a
 * mask a target cannot express. Losses are never silent: each names where it came from, why, and
 * which way it moves protection.
 */
public record Loss(Origin origin, String reason, LossDirection direction) {
  public Loss {
    requireNonNull(origin, "origin is null");
    Checks.requireNonBlank(reason, "reason");
    requireNonNull(direction, "direction is null");
  }
}
