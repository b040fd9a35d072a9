package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Securable;
import java.util.List;
import java.util.Optional;

/**
 * A dotted object name read from SQL: its normalised parts and its spelling as written.
 *
 * @param parts the normalised parts, outermost first (one to four)
 * @param spelling the name as written, quotes included
 */
public record QualifiedName(List<String> parts, String spelling) {
  public QualifiedName {
    parts = List.copyOf(requireNonNull(parts, "parts is null"));
    requireNonNull(spelling, "spelling is null");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a name has at least one part");
    }
  }

  /** The last part: the object's own name. */
  public String name() {
    return parts.get(parts.size() - 1);
  }

  /** The schema part of a two- or three-part name. */
  public Optional<String> schema() {
    return parts.size() >= 2 ? Optional.of(parts.get(parts.size() - 2)) : Optional.empty();
  }

  /** The normalised dotted name. */
  public String dotted() {
    return String.join(".", parts);
  }

  /**
   * This name as a table: {@code schema.table} or {@code catalog.schema.table}; a one-part name is
   * put in {@code defaultSchema}. The securable's spelling is the full name written back with the
   * identifiers' quoting rules, not the text as written, so that every spelling of one table (and
   * the catalog's) gives one securable.
   *
   * @throws IllegalArgumentException for a name of more than three parts
   */
  public Securable toTable(String defaultSchema, IdentifierNormaliser identifiers) {
    requireNonNull(defaultSchema, "defaultSchema is null");
    requireNonNull(identifiers, "identifiers is null");
    if (parts.size() > 3) {
      throw new IllegalArgumentException("not a table name: " + spelling);
    }
    return table(parts.size() == 1 ? List.of(defaultSchema, parts.get(0)) : parts, identifiers);
  }

  /**
   * A table securable from normalised {@code [table]}, {@code [schema, table]} or {@code [catalog,
   * schema, table]}, spelled with the identifiers' quoting rules.
   *
   * @throws IllegalArgumentException for another number of parts
   */
  public static Securable table(List<String> normalisedParts, IdentifierNormaliser identifiers) {
    String written = identifiers.render(normalisedParts);
    int size = normalisedParts.size();
    if (size < 1 || size > 3) {
      throw new IllegalArgumentException("not a table name: " + normalisedParts);
    }
    Optional<String> catalog = size == 3 ? Optional.of(normalisedParts.get(0)) : Optional.empty();
    Optional<String> schema =
        size >= 2 ? Optional.of(normalisedParts.get(size - 2)) : Optional.empty();
    return new Securable(
        catalog, schema, Optional.of(normalisedParts.get(size - 1)), Optional.empty(), written);
  }
}
