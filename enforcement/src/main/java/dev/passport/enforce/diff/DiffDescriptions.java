package dev.passport.enforce.diff;

import dev.passport.enforce.report.PolicyWords;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.Loss;
import dev.passport.model.MaskRule;
import dev.passport.model.Parameter;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.translate.sql.SqlDialect;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Policy elements and decisions in words, for the reports of a diff. */
final class DiffDescriptions {
  private DiffDescriptions() {}

  static String principal(Principal principal) {
    StringBuilder text =
        new StringBuilder(principal.kind().name().toLowerCase(Locale.ROOT))
            .append(' ')
            .append(principal.name());
    if (!principal.memberOf().isEmpty()) {
      List<String> roles = new ArrayList<>(principal.memberOf());
      roles.sort(null);
      text.append("; member of ").append(String.join(", ", roles));
    }
    if (!principal.flags().isEmpty()) {
      List<String> flags = new ArrayList<>();
      for (PrincipalFlag flag : principal.flags()) {
        flags.add(flag.name().toLowerCase(Locale.ROOT));
      }
      text.append("; ").append(String.join(", ", flags));
    }
    if (!principal.attributes().isEmpty()) {
      List<String> attributes = new ArrayList<>();
      for (Map.Entry<String, String> attribute : principal.attributes().entrySet()) {
        attributes.add(attribute.getKey() + "=" + attribute.getValue());
      }
      attributes.sort(null);
      text.append("; attributes ").append(String.join(", ", attributes));
    }
    return text.toString();
  }

  static String table(Table table) {
    List<String> columns = new ArrayList<>();
    for (ColumnInfo column : table.columns()) {
      columns.add(
          column.name()
              + (column.type().isEmpty() ? "" : " " + column.type())
              + (column.nullable() ? "" : " not null"));
    }
    StringBuilder text =
        new StringBuilder("table ")
            .append(table.name().qualifiedName())
            .append(" (")
            .append(String.join(", ", columns))
            .append(')');
    table.owner().ifPresent(owner -> text.append("; owner ").append(owner));
    text.append("; row security ").append(rowSecurity(table.rowSecurity()));
    return text.toString();
  }

  static String rowSecurity(RowSecurity rowSecurity) {
    if (!rowSecurity.enabled()) {
      return "disabled";
    }
    List<String> parts = new ArrayList<>();
    parts.add("enabled");
    parts.add("filters combine " + rowSecurity.combination().name().toLowerCase(Locale.ROOT));
    parts.add(
        rowSecurity.noneApplicableMeansNoRows()
            ? "no applicable filter means no rows"
            : "no applicable filter means all rows");
    if (rowSecurity.ownerExempt()) {
      parts.add("the owner is exempt");
    }
    if (!Subjects.isNobody(rowSecurity.exempt())) {
      parts.add("exempt: " + Subjects.describe(rowSecurity.exempt()));
    }
    return String.join(", ", parts);
  }

  static String definition(Definition definition, SqlDialect dialect) {
    List<String> parameters = new ArrayList<>();
    for (Parameter parameter : definition.parameters()) {
      parameters.add(parameter.name() + " " + parameter.type());
    }
    String head =
        definition.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + " "
            + definition.name()
            + "("
            + String.join(", ", parameters)
            + ")"
            + definition.returnType().map(type -> " returns " + type).orElse("");
    DefinitionBody body = definition.body();
    if (body instanceof DefinitionBody.Predicate predicate) {
      return head + ": " + sql(predicate.predicate(), dialect);
    }
    DefinitionBody.Mask mask = (DefinitionBody.Mask) body;
    return head + ": " + maskRules(mask.rules(), mask.otherwise(), dialect);
  }

  static String rowFilter(RowFilter filter, SqlDialect dialect) {
    StringBuilder text = new StringBuilder(filter.kind().name().toLowerCase(Locale.ROOT));
    text.append(" filter");
    filter.name().ifPresent(name -> text.append(' ').append(name));
    text.append(" on ").append(filter.table().qualifiedName());
    if (filter.actions().size() < Action.values().length) {
      List<String> actions = new ArrayList<>();
      for (Action action : filter.actions()) {
        actions.add(action.name());
      }
      text.append(" for ").append(String.join(", ", actions));
    }
    text.append(" to ").append(Subjects.describe(filter.appliesTo()));
    text.append(" using (").append(sql(filter.predicate(), dialect)).append(')');
    filter
        .check()
        .ifPresent(check -> text.append(" with check (").append(sql(check, dialect)).append(')'));
    if (filter.priority() != 0) {
      text.append(" priority ").append(filter.priority());
    }
    filter
        .definition()
        .ifPresent(definition -> text.append(" (definition ").append(definition).append(')'));
    filter.runAs().ifPresent(runAs -> text.append(" evaluated as ").append(runAs));
    return text.toString();
  }

  static String columnMask(ColumnMask mask, SqlDialect dialect) {
    StringBuilder text = new StringBuilder("mask");
    mask.name().ifPresent(name -> text.append(' ').append(name));
    text.append(" on ").append(maskTarget(mask));
    text.append(" for ").append(Subjects.describe(mask.appliesTo()));
    if (mask.priority() != 0) {
      text.append(" priority ").append(mask.priority());
    }
    text.append(": ").append(maskRules(mask.rules(), mask.otherwise(), dialect));
    mask.definition()
        .ifPresent(definition -> text.append(" (definition ").append(definition).append(')'));
    return text.toString();
  }

  static String maskTarget(ColumnMask mask) {
    if (mask.column().isPresent()) {
      return mask.column().get().qualifiedName();
    }
    TagReference tag = mask.tag().get();
    return "columns tagged "
        + tag.tag()
        + tag.value().map(value -> " = '" + value + "'").orElse("")
        + tag.dataType().map(type -> " of type " + type).orElse("");
  }

  static String view(View view) {
    StringBuilder text = new StringBuilder("view ").append(view.name().qualifiedName());
    if (!view.baseTables().isEmpty()) {
      List<String> tables = new ArrayList<>();
      view.baseTables().forEach(table -> tables.add(table.qualifiedName()));
      tables.sort(null);
      text.append(" over ").append(String.join(", ", tables));
    }
    for (ViewOption option : view.options()) {
      text.append(' ').append(option.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    view.owner().ifPresent(owner -> text.append("; owner ").append(owner));
    view.sql().ifPresent(sql -> text.append(": ").append(DiffNormaliser.sqlText(sql)));
    return text.toString();
  }

  static String loss(Loss loss) {
    return loss.direction().name().toLowerCase(Locale.ROOT) + ": " + loss.reason();
  }

  static String rows(Expr rowFilter, SqlDialect dialect) {
    return PolicyWords.rows(rowFilter, predicate -> "rows where " + sql(predicate, dialect));
  }

  static String column(ColumnDecision decision, SqlDialect dialect) {
    return PolicyWords.column(
        decision,
        condition -> sql(condition, dialect, decision.column()),
        transform -> transform(transform, dialect));
  }

  private static String maskRules(List<MaskRule> rules, Transform otherwise, SqlDialect dialect) {
    List<String> arms = new ArrayList<>();
    for (MaskRule rule : rules) {
      String condition =
          Expressions.isTrue(rule.condition())
              ? ""
              : " and " + sql(rule.condition(), dialect, "value");
      arms.add(
          "when "
              + Subjects.describe(rule.subject())
              + condition
              + " then "
              + transform(rule.transform(), dialect));
    }
    arms.add((rules.isEmpty() ? "" : "otherwise ") + transform(otherwise, dialect));
    return String.join("; ", arms);
  }

  static String transform(Transform transform, SqlDialect dialect) {
    String kind = transform.kind().id();
    switch (transform.kind()) {
      case IDENTITY:
      case NULLIFY:
      case MASK_CHARACTERS:
      case EMAIL:
        return kind;
      case CONSTANT:
        return kind + " " + sql(((Transform.Constant) transform).value(), dialect);
      case HASH:
        Transform.Hash hash = (Transform.Hash) transform;
        return kind
            + " "
            + hash.algorithm().javaName()
            + (hash.salt() == SaltScope.NONE
                ? ""
                : ", salt " + hash.salt().name().toLowerCase(Locale.ROOT));
      case PARTIAL:
        Transform.Partial partial = (Transform.Partial) transform;
        return kind
            + " keep first "
            + partial.keepFirst()
            + ", last "
            + partial.keepLast()
            + ", fill '"
            + partial.fill()
            + (partial.mode() == FillMode.ONCE ? "' once" : "' per character");
      case REGEX_REPLACE:
        Transform.RegexReplace regex = (Transform.RegexReplace) transform;
        return kind + " /" + regex.pattern() + "/ with '" + regex.replacement() + "'";
      case DATE_TRUNCATE:
        return kind
            + " to "
            + ((Transform.DateTruncate) transform).unit().name().toLowerCase(Locale.ROOT);
      case ROUND:
        int digits = ((Transform.Round) transform).digits();
        return kind
            + (digits >= 0
                ? " to " + digits + " decimal places"
                : " to the nearest " + BigInteger.TEN.pow(-digits));
      case EXPRESSION:
        return kind + " " + sql(((Transform.Expression) transform).expression(), dialect, "value");
    }
    throw new AssertionError("unreachable: " + transform.kind());
  }

  static String sql(Expr expr, SqlDialect dialect) {
    return sql(expr, dialect, "value");
  }

  static String sql(Expr expr, SqlDialect dialect, String maskedColumn) {
    return PolicyWords.sql(expr, dialect, maskedColumn);
  }
}
