package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * What a column mask does to a value. The vocabulary is closed and lines up with Ranger's mask
 * types and Iceberg's read-restriction actions, so every target masks identically; anything else is
 * an {@link Expression}. Every transform maps NULL to NULL.
 *
 * <p>Transforms are ordered by how much they disclose; see {@link DisclosureOrder}.
 */
public sealed interface Transform
    permits Transform.Identity,
        Transform.Nullify,
        Transform.Constant,
        Transform.Hash,
        Transform.Partial,
        Transform.MaskCharacters,
        Transform.Email,
        Transform.RegexReplace,
        Transform.DateTruncate,
        Transform.Round,
        Transform.Expression {
  /** The kind of this node, for exhaustive switches. */
  TransformKind kind();

  /** The value unchanged. */
  record Identity() implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.IDENTITY;
    }
  }

  /** NULL. */
  record Nullify() implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.NULLIFY;
    }
  }

  /** A fixed value, whatever the input. */
  record Constant(Expr.Literal value) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.CONSTANT;
    }

    public Constant {
      requireNonNull(value, "value is null");
    }
  }

  /**
   * The lower-case hexadecimal digest of the value's text in UTF-8, after prefixing the salt the
   * scope names (none by default).
   */
  record Hash(HashAlgorithm algorithm, SaltScope salt) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.HASH;
    }

    public Hash {
      requireNonNull(algorithm, "algorithm is null");
      requireNonNull(salt, "salt is null");
    }
  }

  /**
   * Shows the first {@code keepFirst} and last {@code keepLast} characters and hides the rest with
   * {@code fill}: once per hidden character ({@link FillMode#EACH_CHARACTER}, as Ranger's
   * show-last-4) or once in all ({@link FillMode#ONCE}, as {@code '***-**-' || RIGHT(ssn, 4)}). The
   * shown parts never overlap: a value no longer than {@code keepFirst} is shown whole, and {@code
   * keepLast} takes only what {@code keepFirst} left, as SQL {@code LEFT}/{@code RIGHT}
   * concatenation does.
   */
  record Partial(int keepFirst, int keepLast, String fill, FillMode mode) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.PARTIAL;
    }

    public Partial {
      if (keepFirst < 0 || keepLast < 0) {
        throw new IllegalArgumentException("keepFirst and keepLast must not be negative");
      }
      requireNonNull(fill, "fill is null");
      requireNonNull(mode, "mode is null");
      if (mode == FillMode.EACH_CHARACTER && fill.codePointCount(0, fill.length()) != 1) {
        throw new IllegalArgumentException("a per-character fill is exactly one character");
      }
    }
  }

  /** Upper-case letters become {@code X}, lower-case {@code x}, digits {@code 0}; others stay. */
  record MaskCharacters() implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.MASK_CHARACTERS;
    }
  }

  /** The local part of an e-mail address becomes {@code *****}; the domain stays. */
  record Email() implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.EMAIL;
    }
  }

  /** Every match of a (Java and POSIX-compatible) regular expression is replaced. */
  record RegexReplace(String pattern, String replacement) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.REGEX_REPLACE;
    }

    public RegexReplace {
      requireNonNull(pattern, "pattern is null");
      requireNonNull(replacement, "replacement is null");
    }
  }

  /** A date or timestamp truncated to the start of its unit. */
  record DateTruncate(DateUnit unit) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.DATE_TRUNCATE;
    }

    public DateTruncate {
      requireNonNull(unit, "unit is null");
    }
  }

  /** A number rounded half-up to {@code digits} decimal places (negative rounds to tens, …). */
  record Round(int digits) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.ROUND;
    }
  }

  /** A custom expression of {@link Expr.MaskedValue} and other columns. */
  record Expression(Expr expression) implements Transform {
    @Override
    public TransformKind kind() {
      return TransformKind.EXPRESSION;
    }

    public Expression {
      requireNonNull(expression, "expression is null");
    }
  }
}
