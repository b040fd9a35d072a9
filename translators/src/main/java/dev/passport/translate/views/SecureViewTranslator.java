package dev.passport.translate.views;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Table;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.Audience;
import dev.passport.translate.iceberg.Audiences;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fallback for engines and catalogs with neither row/column security nor read restrictions: one
 * view per table and {@link Audience} over the Iceberg table, in Trino ({@value #TRINO_FILE}) and
 * Spark SQL ({@value #SPARK_FILE}), selecting the columns the class may read (masked) and the rows
 * its residual filter admits ({@code current_user} left in for classes of unnamed users).
 *
 * <p>Views are weak protection: anyone who can read the base table bypasses them. Each restricted
 * view whose class the source grants the base table is therefore reported (LOOSER): grant the class
 * the view only, never the table. Grants are written for Trino users and roles; groups and Spark
 * grantees are listed in comments, since how they are granted depends on the catalog.
 */
public final class SecureViewTranslator {
  public static final String TRINO_FILE = "views/trino.sql";
  public static final String SPARK_FILE = "views/spark.sql";

  private final PolicySet set;
  private final SecureViewOptions options;
  private final Evaluator evaluator;
  private final Set<Loss> losses = new LinkedHashSet<>();
  private final List<Audience> audiences;

  private SecureViewTranslator(PolicySet set, IdentityMap identities, SecureViewOptions options) {
    this.set = set;
    this.options = options;
    this.evaluator = Evaluator.compile(set);
    this.audiences = Audiences.of(set, evaluator, identities, losses::add);
  }

  /** The view scripts and what they do not say exactly as the source does. */
  public static Translation translate(
      PolicySet set, IdentityMap identities, SecureViewOptions options) {
    requireNonNull(set, "set is null");
    requireNonNull(identities, "identities is null");
    requireNonNull(options, "options is null");
    return new SecureViewTranslator(set, identities, options).run();
  }

  private Translation run() {
    StringBuilder trino = new StringBuilder(header("Trino"));
    StringBuilder spark = new StringBuilder(header("Spark SQL"));
    for (Table table : set.tables()) {
      for (Audience audience : audiences) {
        if (audience.kind() != Audience.Kind.PUBLIC && audience.target().isEmpty()) {
          continue;
        }
        Decision decision = evaluator.decide(audience.context(), table.name(), Action.SELECT);
        if (!decision.allowed()) {
          continue;
        }
        boolean restricted = view(trino, SqlDialect.TRINO, table, audience, decision);
        view(spark, SqlDialect.SPARK, table, audience, decision);
        if (restricted) {
          losses.add(
              new Loss(
                  Origin.of(set.source().system()).withObject(table.name().qualifiedName()),
                  "The view of "
                      + table.name()
                      + " for "
                      + audience.describe()
                      + " filters or masks, but the source grants the class the base table;"
                      + " if the target grants it too, the class reads the table around the view",
                  LossDirection.LOOSER));
        }
      }
    }
    Map<String, String> artifacts = new LinkedHashMap<>();
    artifacts.put(TRINO_FILE, trino.toString());
    artifacts.put(SPARK_FILE, spark.toString());
    return new Translation(artifacts, new ArrayList<>(losses));
  }

  private static String header(String dialect) {
    return "-- Passport per-class views ("
        + dialect
        + "). Weak protection: a principal granted the base\n"
        + "-- table reads around its view. Grant each class its view, never the table.\n";
  }

  // Returns whether the view filters or masks anything.
  private boolean view(
      StringBuilder script, SqlDialect dialect, Table table, Audience audience, Decision decision) {
    Securable base = target(table.name(), Optional.empty());
    Securable view =
        target(
            table.name(),
            Optional.of(
                table.name().table().orElseThrow() + "_" + audience.fileName().replace('-', '_')));
    boolean wholeTable =
        decision.grantedBy().isEmpty()
            || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN;
    Map<String, ColumnDecision> columns = Audiences.withCurrentUser(decision.columns());
    List<String> names = new ArrayList<>();
    table.columns().forEach(column -> names.add(column.name()));
    columns
        .keySet()
        .forEach(
            name -> {
              if (!names.contains(name)) {
                names.add(name);
              }
            });
    boolean restricted = false;
    List<String> select = new ArrayList<>();
    for (String name : names) {
      ColumnDecision column = columns.get(name);
      String identifier = ExpressionPrinter.identifier(name, dialect);
      if (column == null) {
        if (wholeTable) {
          select.add(identifier);
        } else {
          restricted = true;
        }
        continue;
      }
      if (!column.readable()) {
        restricted = true;
        continue;
      }
      if (column.unconditional().isPresent()
          && column.unconditional().get().kind() == TransformKind.IDENTITY) {
        select.add(identifier);
        continue;
      }
      restricted = true;
      select.add(mask(dialect, table, audience, column) + " AS " + identifier);
    }
    Expr filter = Audiences.withCurrentUser(decision.rowFilter());
    String where = "";
    if (!Expressions.isTrue(filter)) {
      restricted = true;
      where = "\nWHERE " + filter(dialect, table, audience, filter);
    }
    script
        .append("\n-- ")
        .append(table.name())
        .append(" for ")
        .append(audience.describe())
        .append('\n');
    if (select.isEmpty()) {
      script.append("-- no readable column: no view\n");
      return restricted;
    }
    script
        .append("CREATE OR REPLACE VIEW ")
        .append(ExpressionPrinter.qualifiedName(view, dialect))
        .append(dialect == SqlDialect.TRINO ? " SECURITY DEFINER" : "")
        .append(" AS\nSELECT ")
        .append(String.join(",\n  ", select))
        .append("\nFROM ")
        .append(ExpressionPrinter.qualifiedName(base, dialect))
        .append(where)
        .append(";\n");
    grants(script, dialect, view, audience);
    return restricted;
  }

  private void grants(StringBuilder script, SqlDialect dialect, Securable view, Audience audience) {
    String name = ExpressionPrinter.qualifiedName(view, dialect);
    if (audience.kind() == Audience.Kind.PUBLIC) {
      script.append("-- grant SELECT on ").append(name).append(" to every other principal\n");
      return;
    }
    TargetPrincipals target = audience.target().orElseThrow();
    if (dialect == SqlDialect.TRINO) {
      for (String user : target.users()) {
        script
            .append("GRANT SELECT ON ")
            .append(name)
            .append(" TO USER ")
            .append(ExpressionPrinter.identifier(user, dialect))
            .append(";\n");
      }
      for (String role : target.roles()) {
        script
            .append("GRANT SELECT ON ")
            .append(name)
            .append(" TO ROLE ")
            .append(ExpressionPrinter.identifier(role, dialect))
            .append(";\n");
      }
      for (String group : target.groups()) {
        script
            .append("-- grant SELECT on ")
            .append(name)
            .append(" to group ")
            .append(group)
            .append('\n');
      }
      return;
    }
    script
        .append("-- grant SELECT on ")
        .append(name)
        .append(" to users ")
        .append(target.users())
        .append(", groups ")
        .append(target.groups())
        .append(", roles ")
        .append(target.roles())
        .append('\n');
  }

  private String mask(SqlDialect dialect, Table table, Audience audience, ColumnDecision column) {
    Optional<String> type = table.column(column.column()).map(ColumnInfo::type);
    try {
      return TransformSqlPrinter.print(
          column,
          dialect,
          ExpressionPrinter.identifier(column.column(), dialect),
          type,
          TransformSqlPrinter.storedSalt(column, options.hashSalt()));
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      losses.add(
          new Loss(
              Origin.of(set.source().system())
                  .withObject(table.name().column(column.column()).qualifiedName()),
              "The mask of "
                  + table.name().column(column.column())
                  + " for "
                  + audience.describe()
                  + " has no "
                  + dialect
                  + " form ("
                  + e.getMessage()
                  + "); the view returns NULL",
              LossDirection.STRICTER));
      return "NULL";
    }
  }

  private String filter(SqlDialect dialect, Table table, Audience audience, Expr filter) {
    if (Expressions.isFalseOrNull(filter)) {
      return "false";
    }
    try {
      return ExpressionPrinter.print(filter, dialect);
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      losses.add(
          new Loss(
              Origin.of(set.source().system()).withObject(table.name().qualifiedName()),
              "The row filter of "
                  + table.name()
                  + " for "
                  + audience.describe()
                  + " has no "
                  + dialect
                  + " form ("
                  + e.getMessage()
                  + "); the view returns no rows",
              LossDirection.STRICTER));
      return "false";
    }
  }

  private Securable target(Securable table, Optional<String> viewName) {
    Optional<String> catalog = options.catalog().isPresent() ? options.catalog() : table.catalog();
    Optional<String> schema =
        viewName.isPresent() && options.viewSchema().isPresent()
            ? options.viewSchema()
            : table.schema();
    return new Securable(
        catalog,
        schema,
        Optional.of(viewName.orElse(table.table().orElseThrow())),
        Optional.empty(),
        "");
  }
}
