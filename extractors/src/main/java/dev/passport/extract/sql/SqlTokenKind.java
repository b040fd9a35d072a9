package dev.passport.extract.sql;

/** What a {@link SqlToken} is. */
public enum SqlTokenKind {
  /** A keyword or unquoted identifier. */
  WORD,
  /** A double-quoted identifier, quotes included in the token text. */
  QUOTED_IDENTIFIER,
  /** A string literal: {@code '…'}, {@code E'…'}, or a dollar-quoted {@code $tag$…$tag$}. */
  STRING,
  /** A numeric literal. */
  NUMBER,
  /** A positional parameter such as {@code $1}. */
  PARAMETER,
  /** Punctuation or an operator: {@code ( ) , ; . [ ] ::} or a run of operator characters. */
  SYMBOL,
  /** A {@code --} or block comment. */
  COMMENT,
  /** A psql meta-command line such as {@code \connect db}, up to the end of the line. */
  META_COMMAND
}
