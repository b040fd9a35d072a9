package dev.passport.extract.redshift;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.model.Loss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the SQL examples of the Amazon Redshift developer guide ({@code
 * awsdocs/amazon-redshift-developer-guide@c91fc632}, in {@code ../shared/corpus}): the fenced code
 * blocks of each page, without the grammar blocks of "Syntax" sections and without the result
 * tables printed after queries. Each page is read as one script through {@link RedshiftDdlReader},
 * with every other line blanked so that origins point at the page's own lines.
 */
final class RedshiftDocsCorpus {
  static final Path DIRECTORY =
      Path.of(System.getProperty("passport.corpus", "../../shared/corpus"))
          .resolve("redshift/aws-docs-c91fc632");
  private static final Pattern FENCE = Pattern.compile("^\\s*```.*$");
  private static final Pattern TABLE_RULE = Pattern.compile("^\\s*-{3,}[-+\\s]*$");
  private static final Pattern ROW_COUNT = Pattern.compile("^\\s*\\(\\d+ rows?\\)\\s*$");

  private RedshiftDocsCorpus() {}

  /** One page read. */
  record Page(String name, String sql, DdlReadResult result) {}

  /** The pages of the corpus, in name order. */
  static List<Path> pages() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Page read(Path page) {
    String markdown;
    try {
      markdown = Files.readString(page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = page.getFileName().toString();
    String sql = sqlOf(markdown);
    DdlReadResult result =
        new RedshiftDdlReader(ExtractionOptions.defaults()).readScript(sql, name);
    return new Page(name, sql, result);
  }

  static List<Page> readAll() {
    List<Page> read = new ArrayList<>();
    for (Path page : pages()) {
      read.add(read(page));
    }
    return read;
  }

  /**
   * The SQL of a page's code blocks, line for line: prose, grammar blocks and result tables become
   * empty lines, and a closing fence a semicolon.
   */
  static String sqlOf(String markdown) {
    List<String> lines = markdown.lines().toList();
    StringBuilder sql = new StringBuilder();
    boolean inBlock = false;
    boolean syntaxSection = false;
    boolean inTable = false;
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index);
      String kept = "";
      if (FENCE.matcher(line).matches()) {
        // A block ends its last statement even when the page leaves out the semicolon.
        kept = inBlock && !syntaxSection ? ";" : "";
        inBlock = !inBlock;
        inTable = false;
      } else if (!inBlock) {
        if (line.startsWith("#")) {
          syntaxSection = line.toLowerCase(java.util.Locale.ROOT).contains("syntax");
        }
      } else if (!syntaxSection) {
        boolean headerOfTable =
            index + 1 < lines.size() && TABLE_RULE.matcher(lines.get(index + 1)).matches();
        if (headerOfTable || TABLE_RULE.matcher(line).matches()) {
          inTable = true;
        } else if (line.isBlank()) {
          inTable = false;
        } else if (!inTable && !ROW_COUNT.matcher(line).matches()) {
          kept = line;
        }
      }
      sql.append(kept).append('\n');
    }
    return sql.toString();
  }

  /** Counts over the corpus, for docs/coverage.md. */
  record Summary(
      int pages,
      int statements,
      int applied,
      Map<SkippedStatement.Kind, Integer> skipped,
      int definitions,
      int rowFilters,
      int columnMasks,
      Map<String, Integer> lossReasons,
      List<String> failed) {}

  static Summary summarise(List<Page> pages) {
    int statements = 0;
    int definitions = 0;
    int rowFilters = 0;
    int columnMasks = 0;
    Map<SkippedStatement.Kind, Integer> skipped = new TreeMap<>();
    Map<String, Integer> reasons = new TreeMap<>();
    List<String> failed = new ArrayList<>();
    for (Page page : pages) {
      statements +=
          dev.passport.extract.sql.SqlScriptSplitter.of(
                  dev.passport.extract.sql.SqlDialect.REDSHIFT)
              .split(page.sql(), java.util.Optional.of(page.name()))
              .size();
      for (SkippedStatement statement : page.result().skipped()) {
        skipped.merge(statement.kind(), 1, Integer::sum);
        if (statement.kind() != SkippedStatement.Kind.IGNORED) {
          failed.add(statement.describe() + " [" + statement.summary() + "]");
        }
      }
      definitions += page.result().policySet().definitions().size();
      rowFilters += page.result().policySet().rowFilters().size();
      columnMasks += page.result().policySet().columnMasks().size();
      for (Loss loss : page.result().policySet().losses()) {
        reasons.merge(page.name() + ": " + loss.reason(), 1, Integer::sum);
      }
    }
    int notApplied = skipped.values().stream().mapToInt(Integer::intValue).sum();
    return new Summary(
        pages.size(),
        statements,
        statements - notApplied,
        skipped,
        definitions,
        rowFilters,
        columnMasks,
        reasons,
        failed);
  }

  /** Prints the summary: {@code mvn test -Dtest=TestRedshiftDocsCorpus -Dpassport.print=true}. */
  static String describe(Summary summary) {
    StringBuilder text = new StringBuilder();
    text.append("pages ").append(summary.pages()).append('\n');
    text.append("statements ").append(summary.statements()).append('\n');
    text.append("applied ").append(summary.applied()).append('\n');
    text.append("skipped ").append(summary.skipped()).append('\n');
    text.append("definitions ").append(summary.definitions()).append('\n');
    text.append("rowFilters ").append(summary.rowFilters()).append('\n');
    text.append("columnMasks ").append(summary.columnMasks()).append('\n');
    summary.failed().forEach(line -> text.append("not applied: ").append(line).append('\n'));
    summary
        .lossReasons()
        .forEach((reason, count) -> text.append(count).append(" x ").append(reason).append('\n'));
    return text.toString();
  }
}
