package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a single-file HTML report: the verdict, a filterable findings table and the
 * effective-access matrix coloured by which side is stricter. Everything (styles, script, data) is
 * inline so the file opens from disk, mailed or attached to a ticket, without a server or a
 * network.
 *
 * <p>The data travels as JSON inside the page and the script builds the tables with {@code
 * textContent}, so names and rule texts taken from policies (which may hold quotes, angle brackets
 * or script) are never parsed as markup.
 */
public final class HtmlReport {
  private static final String TEMPLATE_RESOURCE = "report.html";
  private static final String DATA_MARKER = "/*PASSPORT_REPORT_DATA*/null";
  private static final String TITLE_MARKER = "<!--PASSPORT_REPORT_TITLE-->";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEMPLATE = loadTemplate();

  private HtmlReport() {}

  /** The page for {@code content}. */
  public static String render(HtmlReportContent content) {
    requireNonNull(content, "content is null");
    return TEMPLATE
        .replace(TITLE_MARKER, escapeText(content.title()))
        .replace(DATA_MARKER, scriptSafeJson(data(content)));
  }

  /** Writes the page for {@code content} to {@code file}, creating its parent folders. */
  public static void write(HtmlReportContent content, Path file) {
    requireNonNull(file, "file is null");
    String page = render(content);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Cannot write the HTML report " + file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode data(HtmlReportContent content) {
    ObjectNode root = JSON.createObjectNode();
    root.put("title", content.title());
    root.put("verdict", content.verdict());
    root.put("summary", content.summary());
    root.put("rightMustNotBeLooser", content.rightMustNotBeLooser());
    ArrayNode findings = root.putArray("findings");
    for (ReportFinding finding : content.findings()) {
      ObjectNode node = findings.addObject();
      node.put("severity", finding.severity());
      node.put("cause", finding.cause());
      node.put("principal", finding.principal());
      node.put("object", finding.object());
      node.put("leftRule", finding.leftRule());
      node.put("rightRule", finding.rightRule());
      node.put("detail", finding.detail());
    }
    AccessMatrix matrix = content.matrix();
    ObjectNode matrixNode = root.putObject("matrix");
    matrixNode.put("leftLabel", matrix.leftLabel());
    matrixNode.put("rightLabel", matrix.rightLabel());
    ArrayNode columns = matrixNode.putArray("columns");
    matrix.columns().forEach(columns::add);
    ArrayNode rows = matrixNode.putArray("rows");
    for (AccessMatrixRow row : matrix.rows()) {
      ObjectNode rowNode = rows.addObject();
      rowNode.put("principal", row.principal());
      ArrayNode cells = rowNode.putArray("cells");
      for (AccessMatrixCell cell : row.cells()) {
        ArrayNode cellNode = cells.addArray();
        cellNode.add(cell.left()).add(cell.right()).add(cell.stricter().name());
      }
    }
    return root;
  }

  // Inside <script>, "</script" or "<!--" in a string would end or confuse the element; JSON
  // allows \\u escapes for any character, so the characters markup cares about are escaped.
  private static String scriptSafeJson(ObjectNode data) {
    String json;
    try {
      json = JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report data cannot be written as JSON", e);
    }
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String escapeText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String loadTemplate() {
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + TEMPLATE_RESOURCE);
      }
      String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!template.contains(DATA_MARKER) || !template.contains(TITLE_MARKER)) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " lacks its data or title marker");
      }
      return template;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
