package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.enforce.report.HtmlReport;
import dev.passport.model.Disclosure;
import dev.passport.model.ErrorCode;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gate's result as a stable JSON document (for machines and the HTML report) and as Markdown
 * (for a pull request). The same result always gives the same bytes: members in a fixed order,
 * findings and the matrix in the result's order, two-space indentation, a final newline.
 *
 * <h2>JSON</h2>
 *
 * <pre>{@code
 * {
 *   "passportGate": 1,
 *   "verdict": "fail",                       // pass | fail | review
 *   "source": "source.json", "destination": "destination.json",
 *   "counts": {"fail": 1, "review": 0, "info": 0},
 *   "findings": [{
 *     "severity": "fail",                    // fail | review | info
 *     "cause": "mask_missing",               // FindingCause ids
 *     "principal": {"kind": "role", "name": "analyst"},      // or null
 *     "sourcePrincipal": {"kind": "role", "name": "analyst"}, // or null
 *     "object": "lake.crm.customers.ssn",
 *     "message": "…",
 *     "source": {"rule": "partial(keep last 4, fill '*' once)", "origins": [ORIGIN…]},
 *     "destination": {"rule": "unmasked", "origins": [ORIGIN…]}
 *   }],
 *   "matrix": [{
 *     "sourceTable": "…", "destinationTable": "…",
 *     "principal": {…}, "sourcePrincipal": {…}, "mapped": true,
 *     "rows": {"source": "where …", "destination": "all rows", "inFlight": null,
 *              "comparison": "more"},        // less | same | more | unknown (destination vs source)
 *     "columns": [{"source": "ssn", "destination": "ssn", "sourceView": "…",
 *                  "destinationView": "…", "inFlightView": null, "comparison": "same"}]
 *   }]
 * }
 * }</pre>
 *
 * An ORIGIN is {@code {"system", "kind", "object", "sql", "file", "line"}} with the ids of the
 * PolicySet format; absent parts are left out. {@code passportGate} is the report format's version;
 * members are only ever added.
 */
public final class GateReports {
  /** The version of the JSON report this build writes, its {@code passportGate} member. */
  public static final int FORMAT_VERSION = 1;

  /** The JSON report's file name under a report folder. */
  public static final String JSON_FILE = "gate.json";

  /** The Markdown report's file name under a report folder. */
  public static final String MARKDOWN_FILE = "gate.md";

  /** The single-file HTML report's name in a report folder. */
  public static final String HTML_FILE = "gate.html";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Findings listed in the Markdown report before the rest are counted only. */
  private static final int MARKDOWN_FINDINGS = 50;

  private GateReports() {}

  /** The JSON report, ending in a newline. */
  public static String toJson(GateResult result) {
    requireNonNull(result, "result is null");
    ObjectNode root = JSON.createObjectNode();
    root.put("passportGate", FORMAT_VERSION);
    root.put("verdict", id(result.verdict()));
    root.put("source", result.source());
    root.put("destination", result.destination());
    ObjectNode counts = root.putObject("counts");
    for (FindingSeverity severity : FindingSeverity.values()) {
      counts.put(id(severity), result.findings(severity).size());
    }
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : result.findings()) {
      ObjectNode node = findings.addObject();
      node.put("severity", id(finding.severity()));
      node.put("cause", finding.cause().id());
      principal(node, "principal", finding.principal());
      principal(node, "sourcePrincipal", finding.sourcePrincipal());
      node.put("object", finding.object());
      node.put("message", finding.message());
      rule(node.putObject("source"), finding.source());
      rule(node.putObject("destination"), finding.destination());
    }
    ArrayNode matrix = root.putArray("matrix");
    for (AccessRow row : result.matrix()) {
      ObjectNode node = matrix.addObject();
      node.put("sourceTable", row.sourceTable());
      node.put("destinationTable", row.destinationTable());
      principal(node, "principal", Optional.of(row.principal()));
      principal(node, "sourcePrincipal", Optional.of(row.sourcePrincipal()));
      node.put("mapped", row.mapped());
      ObjectNode rows = node.putObject("rows");
      rows.put("source", row.sourceRows());
      rows.put("destination", row.destinationRows());
      optional(rows, "inFlight", row.inFlightRows());
      rows.put("comparison", id(row.rows()));
      ArrayNode columns = node.putArray("columns");
      for (ColumnAccess cell : row.columns()) {
        ObjectNode column = columns.addObject();
        column.put("source", cell.sourceColumn());
        column.put("destination", cell.destinationColumn());
        column.put("sourceView", cell.source());
        column.put("destinationView", cell.destination());
        optional(column, "inFlightView", cell.inFlight());
        column.put("comparison", id(cell.comparison()));
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR, "Cannot write the gate report: " + e.getMessage(), e);
    }
  }

  /**
   * The Markdown report: the verdict, a table of findings (the first {@value #MARKDOWN_FINDINGS}),
   * and per table the principals whose view differs from the source's.
   */
  public static String toMarkdown(GateResult result) {
    requireNonNull(result, "result is null");
    StringBuilder text = new StringBuilder();
    text.append("## Passport gate: ").append(result.verdict().name()).append("\n\n");
    text.append("Source: `")
        .append(result.source())
        .append("`  \nDestination: `")
        .append(result.destination())
        .append("`\n\n");
    text.append(summary(result)).append("\n\n");
    if (!result.findings().isEmpty()) {
      text.append("### Findings\n\n");
      text.append("| Severity | Cause | Principal | Object | Source rule | Destination rule |\n");
      text.append("| --- | --- | --- | --- | --- | --- |\n");
      List<Finding> findings = result.findings();
      for (Finding finding : findings.subList(0, Math.min(MARKDOWN_FINDINGS, findings.size()))) {
        text.append("| ")
            .append(finding.severity().name())
            .append(" | ")
            .append(finding.cause().id())
            .append(" | ")
            .append(cell(finding.principal().map(GatePrincipal::describe).orElse("")))
            .append(" | `")
            .append(cell(finding.object()))
            .append("` | ")
            .append(cell(rule(finding.source())))
            .append(" | ")
            .append(cell(rule(finding.destination())))
            .append(" |\n");
      }
      if (findings.size() > MARKDOWN_FINDINGS) {
        text.append("\n… and ")
            .append(findings.size() - MARKDOWN_FINDINGS)
            .append(" more in gate.json.\n");
      }
      text.append("\n<details><summary>Messages</summary>\n\n");
      for (Finding finding : findings.subList(0, Math.min(MARKDOWN_FINDINGS, findings.size()))) {
        text.append("- **")
            .append(finding.severity().name())
            .append("** ")
            .append(finding.cause().id())
            .append(": ")
            .append(escape(finding.message()))
            .append("\n");
      }
      text.append("\n</details>\n\n");
    }
    List<AccessRow> differing =
        result.matrix().stream()
            .filter(
                row ->
                    row.rows() != Disclosure.SAME
                        || row.columns().stream()
                            .anyMatch(cell -> cell.comparison() != Disclosure.SAME))
            .toList();
    if (!differing.isEmpty()) {
      text.append("### Where the destination differs\n\n");
      text.append("`<` stricter, `=` same, `>` looser, `?` unknown; rows then columns.\n\n");
      text.append("| Table | Principal | Source principal | Rows | Columns |\n");
      text.append("| --- | --- | --- | --- | --- |\n");
      for (AccessRow row : differing) {
        StringBuilder columns = new StringBuilder();
        for (ColumnAccess cell : row.columns()) {
          if (columns.length() > 0) {
            columns.append(", ");
          }
          columns.append(cell.destinationColumn()).append(' ').append(symbol(cell.comparison()));
        }
        text.append("| `")
            .append(cell(row.destinationTable()))
            .append("` | ")
            .append(cell(row.principal().describe()))
            .append(" | ")
            .append(cell(row.sourcePrincipal().describe()))
            .append(row.mapped() ? "" : " (unmapped)")
            .append(" | ")
            .append(symbol(row.rows()))
            .append(" | ")
            .append(cell(columns.toString()))
            .append(" |\n");
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** {@code FAIL: 2 fail, 1 review, 0 info findings}. */
  public static String summary(GateResult result) {
    requireNonNull(result, "result is null");
    return result.verdict().name()
        + ": "
        + result.findings(FindingSeverity.FAIL).size()
        + " fail, "
        + result.findings(FindingSeverity.REVIEW).size()
        + " review, "
        + result.findings(FindingSeverity.INFO).size()
        + " info findings; "
        + result.matrix().size()
        + " principal × table comparisons";
  }

  /**
   * Writes {@value #JSON_FILE}, {@value #MARKDOWN_FILE} and {@value #HTML_FILE} into a folder,
   * creating it.
   *
   * @throws PassportException IO_ERROR when they cannot be written
   */
  /**
   * A single-file HTML page: the verdict, the findings and the effective-access matrix (destination
   * principals × transferred columns, coloured by which side is stricter), filterable, with no
   * server or network needed.
   */
  public static String toHtml(GateResult result) {
    requireNonNull(result, "result is null");
    return HtmlReport.render(GateHtmlPage.of(result));
  }

  public static void write(GateResult result, Path directory) {
    requireNonNull(result, "result is null");
    requireNonNull(directory, "directory is null");
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(JSON_FILE), toJson(result), StandardCharsets.UTF_8);
      Files.writeString(
          directory.resolve(MARKDOWN_FILE), toMarkdown(result), StandardCharsets.UTF_8);
      Files.writeString(directory.resolve(HTML_FILE), toHtml(result), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR,
          "Cannot write the gate report to " + directory + ": " + e.getMessage(),
          e);
    }
  }

  private static void principal(ObjectNode node, String member, Optional<GatePrincipal> principal) {
    if (principal.isEmpty()) {
      node.putNull(member);
      return;
    }
    ObjectNode value = node.putObject(member);
    value.put("kind", principal.get().kind().id());
    value.put("name", principal.get().name());
  }

  private static void rule(ObjectNode node, RuleReference rule) {
    node.put("rule", rule.description());
    ArrayNode origins = node.putArray("origins");
    for (Origin origin : rule.origins()) {
      ObjectNode value = origins.addObject();
      value.put("system", origin.system().id());
      value.put("kind", origin.kind().name().toLowerCase(Locale.ROOT));
      origin.object().ifPresent(object -> value.put("object", object));
      origin.sql().ifPresent(sql -> value.put("sql", sql));
      origin.file().ifPresent(file -> value.put("file", file));
      origin.line().ifPresent(line -> value.put("line", line));
    }
  }

  private static void optional(ObjectNode node, String member, Optional<String> value) {
    if (value.isPresent()) {
      node.put(member, value.get());
    } else {
      node.putNull(member);
    }
  }

  private static String rule(RuleReference rule) {
    if (rule.origins().isEmpty()) {
      return rule.description();
    }
    StringBuilder text = new StringBuilder(rule.description());
    text.append(" (");
    for (int index = 0; index < rule.origins().size(); index++) {
      if (index > 0) {
        text.append(", ");
      }
      text.append(rule.origins().get(index).location());
    }
    return text.append(')').toString();
  }

  private static String symbol(Disclosure disclosure) {
    switch (disclosure) {
      case LESS:
        return "<";
      case SAME:
        return "=";
      case MORE:
        return ">";
      case UNKNOWN:
        return "?";
    }
    throw new AssertionError("unreachable: " + disclosure);
  }

  private static String id(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** Text inside a table cell: pipes and line breaks would end the cell. */
  private static String cell(String text) {
    return escape(text).replace("|", "\\|").replace("\n", " ");
  }

  /** Characters Markdown would read as markup in running text. */
  private static String escape(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;");
  }
}
