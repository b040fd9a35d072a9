package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether one row predicate implies another: the implication between row filters that the
 * disclosure order needs (a filter that admits fewer rows discloses less). The diff and the
 * compliance gate are built on it.
 *
 * <p>The antecedent implies the consequent when no row makes the antecedent TRUE and the consequent
 * FALSE or NULL (a row filter admits a row only when its predicate is TRUE). The procedure turns
 * "antecedent TRUE and consequent not TRUE" into a formula over constraints on terms, where a term
 * is a column (or any other non-literal expression) and a constraint is the set of values, NULL
 * included or not, that the term may take, and searches it case by case:
 *
 * <ul>
 *   <li>comparisons ({@code =, <>, <, <=, >, >=, IS [NOT] DISTINCT FROM}) of a term with a literal,
 *       IN lists of literals, ranges, IS [NOT] NULL, TRUE, FALSE and NULL, combined with AND, OR
 *       and NOT, are decided with SQL's three-valued logic; numbers compare by value ({@code 1 =
 *       1.0 = 1e0}), strings exactly, dates and timestamps by time;
 *   <li>anything else (a column against another column, functions, CASE, LIKE, identity functions,
 *       lookups, opaque SQL) is an atom: a term whose truth is unknown, so only structurally equal
 *       atoms (after whitespace and keyword case of opaque SQL, operand order of symmetric
 *       operators and term order of AND/OR are normalised) are related, and an answer that depends
 *       on an atom is {@link Implication#UNKNOWN};
 *   <li>ordering comparisons of strings are atoms too, because their order depends on the
 *       collation, which the model does not know.
 * </ul>
 *
 * <p>{@link Implication#HOLDS} is proved over every value a term could take, whatever the column's
 * type. {@link Implication#FAILS} needs a counterexample row built only from plain, distinct
 * columns, with values every column of the literal's type accepts (integers for numbers, whole days
 * for dates, whole seconds for timestamps) or NULL; columns are assumed to admit NULL. When neither
 * can be shown, or the case split exceeds a fixed budget, the answer is UNKNOWN.
 */
public final class Implications {
  /** Bound on search steps, beyond which the answer is UNKNOWN rather than slow. */
  private static final int STEP_BUDGET = 20_000;

  private Implications() {}

  /**
   * Whether every row for which {@code antecedent} is TRUE also makes {@code consequent} TRUE.
   * Callers wanting equivalence ask both ways.
   */
  public static Implication implies(Expr antecedent, Expr consequent) {
    requireNonNull(antecedent, "antecedent is null");
    requireNonNull(consequent, "consequent is null");
    Formula antecedentTrue = truth(antecedent, true);
    Formula consequentNotTrue = negate(truth(consequent, true));
    Search search = new Search();
    Outcome outcome =
        search.run(
            new Pending(antecedentTrue, new Pending(consequentNotTrue, null)), new HashMap<>());
    switch (outcome) {
      case UNSATISFIABLE:
        return search.exhausted ? Implication.UNKNOWN : Implication.HOLDS;
      case WITNESS:
        return Implication.FAILS;
      case UNDECIDED:
        return Implication.UNKNOWN;
    }
    throw new AssertionError("unreachable: " + outcome);
  }

  // ---------------------------------------------------------------------------------------------
  // Translation of a predicate into constraints on terms.

  /** The condition under which {@code expr} evaluates to {@code wanted} (not to NULL). */
  private static Formula truth(Expr expr, boolean wanted) {
    switch (expr.kind()) {
      case BOOLEAN_LITERAL:
        return new Constant(((Expr.BooleanLiteral) expr).value() == wanted);
      case NULL_LITERAL:
        return Constant.FALSE;
      case AND:
        return wanted
            ? new All(truthOfAll(((Expr.And) expr).terms(), true))
            : new Any(truthOfAll(((Expr.And) expr).terms(), false));
      case OR:
        return wanted
            ? new Any(truthOfAll(((Expr.Or) expr).terms(), true))
            : new All(truthOfAll(((Expr.Or) expr).terms(), false));
      case NOT:
        return truth(((Expr.Not) expr).term(), !wanted);
      case COMPARISON:
        return comparisonTruth((Expr.Comparison) expr, wanted);
      case IN:
        return inTruth((Expr.In) expr, wanted);
      case IS_NULL:
        Expr value = ((Expr.IsNull) expr).value();
        if (value instanceof Expr.Literal) {
          return truth(Expressions.isNull(value), wanted);
        }
        return new Atom(normalise(value), wanted ? ValueSet.NULL_ONLY : ValueSet.ANY_NOT_NULL);
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case FUNCTION_CALL:
      case ARITHMETIC:
      case LIKE:
      case CASE:
      case CAST:
      case CURRENT_USER:
      case CURRENT_ROLE:
      case HAS_ROLE:
      case IN_GROUP:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case LOOKUP:
      case OPAQUE:
        return booleanAtom(normalise(expr), wanted);
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  private static List<Formula> truthOfAll(List<Expr> terms, boolean wanted) {
    List<Formula> parts = new ArrayList<>(terms.size());
    for (Expr term : terms) {
      parts.add(truth(term, wanted));
    }
    return parts;
  }

  /** A term used as a predicate: it is TRUE, FALSE or NULL, nothing more is known. */
  private static Formula booleanAtom(Expr term, boolean wanted) {
    return new Atom(term, ValueSet.point(Family.BOOLEAN, wanted, false));
  }

  private static Formula comparisonTruth(Expr.Comparison comparison, boolean wanted) {
    ComparisonOperator operator = comparison.operator();
    Expr left = comparison.left();
    Expr right = comparison.right();
    if (left instanceof Expr.Literal && !(right instanceof Expr.Literal)) {
      operator = operator.flip();
      Expr swap = left;
      left = right;
      right = swap;
    }
    if (left instanceof Expr.Literal) {
      Expr folded = Expressions.compare(operator, left, right);
      return folded instanceof Expr.Literal
          ? truth(folded, wanted)
          : booleanAtom(normalise(folded), wanted);
    }
    if (!(right instanceof Expr.Literal)) {
      return termComparisonTruth(operator, normalise(left), normalise(right), wanted);
    }
    Expr term = normalise(left);
    if (right instanceof Expr.NullLiteral) {
      switch (operator) {
        case IS_DISTINCT_FROM:
          return new Atom(term, wanted ? ValueSet.ANY_NOT_NULL : ValueSet.NULL_ONLY);
        case IS_NOT_DISTINCT_FROM:
          return new Atom(term, wanted ? ValueSet.NULL_ONLY : ValueSet.ANY_NOT_NULL);
        case EQUAL:
        case NOT_EQUAL:
        case LESS_THAN:
        case LESS_THAN_OR_EQUAL:
        case GREATER_THAN:
        case GREATER_THAN_OR_EQUAL:
          return Constant.FALSE;
      }
      throw new AssertionError("unreachable: " + operator);
    }
    Family family = Family.of((Expr.Literal) right);
    Object value = Family.value((Expr.Literal) right);
    List<Interval> satisfying =
        switch (operator) {
          case EQUAL, IS_NOT_DISTINCT_FROM -> List.of(Interval.point(value));
          case NOT_EQUAL, IS_DISTINCT_FROM -> family.complement(List.of(Interval.point(value)));
          case LESS_THAN ->
              List.of(new Interval(Optional.empty(), Optional.of(new Bound(value, false))));
          case LESS_THAN_OR_EQUAL ->
              List.of(new Interval(Optional.empty(), Optional.of(new Bound(value, true))));
          case GREATER_THAN ->
              List.of(new Interval(Optional.of(new Bound(value, false)), Optional.empty()));
          case GREATER_THAN_OR_EQUAL ->
              List.of(new Interval(Optional.of(new Bound(value, true)), Optional.empty()));
        };
    boolean ordering =
        operator != ComparisonOperator.EQUAL
            && operator != ComparisonOperator.NOT_EQUAL
            && operator != ComparisonOperator.IS_DISTINCT_FROM
            && operator != ComparisonOperator.IS_NOT_DISTINCT_FROM;
    if (ordering && family == Family.STRING) {
      // The order of strings is the collation's, which the model does not know.
      return booleanAtom(normalise(new Expr.Comparison(operator, term, right)), wanted);
    }
    boolean nullWhenTrue = operator == ComparisonOperator.IS_DISTINCT_FROM;
    boolean nullWhenFalse = operator == ComparisonOperator.IS_NOT_DISTINCT_FROM;
    if (wanted) {
      return new Atom(term, ValueSet.of(family, satisfying, nullWhenTrue));
    }
    return new Atom(term, ValueSet.of(family, family.complement(satisfying), nullWhenFalse));
  }

  /**
   * A comparison of two terms, reduced to an atom on {@code =}, {@code <=} or {@code IS NOT
   * DISTINCT FROM} so that {@code a > b}, {@code b < a} and {@code NOT (a <= b)} meet as one atom.
   */
  private static Formula termComparisonTruth(
      ComparisonOperator operator, Expr left, Expr right, boolean wanted) {
    switch (operator) {
      case EQUAL:
        return booleanAtom(symmetric(ComparisonOperator.EQUAL, left, right), wanted);
      case NOT_EQUAL:
        return booleanAtom(symmetric(ComparisonOperator.EQUAL, left, right), !wanted);
      case IS_NOT_DISTINCT_FROM:
        return booleanAtom(symmetric(ComparisonOperator.IS_NOT_DISTINCT_FROM, left, right), wanted);
      case IS_DISTINCT_FROM:
        return booleanAtom(
            symmetric(ComparisonOperator.IS_NOT_DISTINCT_FROM, left, right), !wanted);
      case LESS_THAN_OR_EQUAL:
        return booleanAtom(
            new Expr.Comparison(ComparisonOperator.LESS_THAN_OR_EQUAL, left, right), wanted);
      case GREATER_THAN_OR_EQUAL:
        return booleanAtom(
            new Expr.Comparison(ComparisonOperator.LESS_THAN_OR_EQUAL, right, left), wanted);
      case LESS_THAN:
        // a < b is TRUE exactly when b <= a is FALSE, and NULL when it is NULL.
        return booleanAtom(
            new Expr.Comparison(ComparisonOperator.LESS_THAN_OR_EQUAL, right, left), !wanted);
      case GREATER_THAN:
        return booleanAtom(
            new Expr.Comparison(ComparisonOperator.LESS_THAN_OR_EQUAL, left, right), !wanted);
    }
    throw new AssertionError("unreachable: " + operator);
  }

  private static Expr symmetric(ComparisonOperator operator, Expr left, Expr right) {
    if (left.toString().compareTo(right.toString()) > 0) {
      return new Expr.Comparison(operator, right, left);
    }
    return new Expr.Comparison(operator, left, right);
  }

  private static Formula inTruth(Expr.In in, boolean wanted) {
    if (in.value() instanceof Expr.Literal) {
      Expr folded = Expressions.in(in.value(), in.list());
      return folded instanceof Expr.Literal
          ? truth(folded, wanted)
          : booleanAtom(normalise(folded), wanted);
    }
    boolean hasNull = false;
    Optional<Family> family = Optional.empty();
    List<Interval> points = new ArrayList<>();
    for (Expr member : in.list()) {
      if (member instanceof Expr.NullLiteral) {
        hasNull = true;
        continue;
      }
      if (!(member instanceof Expr.Literal)) {
        return booleanAtom(normalise(in), wanted);
      }
      Family memberFamily = Family.of((Expr.Literal) member);
      if (family.isPresent() && family.get() != memberFamily) {
        return booleanAtom(normalise(in), wanted);
      }
      family = Optional.of(memberFamily);
      points.add(Interval.point(Family.value((Expr.Literal) member)));
    }
    Expr term = normalise(in.value());
    if (family.isEmpty()) {
      // Only NULL members: never TRUE, never FALSE.
      return Constant.FALSE;
    }
    List<Interval> values = family.get().union(points);
    if (wanted) {
      return new Atom(term, ValueSet.of(family.get(), values, false));
    }
    // x NOT IN (…, NULL) is never TRUE: a NULL member makes every non-match NULL.
    return hasNull
        ? Constant.FALSE
        : new Atom(term, ValueSet.of(family.get(), family.get().complement(values), false));
  }

  private static Formula negate(Formula formula) {
    if (formula instanceof Constant constant) {
      return new Constant(!constant.value());
    }
    if (formula instanceof Atom atom) {
      return new Atom(atom.term(), atom.values().complement());
    }
    if (formula instanceof All all) {
      List<Formula> parts = new ArrayList<>();
      for (Formula part : all.parts()) {
        parts.add(negate(part));
      }
      return new Any(parts);
    }
    Any any = (Any) formula;
    List<Formula> parts = new ArrayList<>();
    for (Formula part : any.parts()) {
      parts.add(negate(part));
    }
    return new All(parts);
  }

  // ---------------------------------------------------------------------------------------------
  // Normalisation of terms, so that spelling differences do not hide equal atoms.

  /**
   * The predicate in the form in which {@link #implies} compares atoms: opaque SQL with whitespace
   * and case outside quotes normalised, the terms of AND and OR and the members of IN lists in a
   * fixed order, a literal on the right of a comparison, and the operands of {@code =}, {@code <>}
   * and the DISTINCT forms in a fixed order ({@code >} and {@code >=} between two terms become
   * {@code <} and {@code <=}). Two predicates that differ only in such spelling normalise to equal
   * trees; the result means the same as the input.
   */
  public static Expr normalise(Expr predicate) {
    requireNonNull(predicate, "predicate is null");
    return normaliseTerm(predicate);
  }

  private static Expr normaliseTerm(Expr expr) {
    switch (expr.kind()) {
      case OPAQUE:
        Expr.Opaque opaque = (Expr.Opaque) expr;
        return new Expr.Opaque(opaque.dialect(), SqlText.normalise(opaque.sql(), "(),"));
      case AND:
        return sortedTerms(Expressions.and(normaliseAll(((Expr.And) expr).terms())));
      case OR:
        return sortedTerms(Expressions.or(normaliseAll(((Expr.Or) expr).terms())));
      case IN:
        Expr.In in = (Expr.In) expr;
        List<Expr> members = normaliseAll(in.list());
        members.sort(Comparator.comparing(Expr::toString));
        return Expressions.in(normalise(in.value()), members);
      case COMPARISON:
        Expr.Comparison comparison = (Expr.Comparison) expr;
        Expr left = normalise(comparison.left());
        Expr right = normalise(comparison.right());
        ComparisonOperator operator = comparison.operator();
        if (left instanceof Expr.Literal && !(right instanceof Expr.Literal)) {
          return Expressions.compare(operator.flip(), right, left);
        }
        if (right instanceof Expr.Literal) {
          return Expressions.compare(operator, left, right);
        }
        boolean swap =
            switch (operator) {
              case GREATER_THAN, GREATER_THAN_OR_EQUAL -> true;
              case LESS_THAN, LESS_THAN_OR_EQUAL -> false;
              case EQUAL, NOT_EQUAL, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM ->
                  left.toString().compareTo(right.toString()) > 0;
            };
        return swap
            ? Expressions.compare(operator.flip(), right, left)
            : Expressions.compare(operator, left, right);
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case FUNCTION_CALL:
      case ARITHMETIC:
      case NOT:
      case LIKE:
      case IS_NULL:
      case CASE:
      case CAST:
      case CURRENT_USER:
      case CURRENT_ROLE:
      case HAS_ROLE:
      case IN_GROUP:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case LOOKUP:
        return ExprTrees.mapChildren(expr, Implications::normaliseTerm);
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  private static List<Expr> normaliseAll(List<Expr> exprs) {
    List<Expr> normalised = new ArrayList<>(exprs.size());
    for (Expr expr : exprs) {
      normalised.add(normalise(expr));
    }
    return normalised;
  }

  private static Expr sortedTerms(Expr expr) {
    if (expr instanceof Expr.And and) {
      List<Expr> terms = new ArrayList<>(and.terms());
      terms.sort(Comparator.comparing(Expr::toString));
      return new Expr.And(terms);
    }
    if (expr instanceof Expr.Or or) {
      List<Expr> terms = new ArrayList<>(or.terms());
      terms.sort(Comparator.comparing(Expr::toString));
      return new Expr.Or(terms);
    }
    return expr;
  }

  // ---------------------------------------------------------------------------------------------
  // The search.

  private enum Outcome {
    /** No row satisfies this branch. */
    UNSATISFIABLE,
    /** A row that satisfies this branch was constructed. */
    WITNESS,
    /** This branch may be satisfiable, but no row was constructed. */
    UNDECIDED
  }

  /** A persistent stack of formulas still to satisfy. */
  private record Pending(Formula head, Pending tail) {}

  private static final class Search {
    private int steps;
    private boolean exhausted;

    Outcome run(Pending pending, Map<Expr, ValueSet> constraints) {
      Pending rest = pending;
      Map<Expr, ValueSet> current = constraints;
      while (rest != null) {
        if (++steps > STEP_BUDGET) {
          exhausted = true;
          return Outcome.UNDECIDED;
        }
        Formula formula = rest.head();
        rest = rest.tail();
        if (formula instanceof Constant constant) {
          if (!constant.value()) {
            return Outcome.UNSATISFIABLE;
          }
        } else if (formula instanceof Atom atom) {
          ValueSet narrowed =
              current.getOrDefault(atom.term(), ValueSet.UNIVERSE).intersect(atom.values());
          if (narrowed.isEmpty()) {
            return Outcome.UNSATISFIABLE;
          }
          Map<Expr, ValueSet> next = new HashMap<>(current);
          next.put(atom.term(), narrowed);
          current = next;
        } else if (formula instanceof All all) {
          // Narrow by the unconditional parts before splitting cases on the disjunctions.
          List<Formula> parts = all.parts();
          for (int index = parts.size() - 1; index >= 0; index--) {
            if (parts.get(index) instanceof Any) {
              rest = new Pending(parts.get(index), rest);
            }
          }
          for (int index = parts.size() - 1; index >= 0; index--) {
            if (!(parts.get(index) instanceof Any)) {
              rest = new Pending(parts.get(index), rest);
            }
          }
        } else {
          boolean undecided = false;
          for (Formula part : ((Any) formula).parts()) {
            Outcome outcome = run(new Pending(part, rest), current);
            if (outcome == Outcome.WITNESS) {
              return Outcome.WITNESS;
            }
            undecided |= outcome == Outcome.UNDECIDED;
          }
          return undecided ? Outcome.UNDECIDED : Outcome.UNSATISFIABLE;
        }
      }
      return classify(current);
    }

    /**
     * A satisfiable branch is a counterexample only when every constrained term is a distinct plain
     * column with a value any column of its type can hold.
     */
    private static Outcome classify(Map<Expr, ValueSet> constraints) {
      Set<String> names = new HashSet<>();
      for (Map.Entry<Expr, ValueSet> entry : constraints.entrySet()) {
        if (!(entry.getKey() instanceof Expr.Column column)
            || !names.add(column.name())
            || !entry.getValue().hasWitness()) {
          return Outcome.UNDECIDED;
        }
      }
      return Outcome.WITNESS;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Formulas over constraints.

  private sealed interface Formula permits Constant, Atom, All, Any {}

  private record Constant(boolean value) implements Formula {
    static final Constant FALSE = new Constant(false);
  }

  /** The term takes a value in the set. */
  private record Atom(Expr term, ValueSet values) implements Formula {}

  private record All(List<Formula> parts) implements Formula {}

  private record Any(List<Formula> parts) implements Formula {}

  /** The families of literal values; a term compared with two families is not decided. */
  private enum Family {
    NUMBER,
    STRING,
    BOOLEAN,
    DATE,
    TIMESTAMP;

    static Family of(Expr.Literal literal) {
      if (literal instanceof Expr.NumberLiteral) {
        return NUMBER;
      }
      if (literal instanceof Expr.StringLiteral) {
        return STRING;
      }
      if (literal instanceof Expr.BooleanLiteral) {
        return BOOLEAN;
      }
      if (literal instanceof Expr.DateLiteral) {
        return DATE;
      }
      if (literal instanceof Expr.TimestampLiteral) {
        return TIMESTAMP;
      }
      throw new IllegalArgumentException("no family for " + literal.kind());
    }

    static Object value(Expr.Literal literal) {
      return Expressions.literalValue(literal)
          .orElseThrow(() -> new IllegalArgumentException("no value for " + literal.kind()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    int compare(Object left, Object right) {
      return Integer.signum(((Comparable) left).compareTo(right));
    }

    /** Whether some value lies in the interval, over a dense order (booleans are two points). */
    boolean isEmpty(Interval interval) {
      if (this == BOOLEAN) {
        return !contains(interval, false) && !contains(interval, true);
      }
      if (interval.lower().isEmpty() || interval.upper().isEmpty()) {
        return false;
      }
      Bound lower = interval.lower().get();
      Bound upper = interval.upper().get();
      int order = compare(lower.value(), upper.value());
      return order > 0 || (order == 0 && !(lower.inclusive() && upper.inclusive()));
    }

    boolean contains(Interval interval, Object value) {
      if (interval.lower().isPresent()) {
        int order = compare(value, interval.lower().get().value());
        if (order < 0 || (order == 0 && !interval.lower().get().inclusive())) {
          return false;
        }
      }
      if (interval.upper().isPresent()) {
        int order = compare(value, interval.upper().get().value());
        if (order > 0 || (order == 0 && !interval.upper().get().inclusive())) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether the interval holds a value every column of this family accepts: an integer, a whole
     * day, a whole second.
     */
    boolean hasWitness(Interval interval) {
      if (isEmpty(interval)) {
        return false;
      }
      if (interval.lower().isEmpty()) {
        return true;
      }
      Optional<Object> candidate = firstAcceptedFrom(interval.lower().get());
      return candidate.isEmpty() || contains(interval, candidate.get());
    }

    /**
     * The least value every column of the family accepts at or past the bound; empty when any value
     * will do (strings, booleans).
     */
    private Optional<Object> firstAcceptedFrom(Bound lower) {
      return switch (this) {
        case NUMBER -> {
          BigDecimal number = (BigDecimal) lower.value();
          BigDecimal ceiling = number.setScale(0, RoundingMode.CEILING);
          yield Optional.of(
              ceiling.compareTo(number) == 0 && !lower.inclusive()
                  ? ceiling.add(BigDecimal.ONE)
                  : ceiling);
        }
        case DATE -> {
          LocalDate date = (LocalDate) lower.value();
          yield Optional.of(lower.inclusive() ? date : date.plusDays(1));
        }
        case TIMESTAMP -> {
          LocalDateTime timestamp = (LocalDateTime) lower.value();
          LocalDateTime second = timestamp.truncatedTo(ChronoUnit.SECONDS);
          yield Optional.of(
              second.isBefore(timestamp) || (second.equals(timestamp) && !lower.inclusive())
                  ? second.plusSeconds(1)
                  : second);
        }
        case STRING, BOOLEAN -> Optional.empty();
      };
    }

    /** The non-empty intervals of the input, sorted and merged where they overlap or touch. */
    List<Interval> union(List<Interval> intervals) {
      List<Interval> sorted = new ArrayList<>();
      for (Interval interval : intervals) {
        if (!isEmpty(interval)) {
          sorted.add(interval);
        }
      }
      sorted.sort(this::compareLower);
      List<Interval> merged = new ArrayList<>();
      for (Interval interval : sorted) {
        if (!merged.isEmpty() && touches(merged.get(merged.size() - 1), interval)) {
          Interval last = merged.remove(merged.size() - 1);
          merged.add(new Interval(last.lower(), maxUpper(last.upper(), interval.upper())));
        } else {
          merged.add(interval);
        }
      }
      return merged;
    }

    /** The non-null values outside the union of the intervals. */
    List<Interval> complement(List<Interval> intervals) {
      List<Interval> gaps = new ArrayList<>();
      Optional<Bound> previousUpper = Optional.empty();
      boolean first = true;
      for (Interval interval : union(intervals)) {
        if (interval.lower().isPresent()) {
          Optional<Bound> gapLower = first ? Optional.empty() : flip(previousUpper);
          Interval gap = new Interval(gapLower, flip(interval.lower()));
          if (!isEmpty(gap)) {
            gaps.add(gap);
          }
        }
        first = false;
        previousUpper = interval.upper();
        if (previousUpper.isEmpty()) {
          return gaps;
        }
      }
      Interval last =
          new Interval(first ? Optional.empty() : flip(previousUpper), Optional.empty());
      if (!isEmpty(last)) {
        gaps.add(last);
      }
      return gaps;
    }

    List<Interval> intersect(List<Interval> left, List<Interval> right) {
      List<Interval> result = new ArrayList<>();
      for (Interval a : left) {
        for (Interval b : right) {
          Interval both =
              new Interval(maxLower(a.lower(), b.lower()), minUpper(a.upper(), b.upper()));
          if (!isEmpty(both)) {
            result.add(both);
          }
        }
      }
      return union(result);
    }

    private static Optional<Bound> flip(Optional<Bound> bound) {
      return bound.map(value -> new Bound(value.value(), !value.inclusive()));
    }

    private int compareLower(Interval a, Interval b) {
      if (a.lower().isEmpty() || b.lower().isEmpty()) {
        return Boolean.compare(a.lower().isPresent(), b.lower().isPresent());
      }
      int order = compare(a.lower().get().value(), b.lower().get().value());
      if (order != 0) {
        return order;
      }
      return Boolean.compare(!a.lower().get().inclusive(), !b.lower().get().inclusive());
    }

    /** Whether {@code next}, starting no earlier than {@code previous}, overlaps or adjoins it. */
    private boolean touches(Interval previous, Interval next) {
      if (previous.upper().isEmpty() || next.lower().isEmpty()) {
        return true;
      }
      Bound upper = previous.upper().get();
      Bound lower = next.lower().get();
      int order = compare(lower.value(), upper.value());
      return order < 0 || (order == 0 && (upper.inclusive() || lower.inclusive()));
    }

    private Optional<Bound> maxLower(Optional<Bound> a, Optional<Bound> b) {
      if (a.isEmpty()) {
        return b;
      }
      if (b.isEmpty()) {
        return a;
      }
      int order = compare(a.get().value(), b.get().value());
      if (order != 0) {
        return order > 0 ? a : b;
      }
      return a.get().inclusive() ? b : a;
    }

    private Optional<Bound> minUpper(Optional<Bound> a, Optional<Bound> b) {
      if (a.isEmpty()) {
        return b;
      }
      if (b.isEmpty()) {
        return a;
      }
      int order = compare(a.get().value(), b.get().value());
      if (order != 0) {
        return order < 0 ? a : b;
      }
      return a.get().inclusive() ? b : a;
    }

    private Optional<Bound> maxUpper(Optional<Bound> a, Optional<Bound> b) {
      if (a.isEmpty() || b.isEmpty()) {
        return Optional.empty();
      }
      int order = compare(a.get().value(), b.get().value());
      if (order != 0) {
        return order > 0 ? a : b;
      }
      return a.get().inclusive() ? a : b;
    }
  }

  private record Bound(Object value, boolean inclusive) {}

  private record Interval(Optional<Bound> lower, Optional<Bound> upper) {
    static Interval point(Object value) {
      return new Interval(Optional.of(new Bound(value, true)), Optional.of(new Bound(value, true)));
    }
  }

  /**
   * The values a term may take: NULL or not, and either every non-null value ({@code anyValue}) or
   * the given intervals of one family. {@code conflicting} marks a term constrained in two families
   * at once, which is not decided.
   */
  private record ValueSet(
      boolean includesNull,
      boolean anyValue,
      Optional<Family> family,
      List<Interval> intervals,
      boolean conflicting) {
    static final ValueSet UNIVERSE = new ValueSet(true, true, Optional.empty(), List.of(), false);
    static final ValueSet NULL_ONLY = new ValueSet(true, false, Optional.empty(), List.of(), false);
    static final ValueSet ANY_NOT_NULL =
        new ValueSet(false, true, Optional.empty(), List.of(), false);
    static final ValueSet CONFLICT = new ValueSet(true, true, Optional.empty(), List.of(), true);

    ValueSet {
      intervals = List.copyOf(intervals);
      if (intervals.isEmpty()) {
        family = Optional.empty();
      }
    }

    static ValueSet of(Family family, List<Interval> intervals, boolean includesNull) {
      return new ValueSet(includesNull, false, Optional.of(family), family.union(intervals), false);
    }

    static ValueSet point(Family family, Object value, boolean includesNull) {
      return of(family, List.of(Interval.point(value)), includesNull);
    }

    ValueSet intersect(ValueSet other) {
      if (conflicting || other.conflicting) {
        return CONFLICT;
      }
      boolean nulls = includesNull && other.includesNull;
      if (anyValue) {
        return new ValueSet(nulls, other.anyValue, other.family, other.intervals, false);
      }
      if (other.anyValue || intervals.isEmpty()) {
        return new ValueSet(nulls, false, family, intervals, false);
      }
      if (other.intervals.isEmpty()) {
        return new ValueSet(nulls, false, Optional.empty(), List.of(), false);
      }
      if (family.get() != other.family.get()) {
        return CONFLICT;
      }
      return new ValueSet(
          nulls, false, family, family.get().intersect(intervals, other.intervals), false);
    }

    ValueSet complement() {
      if (conflicting) {
        return CONFLICT;
      }
      if (anyValue) {
        return new ValueSet(!includesNull, false, Optional.empty(), List.of(), false);
      }
      if (intervals.isEmpty()) {
        return new ValueSet(!includesNull, true, Optional.empty(), List.of(), false);
      }
      return new ValueSet(!includesNull, false, family, family.get().complement(intervals), false);
    }

    boolean isEmpty() {
      return !conflicting && !includesNull && !anyValue && intervals.isEmpty();
    }

    boolean hasWitness() {
      if (conflicting) {
        return false;
      }
      if (includesNull || anyValue) {
        return true;
      }
      for (Interval interval : intervals) {
        if (family.get().hasWitness(interval)) {
          return true;
        }
      }
      return false;
    }
  }
}
