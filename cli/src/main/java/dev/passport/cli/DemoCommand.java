package dev.passport.cli;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code passport demo}: explains a bundled sample policy set for each of its users. A preview: the
 * end-to-end demo against an embedded PostgreSQL replaces it.
 */
@Command(
    name = "demo",
    header = "Explain a bundled sample policy set for its users (a preview).",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Explain a small bundled retail policy set (PostgreSQL row-level security on"
          + " retail.customers, masks on ssn, email and birth_date, roles analyst, support and"
          + " admin) for each of its users, as a matrix.",
      "This is a preview that evaluates the policies in the JVM; the full end-to-end demo,"
          + " running them in an embedded PostgreSQL, is coming.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport demo",
      "  passport demo --save retail.json",
      "  passport explain retail.json --user alice --table customers"
    })
final class DemoCommand implements Callable<Integer> {
  static final String RESOURCE = "demo/retail.json";
  private static final String TABLE = "retail.customers";

  @Spec private CommandSpec spec;

  @Option(
      names = "--save",
      paramLabel = "FILE",
      description = "Also write the sample policy set to FILE, to try other commands on it.")
  private Path save;

  @Override
  public Integer call() {
    PolicySet policySet = load();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Passport demo (preview): who sees what of " + TABLE);
    out.println();
    out.println(
        "The full end-to-end demo, which runs the translated policies in an embedded PostgreSQL"
            + " and");
    out.println(
        "queries real rows, is coming. This preview evaluates the bundled sample policy set in"
            + " the JVM.");
    out.println();
    StringWriter validation = new StringWriter();
    int validationCode =
        ValidateCommand.report(new PrintWriter(validation, true), RESOURCE, policySet);
    if (validationCode != Main.EXIT_OK) {
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR, "the bundled sample policy set is invalid:\n" + validation);
    }
    out.print(validation);
    out.println(
        "Source: "
            + policySet.source().system().displayName()
            + " DDL ("
            + policySet.source().locator()
            + "); roles: "
            + roleHierarchy(policySet));
    out.println();

    Evaluator evaluator = Evaluator.compile(policySet);
    Securable table = evaluator.resolveTable(TABLE);
    SqlDialect dialect = SqlDialect.forSystem(policySet.source().system());
    Map<String, Decision> decisions = new LinkedHashMap<>();
    for (Principal principal : policySet.principals()) {
      if (principal.kind() == PrincipalKind.USER) {
        decisions.put(
            principal.name(),
            evaluator.decide(PrincipalContext.user(principal.name()), table, Action.SELECT));
      }
    }
    printMatrix(out, policySet, decisions, dialect);
    out.println();
    printMasks(out, decisions, dialect);
    out.println();
    out.println("Try it yourself:");
    out.println("  passport demo --save retail.json");
    out.println("  passport explain retail.json --user alice --table customers");
    out.println("  passport explain retail.json --user bob --table customers --json");
    if (save != null) {
      PolicySetCodec.write(policySet, save);
      out.println();
      out.println("Wrote the sample policy set to " + save);
    }
    return Main.EXIT_OK;
  }

  static PolicySet load() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new PassportException(
            ErrorCode.INTERNAL_ERROR, "resource missing from the class path: " + RESOURCE);
      }
      return PolicySetCodec.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "cannot read " + RESOURCE, e);
    }
  }

  private static String roleHierarchy(PolicySet policySet) {
    List<String> parts = new ArrayList<>();
    for (Principal principal : policySet.principals()) {
      if (principal.kind() == PrincipalKind.ROLE) {
        parts.add(
            principal.memberOf().isEmpty()
                ? principal.name()
                : principal.name() + " (inherits " + String.join(", ", principal.memberOf()) + ")");
      }
    }
    return String.join(", ", parts);
  }

  private static void printMatrix(
      PrintWriter out, PolicySet policySet, Map<String, Decision> decisions, SqlDialect dialect) {
    // Only the columns someone sees masked; the rest show as is to whoever may read the table.
    Set<String> masked = new LinkedHashSet<>();
    for (Decision decision : decisions.values()) {
      for (ColumnDecision column : decision.columns().values()) {
        if (decision.allowed() && !column.kindName().equals("identity")) {
          masked.add(column.column());
        }
      }
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("user", "roles", "access", "rows"));
    header.addAll(masked);
    rows.add(header);
    for (Map.Entry<String, Decision> entry : decisions.entrySet()) {
      Decision decision = entry.getValue();
      List<String> row = new ArrayList<>();
      row.add(entry.getKey());
      List<String> memberOf = policySet.principal(entry.getKey()).orElseThrow().memberOf();
      row.add(memberOf.isEmpty() ? "-" : String.join(",", memberOf));
      row.add(decision.allowed() ? "allowed" : "denied");
      row.add(Descriptions.rows(decision.rowFilter(), dialect).replaceFirst("^where ", ""));
      for (String column : masked) {
        ColumnDecision columnDecision = decision.columns().get(column);
        row.add(columnDecision == null ? "?" : columnDecision.kindName());
      }
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    for (List<String> row : rows) {
      for (int index = 0; index < row.size(); index++) {
        widths[index] = Math.max(widths[index], row.get(index).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int index = 0; index < row.size(); index++) {
        line.append(ExplainCommand.pad(row.get(index), widths[index] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.println(
        "Other columns are shown as is to every user who may read the table. A denied user sees"
            + " nothing.");
  }

  private static void printMasks(
      PrintWriter out, Map<String, Decision> decisions, SqlDialect dialect) {
    // column → description → users, in first-seen order
    Map<String, Map<String, List<String>>> byColumn = new LinkedHashMap<>();
    for (Map.Entry<String, Decision> entry : decisions.entrySet()) {
      if (!entry.getValue().allowed()) {
        continue;
      }
      for (ColumnDecision column : entry.getValue().columns().values()) {
        if (column.kindName().equals("identity")) {
          continue;
        }
        byColumn.computeIfAbsent(column.column(), key -> new LinkedHashMap<>());
      }
    }
    if (byColumn.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Decision> entry : decisions.entrySet()) {
      if (!entry.getValue().allowed()) {
        continue;
      }
      for (String column : byColumn.keySet()) {
        ColumnDecision decision = entry.getValue().columns().get(column);
        if (decision != null) {
          byColumn
              .get(column)
              .computeIfAbsent(Descriptions.column(decision, dialect), key -> new ArrayList<>())
              .add(entry.getKey());
        }
      }
    }
    out.println("What the masks do:");
    int width = 0;
    for (String column : byColumn.keySet()) {
      width = Math.max(width, column.length());
    }
    for (Map.Entry<String, Map<String, List<String>>> column : byColumn.entrySet()) {
      String label = column.getKey();
      for (Map.Entry<String, List<String>> description : column.getValue().entrySet()) {
        out.println(
            "  "
                + ExplainCommand.pad(label, width)
                + "  "
                + description.getKey()
                + "  ("
                + String.join(", ", description.getValue())
                + ")");
        label = "";
      }
    }
  }
}
