package dev.passport.enforce.diff;

import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Implications;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.SqlText;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Policy elements with what does not change their meaning taken out, so that equal meaning compares
 * equal: origins replaced by one placeholder, the original spelling of names dropped, expressions
 * normalised ({@link Implications#normalise}: opaque SQL whitespace and keyword case, operand and
 * term order; numbers are normalised by the literal itself), and unordered lists of subjects in a
 * fixed order.
 */
final class DiffNormaliser {
  /** Stands for every origin, so that where a rule was written never makes it differ. */
  static final Origin NO_ORIGIN = Origin.of(SystemKind.PASSPORT);

  private DiffNormaliser() {}

  static Securable securable(Securable securable) {
    return new Securable(
        securable.catalog(), securable.schema(), securable.table(), securable.column(), "");
  }

  static Expr expr(Expr expr) {
    Expr renamed =
        ExprTrees.rewrite(
            expr,
            node -> {
              if (node instanceof Expr.Lookup lookup) {
                return Optional.of(
                    new Expr.Lookup(
                        securable(lookup.table()),
                        lookup.alias(),
                        expr(lookup.condition()),
                        lookup.probe().map(DiffNormaliser::expr),
                        lookup.column()));
              }
              return Optional.empty();
            });
    return Implications.normalise(renamed);
  }

  static Subject subject(Subject subject) {
    switch (subject.kind()) {
      case EVERYONE:
      case HAS_ROLE:
      case IS_USER:
      case IN_GROUP:
      case ATTRIBUTE_EQUALS:
        return subject;
      case ANY_OF:
        return new Subject.AnyOf(sortedSubjects(((Subject.AnyOf) subject).subjects()));
      case ALL_OF:
        return new Subject.AllOf(sortedSubjects(((Subject.AllOf) subject).subjects()));
      case NOT:
        return new Subject.Not(subject(((Subject.Not) subject).subject()));
    }
    throw new AssertionError("unreachable: " + subject.kind());
  }

  private static List<Subject> sortedSubjects(List<Subject> subjects) {
    List<Subject> normalised = new ArrayList<>();
    for (Subject member : subjects) {
      Subject each = subject(member);
      if (!normalised.contains(each)) {
        normalised.add(each);
      }
    }
    normalised.sort(Comparator.comparing(Subjects::describe));
    return normalised;
  }

  static Transform transform(Transform transform) {
    if (transform instanceof Transform.Expression expression) {
      return new Transform.Expression(expr(expression.expression()));
    }
    return transform;
  }

  static List<MaskRule> rules(List<MaskRule> rules) {
    // Rule order is meaningful (the first match wins), so it is kept.
    List<MaskRule> normalised = new ArrayList<>(rules.size());
    for (MaskRule rule : rules) {
      normalised.add(
          new MaskRule(
              subject(rule.subject()), expr(rule.condition()), transform(rule.transform())));
    }
    return normalised;
  }

  static RowFilter rowFilter(RowFilter filter) {
    return new RowFilter(
        filter.name(),
        securable(filter.table()),
        expr(filter.predicate()),
        filter.check().map(DiffNormaliser::expr),
        subject(filter.appliesTo()),
        filter.actions(),
        filter.kind(),
        filter.priority(),
        filter.definition(),
        filter.bindings(),
        filter.runAs(),
        NO_ORIGIN);
  }

  static ColumnMask columnMask(ColumnMask mask) {
    return new ColumnMask(
        mask.name(),
        mask.column().map(DiffNormaliser::securable),
        mask.tag(),
        rules(mask.rules()),
        transform(mask.otherwise()),
        subject(mask.appliesTo()),
        mask.priority(),
        mask.definition(),
        mask.bindings(),
        NO_ORIGIN);
  }

  static Definition definition(Definition definition) {
    DefinitionBody body = definition.body();
    DefinitionBody normalisedBody;
    if (body instanceof DefinitionBody.Predicate predicate) {
      normalisedBody = new DefinitionBody.Predicate(expr(predicate.predicate()));
    } else {
      DefinitionBody.Mask mask = (DefinitionBody.Mask) body;
      normalisedBody = new DefinitionBody.Mask(rules(mask.rules()), transform(mask.otherwise()));
    }
    return new Definition(
        definition.name(),
        definition.kind(),
        definition.parameters(),
        definition.returnType(),
        normalisedBody,
        NO_ORIGIN);
  }

  static RowSecurity rowSecurity(RowSecurity rowSecurity) {
    return new RowSecurity(
        rowSecurity.enabled(),
        rowSecurity.combination(),
        rowSecurity.noneApplicableMeansNoRows(),
        rowSecurity.ownerExempt(),
        subject(rowSecurity.exempt()));
  }

  /**
   * SQL text outside an expression tree (a view's definition): runs of whitespace collapsed and
   * everything outside quotes in lower case.
   */
  static String sqlText(String sql) {
    String text = SqlText.normalise(sql, "(),;");
    return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
  }
}
