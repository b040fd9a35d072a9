package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a statement's text and where it starts in the statement, such as the expression inside
 * {@code USING ( … )}; with {@link SqlStatement#locationAt} it maps back to the file.
 *
 * @param text the piece, exactly as written
 * @param offset its offset in the statement's text
 */
public record TextSpan(String text, int offset) {
  public TextSpan {
    requireNonNull(text, "text is null");
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
  }
}
