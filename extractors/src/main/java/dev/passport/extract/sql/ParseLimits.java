package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Bounds on one parse, so that hostile or accidental input (a megabyte expression, thousands of
 * nested parentheses, a CASE tower that makes the parser backtrack) fails fast with {@link
 * dev.passport.model.ErrorCode#PARSE_LIMIT_EXCEEDED} instead of hanging or overflowing the stack.
 *
 * @param maxInputCharacters the longest text parsed at once (one expression or statement)
 * @param maxNestingDepth the deepest nesting of parentheses, brackets and CASE … END
 * @param timeout the longest one parse may run
 */
public record ParseLimits(int maxInputCharacters, int maxNestingDepth, Duration timeout) {
  /** 1 MiB of text, nesting depth 200, two seconds. */
  public static final ParseLimits DEFAULT = new ParseLimits(1 << 20, 200, Duration.ofSeconds(2));

  public ParseLimits {
    if (maxInputCharacters < 1) {
      throw new IllegalArgumentException("maxInputCharacters must be positive");
    }
    if (maxNestingDepth < 1) {
      throw new IllegalArgumentException("maxNestingDepth must be positive");
    }
    requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public static ParseLimits defaults() {
    return DEFAULT;
  }

  public ParseLimits withTimeout(Duration newTimeout) {
    return new ParseLimits(maxInputCharacters, maxNestingDepth, newTimeout);
  }

  public ParseLimits withMaxNestingDepth(int newDepth) {
    return new ParseLimits(maxInputCharacters, newDepth, timeout);
  }

  public ParseLimits withMaxInputCharacters(int newMax) {
    return new ParseLimits(newMax, maxNestingDepth, timeout);
  }
}
