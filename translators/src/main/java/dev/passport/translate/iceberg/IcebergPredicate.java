package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An Iceberg REST predicate bound to field IDs, as {@code required-row-filter} carries it. Iceberg
 * predicates are two-valued (a row either passes or not), so the converter that builds them guards
 * every comparison with {@code not-null} itself rather than rely on how a reader treats NULL.
 *
 * @param type the REST expression type: {@code true}, {@code false}, {@code and}, {@code or},
 *     {@code not}, {@code is-null}, {@code not-null}, a comparison ({@code eq}, {@code not-eq},
 *     {@code lt}, {@code lt-eq}, {@code gt}, {@code gt-eq}, {@code starts-with}, {@code
 *     not-starts-with}) or a set test ({@code in}, {@code not-in})
 * @param children the operands of {@code and}, {@code or} (two) and {@code not} (one)
 * @param fieldId the referenced field, for the leaf predicates; 0 otherwise
 * @param values the literal of a comparison (one) or the members of a set test; each a String,
 *     Long, Double or Boolean in its REST JSON form (decimals, dates and timestamps as strings)
 */
public record IcebergPredicate(
    String type, List<IcebergPredicate> children, int fieldId, List<Object> values) {
  private static final Set<String> UNARY = Set.of("is-null", "not-null", "is-nan", "not-nan");
  private static final Set<String> COMPARISONS =
      Set.of("eq", "not-eq", "lt", "lt-eq", "gt", "gt-eq", "starts-with", "not-starts-with");
  private static final Set<String> SETS = Set.of("in", "not-in");
  // After the sets: the constructor consults them.
  private static final IcebergPredicate TRUE =
      new IcebergPredicate("true", List.of(), 0, List.of());
  private static final IcebergPredicate FALSE =
      new IcebergPredicate("false", List.of(), 0, List.of());

  public IcebergPredicate {
    requireNonNull(type, "type is null");
    children = List.copyOf(requireNonNull(children, "children is null"));
    values = List.copyOf(requireNonNull(values, "values is null"));
    for (Object value : values) {
      if (!(value instanceof String
          || value instanceof Long
          || value instanceof Double
          || value instanceof Boolean)) {
        throw new IllegalArgumentException("Not a REST literal value: " + value);
      }
    }
    int expectedChildren = type.equals("and") || type.equals("or") ? 2 : type.equals("not") ? 1 : 0;
    if (children.size() != expectedChildren) {
      throw new IllegalArgumentException(type + " takes " + expectedChildren + " operands");
    }
    if (UNARY.contains(type) || COMPARISONS.contains(type) || SETS.contains(type)) {
      if (fieldId <= 0) {
        throw new IllegalArgumentException(type + " references a field ID");
      }
    } else if (!type.equals("true")
        && !type.equals("false")
        && !type.equals("and")
        && !type.equals("or")
        && !type.equals("not")) {
      throw new IllegalArgumentException("Unknown predicate type " + type);
    }
    if (COMPARISONS.contains(type) && values.size() != 1) {
      throw new IllegalArgumentException(type + " compares with one literal");
    }
    if (SETS.contains(type) && values.isEmpty()) {
      throw new IllegalArgumentException(type + " needs at least one literal");
    }
  }

  public static IcebergPredicate alwaysTrue() {
    return TRUE;
  }

  public static IcebergPredicate alwaysFalse() {
    return FALSE;
  }

  public static IcebergPredicate isNull(int fieldId) {
    return new IcebergPredicate("is-null", List.of(), fieldId, List.of());
  }

  public static IcebergPredicate notNull(int fieldId) {
    return new IcebergPredicate("not-null", List.of(), fieldId, List.of());
  }

  public static IcebergPredicate compare(String type, int fieldId, Object value) {
    return new IcebergPredicate(type, List.of(), fieldId, List.of(value));
  }

  public static IcebergPredicate set(String type, int fieldId, List<Object> values) {
    return new IcebergPredicate(type, List.of(), fieldId, values);
  }

  /** The conjunction, folding constants. */
  public static IcebergPredicate and(List<IcebergPredicate> terms) {
    IcebergPredicate result = TRUE;
    for (IcebergPredicate term : terms) {
      result = and(result, term);
    }
    return result;
  }

  public static IcebergPredicate and(IcebergPredicate left, IcebergPredicate right) {
    if (left.isFalse() || right.isFalse()) {
      return FALSE;
    }
    if (left.isTrue()) {
      return right;
    }
    if (right.isTrue()) {
      return left;
    }
    return new IcebergPredicate("and", List.of(left, right), 0, List.of());
  }

  /** The disjunction, folding constants. */
  public static IcebergPredicate or(List<IcebergPredicate> terms) {
    IcebergPredicate result = FALSE;
    for (IcebergPredicate term : terms) {
      result = or(result, term);
    }
    return result;
  }

  public static IcebergPredicate or(IcebergPredicate left, IcebergPredicate right) {
    if (left.isTrue() || right.isTrue()) {
      return TRUE;
    }
    if (left.isFalse()) {
      return right;
    }
    if (right.isFalse()) {
      return left;
    }
    return new IcebergPredicate("or", List.of(left, right), 0, List.of());
  }

  public boolean isTrue() {
    return type.equals("true");
  }

  public boolean isFalse() {
    return type.equals("false");
  }

  /** Every field ID the predicate references. */
  public List<Integer> fieldIds() {
    List<Integer> ids = new ArrayList<>();
    if (fieldId > 0) {
      ids.add(fieldId);
    }
    for (IcebergPredicate child : children) {
      ids.addAll(child.fieldIds());
    }
    return ids;
  }

  /** A decimal literal in REST form: plain text at the column's scale. */
  static String decimal(BigDecimal value, int scale) {
    return value.setScale(scale).toPlainString();
  }
}
