package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ColumnMask;
import dev.passport.model.MaskRule;
import dev.passport.model.Subject;
import dev.passport.model.SubjectKind;
import dev.passport.model.Subjects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules chosen by a session attribute value: a grant, row filter or mask whose subject reads one
 * ({@code app.tier = 'gold'}, Snowflake's {@code CURRENT_ACCOUNT()}). The evaluator takes such a
 * subject as not matching for a principal whose session nobody knows, so a comparison of two policy
 * sets cannot tell what such sessions get; the gate and the diff both use this to say so instead of
 * reporting agreement.
 */
public final class SessionAttributeRules {
  private SessionAttributeRules() {}

  /** Whether any node of the subject tests a session attribute value. */
  public static boolean readsSessionAttribute(Subject subject) {
    requireNonNull(subject, "subject is null");
    return Subjects.anyMatch(subject, node -> node.kind() == SubjectKind.ATTRIBUTE_EQUALS);
  }

  /** Whether the mask's own subject, or the subject of one of its rules, reads one. */
  public static boolean readsSessionAttribute(ColumnMask mask) {
    requireNonNull(mask, "mask is null");
    if (readsSessionAttribute(mask.appliesTo())) {
      return true;
    }
    for (MaskRule rule : mask.rules()) {
      if (readsSessionAttribute(rule.subject())) {
        return true;
      }
    }
    return false;
  }

  /** The attribute tests in the subject, as {@code key = 'value'}, sorted. */
  public static Set<String> conditions(Subject subject) {
    requireNonNull(subject, "subject is null");
    Set<String> conditions = new TreeSet<>();
    Subjects.anyMatch(
        subject,
        node -> {
          if (node.kind() == SubjectKind.ATTRIBUTE_EQUALS) {
            Subject.AttributeEquals equals = (Subject.AttributeEquals) node;
            conditions.add(equals.key() + " = '" + equals.value() + "'");
          }
          // Never a match: the walk must visit every node.
          return false;
        });
    return conditions;
  }

  /** The attribute tests of the mask's subject and rule subjects, sorted. */
  public static Set<String> conditions(ColumnMask mask) {
    requireNonNull(mask, "mask is null");
    Set<String> conditions = new TreeSet<>(conditions(mask.appliesTo()));
    for (MaskRule rule : mask.rules()) {
      conditions.addAll(conditions(rule.subject()));
    }
    return conditions;
  }
}
