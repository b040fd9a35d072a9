package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A column mask attached to a column, or to a tag. The first rule that matches the caller and the
 * row gives the transform; when none matches, {@code otherwise}. Where several masks apply to a
 * column, the highest {@code priority} wins (Redshift); a column's own mask wins over a tag's.
 *
 * @param column the masked column, for a direct attachment
 * @param tag the tag whose columns are masked, for a tag-based attachment
 * @param appliesTo who the mask is attached to (Redshift {@code ATTACH … TO role}); everyone else
 *     is not masked by this mask
 * @param bindings definition parameter → table column; the first parameter is the masked value
 */
public record ColumnMask(
    Optional<String> name,
    Optional<Securable> column,
    Optional<TagReference> tag,
    List<MaskRule> rules,
    Transform otherwise,
    Subject appliesTo,
    int priority,
    Optional<String> definition,
    Map<String, String> bindings,
    Origin origin) {
  public ColumnMask {
    requireNonNull(name, "name is null");
    requireNonNull(column, "column is null");
    requireNonNull(tag, "tag is null");
    if (column.isPresent() == tag.isPresent()) {
      throw new IllegalArgumentException("a mask is attached to a column or to a tag, not both");
    }
    column.ifPresent(
        securable -> {
          if (securable.level() != SecurableLevel.COLUMN) {
            throw new IllegalArgumentException("a mask is attached to a column: " + securable);
          }
        });
    rules = List.copyOf(requireNonNull(rules, "rules is null"));
    requireNonNull(otherwise, "otherwise is null");
    requireNonNull(appliesTo, "appliesTo is null");
    requireNonNull(definition, "definition is null");
    bindings = Checks.orderedCopy(bindings, "bindings");
    requireNonNull(origin, "origin is null");
  }

  /** A mask on a column for everyone, with no name or definition. */
  public static ColumnMask of(
      Securable column, List<MaskRule> rules, Transform otherwise, Origin origin) {
    return new ColumnMask(
        Optional.empty(),
        Optional.of(column),
        Optional.empty(),
        rules,
        otherwise,
        Subjects.everyone(),
        0,
        Optional.empty(),
        Map.of(),
        origin);
  }

  public ColumnMask withName(String newName) {
    return new ColumnMask(
        Optional.of(newName),
        column,
        tag,
        rules,
        otherwise,
        appliesTo,
        priority,
        definition,
        bindings,
        origin);
  }

  public ColumnMask withAppliesTo(Subject newAppliesTo) {
    return new ColumnMask(
        name, column, tag, rules, otherwise, newAppliesTo, priority, definition, bindings, origin);
  }

  public ColumnMask withPriority(int newPriority) {
    return new ColumnMask(
        name, column, tag, rules, otherwise, appliesTo, newPriority, definition, bindings, origin);
  }

  public ColumnMask withDefinition(String newDefinition, Map<String, String> newBindings) {
    return new ColumnMask(
        name,
        column,
        tag,
        rules,
        otherwise,
        appliesTo,
        priority,
        Optional.of(newDefinition),
        newBindings,
        origin);
  }
}
