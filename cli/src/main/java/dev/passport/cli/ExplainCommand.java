package dev.passport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.Action;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Securable;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.sql.SqlDialect;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code passport explain}: one principal's access to one table, in words or as JSON. */
@Command(
    name = "explain",
    header = "Show what a principal may do with a table, and sees of it.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Show what a principal may do with a table under a PolicySet: whether the action is"
          + " allowed and why (with the grant and where it was declared), the rows it sees (the"
          + " row filter left after the principal's identity is filled in, as SQL of the source's"
          + " dialect) and what each column shows.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport explain policies.json --user alice --table sales.customers",
      "  passport explain policies.json --user bob --attr app.tenant=42 --table customers",
      "  passport explain policies.json --user bob --role support --table customers --column ssn",
      "  passport explain policies.json --user alice --table customers --json",
      "      prints {\"allowed\": …, \"rowFilter\": null or SQL, \"masks\": {column: kind}}"
    })
final class ExplainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The PolicySet JSON file.")
  private Path file;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER",
      description = "The user asking, as named in the PolicySet.")
  private String user;

  @Mixin private SessionOptions session;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "TABLE",
      description =
          "The table, qualified as in the source; schema.table or table is enough when only one"
              + " table matches.")
  private String table;

  @Option(names = "--column", paramLabel = "COLUMN", description = "Show only this column.")
  private String column;

  @Option(
      names = "--action",
      paramLabel = "ACTION",
      defaultValue = "select",
      description = "select, insert, update or delete (default: ${DEFAULT-VALUE}).")
  private Action action;

  @Option(
      names = "--json",
      description =
          "Print one JSON object instead: allowed, rowFilter (null when every row is visible)"
              + " and masks (column to kind).")
  private boolean json;

  @Override
  public Integer call() {
    PrincipalContext context = context();
    PolicySet policySet = PolicySetCodec.read(file);
    checkPrincipals(policySet, context, file.toString());
    Evaluator evaluator = Evaluator.compile(policySet);
    Securable resolved;
    try {
      resolved = evaluator.resolveTable(table);
    } catch (PassportException e) {
      throw new PassportException(e.errorCode(), file + ": " + e.getMessage(), e);
    }
    Decision decision = evaluator.decide(context, resolved, action);
    SqlDialect dialect = SqlDialect.forSystem(policySet.source().system());
    Map<String, ColumnDecision> columns = selectColumns(decision, column);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(json(decision, columns, dialect));
    } else {
      printHuman(out, context, decision, columns, dialect);
    }
    return Main.EXIT_OK;
  }

  private PrincipalContext context() {
    return session.context(spec, "--user", user);
  }

  /**
   * A misspelt user or role would quietly explain "denied"; refuse names the PolicySet does not
   * know, unless it records no principals at all (a rules file matches names by pattern).
   */
  static void checkPrincipals(PolicySet policySet, PrincipalContext context, String source) {
    if (policySet.principals().isEmpty()) {
      return;
    }
    Optional<Principal> user = policySet.principal(context.user());
    if (user.isEmpty()) {
      throw new PassportException(
          ErrorCode.UNKNOWN_PRINCIPAL,
          source
              + ": no user '"
              + context.user()
              + "'; known users: "
              + known(policySet, PrincipalKind.USER));
    }
    for (String role : context.roles()) {
      if (policySet.principal(role).isEmpty()) {
        throw new PassportException(
            ErrorCode.UNKNOWN_PRINCIPAL,
            source
                + ": no role '"
                + role
                + "'; known roles: "
                + known(policySet, PrincipalKind.ROLE));
      }
    }
  }

  private static String known(PolicySet policySet, PrincipalKind kind) {
    List<String> names = new ArrayList<>();
    for (Principal principal : policySet.principals()) {
      if (principal.kind() == kind) {
        names.add(principal.name());
      }
    }
    if (names.isEmpty()) {
      return "none";
    }
    return names.size() > 12
        ? String.join(", ", names.subList(0, 12)) + ", … (" + names.size() + " in all)"
        : String.join(", ", names);
  }

  static Map<String, ColumnDecision> selectColumns(Decision decision, String wanted) {
    if (wanted == null) {
      return decision.columns();
    }
    ColumnDecision found = decision.columns().get(wanted);
    if (found == null) {
      for (ColumnDecision candidate : decision.columns().values()) {
        if (candidate.column().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))) {
          found = candidate;
          break;
        }
      }
    }
    if (found == null) {
      throw new PassportException(
          ErrorCode.INVALID_ARGUMENT,
          "Table "
              + decision.table().qualifiedName()
              + " has no column '"
              + wanted
              + "'; its columns: "
              + (decision.columns().isEmpty()
                  ? "none recorded"
                  : String.join(", ", decision.columns().keySet())));
    }
    Map<String, ColumnDecision> selected = new LinkedHashMap<>();
    selected.put(found.column(), found);
    return selected;
  }

  static String json(Decision decision, Map<String, ColumnDecision> columns, SqlDialect dialect) {
    ObjectNode root = JSON.createObjectNode();
    root.put("allowed", decision.allowed());
    Optional<String> rowFilter = Descriptions.rowFilterSql(decision.rowFilter(), dialect);
    if (rowFilter.isPresent()) {
      root.put("rowFilter", rowFilter.get());
    } else {
      root.putNull("rowFilter");
    }
    ObjectNode masks = root.putObject("masks");
    for (ColumnDecision columnDecision : columns.values()) {
      masks.put(columnDecision.column(), columnDecision.kindName());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void printHuman(
      PrintWriter out,
      PrincipalContext context,
      Decision decision,
      Map<String, ColumnDecision> columns,
      SqlDialect dialect) {
    out.println(
        context.user()
            + describeSession(context)
            + " on "
            + decision.table().qualifiedName()
            + " ("
            + decision.action().name().toLowerCase(Locale.ROOT)
            + ")");
    out.println("  access   " + (decision.allowed() ? "allowed" : "denied"));
    for (String reason : decision.reasons()) {
      if (aboutOtherColumn(reason, columns)) {
        continue;
      }
      out.println("  why      " + reason);
    }
    decision
        .grantedBy()
        .ifPresent(
            grant ->
                out.println(
                    "  grant    "
                        + Descriptions.grant(grant)
                        + "  ["
                        + grant.origin().location()
                        + "]"));
    out.println("  rows     " + rowsOrExplanation(decision, dialect));
    if (columns.isEmpty()) {
      out.println("  columns  none recorded for this table");
      return;
    }
    out.println("  columns");
    int width = 0;
    for (String name : columns.keySet()) {
      width = Math.max(width, name.length());
    }
    for (ColumnDecision columnDecision : columns.values()) {
      out.println(
          "    "
              + pad(columnDecision.column(), width)
              + "  "
              + Descriptions.column(columnDecision, dialect));
    }
  }

  /** Whether a reason explains a column that {@code --column} left out. */
  private static boolean aboutOtherColumn(String reason, Map<String, ColumnDecision> shown) {
    if (!reason.startsWith("column ")) {
      return false;
    }
    for (String column : shown.keySet()) {
      if (reason.startsWith("column " + column + ":")) {
        return false;
      }
    }
    return true;
  }

  private static String rowsOrExplanation(Decision decision, SqlDialect dialect) {
    try {
      return Descriptions.rows(decision.rowFilter(), dialect);
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      return "a filter that cannot be printed: " + e.getMessage();
    }
  }

  private static String describeSession(PrincipalContext context) {
    List<String> parts = new ArrayList<>();
    if (!context.roles().isEmpty()) {
      parts.add("roles " + String.join(", ", context.roles()));
    }
    if (!context.groups().isEmpty()) {
      parts.add("groups " + String.join(", ", context.groups()));
    }
    if (!context.attributes().isEmpty()) {
      List<String> pairs = new ArrayList<>();
      context.attributes().forEach((key, value) -> pairs.add(key + "=" + value));
      parts.add(String.join(", ", pairs));
    }
    return parts.isEmpty() ? "" : " [" + String.join("; ", parts) + "]";
  }

  static String pad(String text, int width) {
    StringBuilder padded = new StringBuilder(text);
    while (padded.length() < width) {
      padded.append(' ');
    }
    return padded.toString();
  }
}
