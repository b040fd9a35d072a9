package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.enforce.report.HtmlReport;
import dev.passport.model.Origin;
import dev.passport.model.Source;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link PolicyDiffResult} as JSON, for tools, and as Markdown, for pull requests.
 *
 * <h2>JSON</h2>
 *
 * One object, members in this order, arrays in the result's order, the same result giving the same
 * bytes (two-space indent, {@code \n} line ends):
 *
 * <pre>{@code
 * {
 *   "passportDiff": 1,
 *   "left":  {"system": "postgresql", "locator": "before.sql"},
 *   "right": {"system": "postgresql", "locator": "after.sql"},
 *   "differences": true,
 *   "summary": {
 *     "structuralChanges": 3, "added": 1, "removed": 1, "changed": 1,
 *     "accessDifferences": 2, "leftStricter": 1, "rightStricter": 0, "neither": 0, "unknown": 1,
 *     "notes": 0
 *   },
 *   "structuralChanges": [
 *     {"change": "added|removed|changed", "element": "grant|row_filter|…", "key": "…",
 *      "left": SIDE or null, "right": SIDE or null}
 *   ],
 *   "accessDifferences": [
 *     {"principal": {"kind": "user|role|group|any_other_user", "name": "…"},
 *      "table": "catalog.schema.table", "column": "…" or null,
 *      "aspect": "access|row_filter|column", "stricter": "left|right|neither|unknown",
 *      "left": SIDE, "right": SIDE}
 *   ],
 *   "notes": [
 *     {"principal": {…}, "table": "…", "column": "…" or null, "aspect": "…", "message": "…",
 *      "left": SIDE, "right": SIDE}
 *   ]
 * }
 * }</pre>
 *
 * where SIDE is {@code {"description": "…", "origins": [ORIGIN…]}} and ORIGIN is {@code {"system":
 * "postgresql", "object": …, "file": …, "line": …, "sql": …}}, members other than {@code system}
 * present only when known. Principal kinds include {@code session_attribute}: sessions with the
 * attribute values a rule tests, named by those tests ({@code "app.tier = 'gold'"}); a difference
 * for them is always {@code unknown} (see {@link PolicyDiff}).
 *
 * <p>Version 1 grows only by new members and new enum values (the {@code notes} member and count,
 * the {@code session_attribute} kind were added within it); a member is never removed or changes
 * meaning without a new version. Readers ignore members they do not know.
 *
 * <h2>Markdown</h2>
 *
 * A heading naming both sides, a line of counts, then a table of structural changes and a table of
 * effective-access differences (each left out when empty), then notes when there are some; origins
 * as {@code file:line}.
 */
public final class PolicyDiffReports {
  /** The version of the JSON shape, the {@code "passportDiff"} member. */
  public static final int JSON_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyDiffReports() {}

  /** The JSON report; see the class documentation for its shape. */
  public static String json(PolicyDiffResult result) {
    requireNonNull(result, "result is null");
    ObjectNode root = JSON.createObjectNode();
    root.put("passportDiff", JSON_VERSION);
    root.set("left", source(result.left()));
    root.set("right", source(result.right()));
    root.put("differences", result.hasDifferences());
    ObjectNode summary = root.putObject("summary");
    summary.put("structuralChanges", result.structuralChanges().size());
    summary.put("added", result.count(ChangeKind.ADDED));
    summary.put("removed", result.count(ChangeKind.REMOVED));
    summary.put("changed", result.count(ChangeKind.CHANGED));
    summary.put("accessDifferences", result.accessDifferences().size());
    summary.put("leftStricter", result.count(StricterSide.LEFT));
    summary.put("rightStricter", result.count(StricterSide.RIGHT));
    summary.put("neither", result.count(StricterSide.NEITHER));
    summary.put("unknown", result.count(StricterSide.UNKNOWN));
    summary.put("notes", result.notes().size());
    ArrayNode changes = root.putArray("structuralChanges");
    for (StructuralChange change : result.structuralChanges()) {
      ObjectNode node = changes.addObject();
      node.put("change", change.change().id());
      node.put("element", change.element().id());
      node.put("key", change.key());
      putSide(node, "left", change.left());
      putSide(node, "right", change.right());
    }
    ArrayNode differences = root.putArray("accessDifferences");
    for (AccessDifference difference : result.accessDifferences()) {
      ObjectNode node = differences.addObject();
      node.set("principal", principal(difference.principal()));
      node.put("table", difference.table().qualifiedName());
      if (difference.column().isPresent()) {
        node.put("column", difference.column().get());
      } else {
        node.putNull("column");
      }
      node.put("aspect", difference.aspect().id());
      node.put("stricter", difference.stricterSide().id());
      node.set("left", side(difference.left()));
      node.set("right", side(difference.right()));
    }
    ArrayNode notes = root.putArray("notes");
    for (AccessNote note : result.notes()) {
      ObjectNode node = notes.addObject();
      node.set("principal", principal(note.principal()));
      node.put("table", note.table().qualifiedName());
      if (note.column().isPresent()) {
        node.put("column", note.column().get());
      } else {
        node.putNull("column");
      }
      node.put("aspect", note.aspect().id());
      node.put("message", note.message());
      node.set("left", side(note.left()));
      node.set("right", side(note.right()));
    }
    // A fixed line separator: the report must be the same wherever it is written.
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A single-file HTML page: the changes and access differences as a filterable table, and the
   * effective-access matrix of every principal and table compared, coloured by which side is
   * stricter.
   */
  public static String html(PolicyDiffResult result, String leftLabel, String rightLabel) {
    requireNonNull(result, "result is null");
    return HtmlReport.render(DiffHtmlPage.of(result, leftLabel, rightLabel));
  }

  /** The Markdown report, naming the sides by their sources' locators. */
  public static String markdown(PolicyDiffResult result) {
    requireNonNull(result, "result is null");
    return markdown(result, result.left().locator(), result.right().locator());
  }

  /** The Markdown report, naming the sides as given (file names, branches). */
  public static String markdown(PolicyDiffResult result, String leftLabel, String rightLabel) {
    requireNonNull(result, "result is null");
    requireNonNull(leftLabel, "leftLabel is null");
    requireNonNull(rightLabel, "rightLabel is null");
    StringBuilder out = new StringBuilder();
    out.append("## Policy diff: `")
        .append(code(leftLabel))
        .append("` → `")
        .append(code(rightLabel))
        .append("`\n\n");
    if (!result.hasDifferences()) {
      out.append("No differences: the policies and what they disclose are the same.\n");
      appendNotes(out, result);
      return out.toString();
    }
    out.append("**")
        .append(plural(result.structuralChanges().size(), "structural change"))
        .append("** (")
        .append(result.count(ChangeKind.ADDED))
        .append(" added, ")
        .append(result.count(ChangeKind.REMOVED))
        .append(" removed, ")
        .append(result.count(ChangeKind.CHANGED))
        .append(" changed) · **")
        .append(plural(result.accessDifferences().size(), "effective-access difference"))
        .append("** (left stricter ")
        .append(result.count(StricterSide.LEFT))
        .append(", right stricter ")
        .append(result.count(StricterSide.RIGHT))
        .append(", incomparable ")
        .append(result.count(StricterSide.NEITHER))
        .append(", undecided ")
        .append(result.count(StricterSide.UNKNOWN))
        .append(")\n\nLeft is `")
        .append(code(leftLabel))
        .append("`, right is `")
        .append(code(rightLabel))
        .append("`.\n");
    if (!result.structuralChanges().isEmpty()) {
      out.append("\n### Structural changes\n\n");
      out.append("| change | element | key | left | right |\n");
      out.append("| --- | --- | --- | --- | --- |\n");
      for (StructuralChange change : result.structuralChanges()) {
        out.append("| ")
            .append(change.change().id())
            .append(" | ")
            .append(change.element().id().replace('_', ' '))
            .append(" | ")
            .append(cell(change.key()))
            .append(" | ")
            .append(change.left().map(PolicyDiffReports::sideCell).orElse("—"))
            .append(" | ")
            .append(change.right().map(PolicyDiffReports::sideCell).orElse("—"))
            .append(" |\n");
      }
    }
    if (!result.accessDifferences().isEmpty()) {
      out.append("\n### Effective access\n\n");
      out.append("| principal | table | column | aspect | left | right | stricter |\n");
      out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
      for (AccessDifference difference : result.accessDifferences()) {
        out.append("| ")
            .append(cell(difference.principal().label()))
            .append(" | ")
            .append(cell(difference.table().qualifiedName()))
            .append(" | ")
            .append(difference.column().map(PolicyDiffReports::cell).orElse("—"))
            .append(" | ")
            .append(difference.aspect().id().replace('_', ' '))
            .append(" | ")
            .append(sideCell(difference.left()))
            .append(" | ")
            .append(sideCell(difference.right()))
            .append(" | ")
            .append(stricter(difference.stricterSide()))
            .append(" |\n");
      }
    }
    appendNotes(out, result);
    return out.toString();
  }

  private static void appendNotes(StringBuilder out, PolicyDiffResult result) {
    if (result.notes().isEmpty()) {
      return;
    }
    out.append("\n### Notes\n\n");
    out.append("| principal | table | column | aspect | note | left | right |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (AccessNote note : result.notes()) {
      out.append("| ")
          .append(cell(note.principal().label()))
          .append(" | ")
          .append(cell(note.table().qualifiedName()))
          .append(" | ")
          .append(note.column().map(PolicyDiffReports::cell).orElse("—"))
          .append(" | ")
          .append(note.aspect().id().replace('_', ' '))
          .append(" | ")
          .append(cell(note.message()))
          .append(" | ")
          .append(sideCell(note.left()))
          .append(" | ")
          .append(sideCell(note.right()))
          .append(" |\n");
    }
  }

  private static ObjectNode principal(DiffPrincipal principal) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", principal.kind().id());
    node.put("name", principal.name());
    return node;
  }

  private static String stricter(StricterSide side) {
    return switch (side) {
      case LEFT -> "left";
      case RIGHT -> "right";
      case NEITHER -> "neither (incomparable)";
      case UNKNOWN -> "unknown";
    };
  }

  private static String sideCell(DiffSide side) {
    StringBuilder text = new StringBuilder(cell(side.description()));
    List<String> locations = new ArrayList<>();
    for (Origin origin : side.origins()) {
      if (origin.file().isPresent() || origin.object().isPresent()) {
        String location = origin.location();
        if (!locations.contains(location)) {
          locations.add(location);
        }
      }
    }
    if (!locations.isEmpty()) {
      text.append(" <sub>(").append(cell(String.join(", ", locations))).append(")</sub>");
    }
    return text.toString();
  }

  /** Text safe inside a table cell: pipes escaped, line breaks and HTML angle brackets neutral. */
  private static String cell(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r\n", " ")
        .replace('\n', ' ')
        .replace('\r', ' ');
  }

  private static String code(String text) {
    return text.replace("`", "'").replace('\n', ' ');
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static ObjectNode source(Source source) {
    ObjectNode node = JSON.createObjectNode();
    node.put("system", source.system().id());
    node.put("locator", source.locator());
    return node;
  }

  private static void putSide(ObjectNode node, String name, Optional<DiffSide> side) {
    if (side.isPresent()) {
      node.set(name, side(side.get()));
    } else {
      node.putNull(name);
    }
  }

  private static ObjectNode side(DiffSide side) {
    ObjectNode node = JSON.createObjectNode();
    node.put("description", side.description());
    ArrayNode origins = node.putArray("origins");
    for (Origin origin : side.origins()) {
      ObjectNode entry = origins.addObject();
      entry.put("system", origin.system().id());
      origin.object().ifPresent(object -> entry.put("object", object));
      origin.file().ifPresent(file -> entry.put("file", file));
      origin.line().ifPresent(line -> entry.put("line", line));
      origin.sql().ifPresent(sql -> entry.put("sql", sql));
    }
    return node;
  }
}
