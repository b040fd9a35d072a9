package dev.passport.cli.demo;

import static java.util.Objects.requireNonNull;

import dev.passport.cli.TranslationFiles;
import dev.passport.enforce.gate.ComplianceGate;
import dev.passport.enforce.gate.Finding;
import dev.passport.enforce.gate.FindingSeverity;
import dev.passport.enforce.gate.GateReports;
import dev.passport.enforce.gate.GateResult;
import dev.passport.enforce.gate.GateVerdict;
import dev.passport.enforce.gate.TransferSpecReader;
import dev.passport.enforce.mask.RowMasker;
import dev.passport.enforce.rewrite.RewriteOptions;
import dev.passport.enforce.rewrite.SqlRewriter;
import dev.passport.enforce.rewrite.TableSchemas;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Securable;
import dev.passport.model.SystemKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.IcebergReadRestrictions;
import dev.passport.translate.iceberg.IcebergReadRestrictionsOptions;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.opa.OpaOptions;
import dev.passport.translate.opa.OpaTranslator;
import dev.passport.translate.ranger.RangerOptions;
import dev.passport.translate.ranger.RangerPolicyTranslator;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.trinorules.TrinoRulesOptions;
import dev.passport.translate.trinorules.TrinoRulesTranslator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The end-to-end demo: starts an embedded PostgreSQL, creates the demo warehouse, extracts its
 * policies live, translates them for Ranger, OPA, Trino and Iceberg, rewrites an export query for
 * an audience and checks the result against PostgreSQL's own answer, masks rows in flight (checked
 * the same way), writes the lake side of a transfer (a destination that protects the data as the
 * warehouse does, and one that lost a mask) and runs the compliance gate on both. Each step prints
 * one line with what it did and how long it took; everything lands in one folder.
 */
public final class DemoRun {
  /** The Trino catalog the warehouse is mounted as, for the targets that name catalogs. */
  static final String TRINO_CATALOG = "warehouse";

  static final String POLICIES = "policies.json";
  static final String TRANSLATIONS = "translations";
  static final String EXPORT = "export.sql";
  static final String EXPORT_REWRITTEN = "export-for-alice.sql";
  static final String MASKED = "customers-for-alice.csv";
  static final String DESTINATION_MATCHING = "destination-matching.json";
  static final String DESTINATION_LOST_MASK = "destination-lost-mask.json";
  static final String TRANSFER_PASS = "transfer-pass.yaml";
  static final String TRANSFER_FAIL = "transfer-fail.yaml";
  static final String GATE_PASS = "gate-pass";
  static final String GATE_FAIL = "gate-fail";

  private final Path directory;
  private final PrintWriter out;
  private final List<Path> written = new ArrayList<>();
  private final long started = System.nanoTime();

  private DemoRun(Path directory, PrintWriter out) {
    this.directory = directory;
    this.out = out;
  }

  /**
   * Runs the demo, writing into {@code directory} (created when missing) and printing one line per
   * step on {@code out}.
   *
   * @throws PassportException IO_ERROR when a file cannot be written, INTERNAL_ERROR when the
   *     embedded PostgreSQL fails
   */
  public static DemoResult run(Path directory, PrintWriter out) {
    requireNonNull(directory, "directory is null");
    requireNonNull(out, "out is null");
    return new DemoRun(directory, out).run();
  }

  private DemoResult run() {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, directory + ": cannot create the directory: " + e.getMessage(), e);
    }
    out.println(
        "passport demo: a PostgreSQL warehouse's policies, extracted, translated and enforced");
    out.println();
    long startedAt = System.nanoTime();
    try (DemoDatabase database = DemoDatabase.start()) {
      String version = database.version();
      done(
          "start",
          "embedded PostgreSQL " + version + " on localhost:" + database.port(),
          startedAt);
      try (Connection connection = database.connect()) {
        createWarehouse(connection);
        PolicySet policies = extract(connection);
        translate(policies);
        boolean exportVerified = rewrite(connection, policies);
        boolean maskVerified = mask(connection, policies);
        writeDestinations(connection, policies);
        GateVerdict matchingVerdict = gate(TRANSFER_PASS, GATE_PASS);
        GateVerdict lostMaskVerdict = gate(TRANSFER_FAIL, GATE_FAIL);
        double seconds = (System.nanoTime() - started) / 1e9;
        printFiles(seconds);
        return new DemoResult(
            directory,
            written,
            policies.rowFilters().size(),
            policies.columnMasks().size(),
            policies.grants().size(),
            policies.losses().size(),
            exportVerified,
            maskVerified,
            matchingVerdict,
            lostMaskVerdict,
            seconds);
      }
    } catch (SQLException e) {
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR, "The demo database failed: " + e.getMessage(), e);
    }
  }

  private void createWarehouse(Connection connection) throws SQLException {
    long startedAt = System.nanoTime();
    DemoWarehouse.create(connection);
    done(
        "warehouse",
        "retail: orders (row-level security), customers (behind a masking view); "
            + DemoWarehouse.count(connection, DemoWarehouse.CUSTOMERS)
            + " + "
            + DemoWarehouse.count(connection, DemoWarehouse.ORDERS)
            + " rows",
        startedAt);
  }

  /** Reads the warehouse's policies from the live catalog, as {@code passport extract} does. */
  private PolicySet extract(Connection connection) {
    long startedAt = System.nanoTime();
    PolicySet policies =
        Extraction.readLive(
            SystemKind.POSTGRESQL,
            connection,
            ExtractionOptions.defaults().withSchemas(List.of(DemoWarehouse.SCHEMA)));
    PolicySetCodec.write(policies, file(POLICIES));
    done(
        "extract",
        count(policies.rowFilters().size(), "row filter", "row filters")
            + ", "
            + count(policies.columnMasks().size(), "column mask", "column masks")
            + ", "
            + count(policies.grants().size(), "grant", "grants")
            + ", "
            + count(principals(policies), "role", "roles")
            + " and users, "
            + count(policies.losses().size(), "loss", "losses")
            + " → "
            + POLICIES,
        startedAt);
    return policies;
  }

  /** Writes each target's files and losses into a folder of its own under translations/. */
  private void translate(PolicySet policies) {
    long startedAt = System.nanoTime();
    IdentityMap identities = IdentityMap.standard();
    Map<String, Translation> translations = new LinkedHashMap<>();
    translations.put(
        "ranger",
        RangerPolicyTranslator.translate(
            policies,
            identities,
            RangerOptions.trino("dev_trino").withDefaultCatalog(TRINO_CATALOG)));
    translations.put(
        "opa",
        OpaTranslator.translate(
            policies, identities, OpaOptions.defaults().withDefaultCatalog(TRINO_CATALOG)));
    translations.put(
        "trino-rules",
        TrinoRulesTranslator.translate(
            policies, identities, TrinoRulesOptions.defaults().withCatalog(TRINO_CATALOG)));
    translations.put(
        "iceberg-read-restrictions",
        IcebergReadRestrictions.translate(
            policies, identities, IcebergReadRestrictionsOptions.defaults()));
    int files = 0;
    int losses = 0;
    for (Map.Entry<String, Translation> translation : translations.entrySet()) {
      files += writeTranslation(translation.getKey(), translation.getValue());
      losses += translation.getValue().losses().size();
    }
    done(
        "translate",
        String.join(", ", translations.keySet())
            + ": "
            + count(files, "file", "files")
            + ", "
            + count(losses, "loss", "losses")
            + " (see losses.json)",
        startedAt);
  }

  /**
   * Rewrites the export query for the audience and runs it as the superuser; it is verified when
   * its rows are those PostgreSQL returns for the original query in the audience's own session.
   */
  private boolean rewrite(Connection connection, PolicySet policies) throws SQLException {
    long startedAt = System.nanoTime();
    PrincipalContext audience = DemoWarehouse.audience();
    String export = DemoWarehouse.exportQuery();
    String rewritten =
        SqlRewriter.of(
                policies,
                TableSchemas.fromJdbc(connection.getMetaData(), DemoWarehouse.SCHEMA),
                RewriteOptions.defaults())
            .rewrite(export, SqlDialect.POSTGRESQL, audience);
    writeText(EXPORT, export);
    writeText(EXPORT_REWRITTEN, rewritten + "\n");
    List<List<String>> passportRows = query(connection, rewritten);
    boolean verified = passportRows.equals(asAudience(connection, export));
    done(
        "rewrite",
        EXPORT
            + " for "
            + describe(audience)
            + " → "
            + EXPORT_REWRITTEN
            + ": "
            + count(passportRows.size(), "row", "rows")
            + (verified ? ", verified" : ", NOT verified")
            + " against PostgreSQL as "
            + audience.user(),
        startedAt);
    return verified;
  }

  /**
   * Masks the raw customer rows for the audience in the JVM, as a pipeline would while moving them,
   * into a CSV file; verified when they are the rows the directory view shows the audience.
   */
  private boolean mask(Connection connection, PolicySet policies) throws SQLException {
    long startedAt = System.nanoTime();
    PrincipalContext audience = DemoWarehouse.audience();
    RowMasker masker =
        RowMasker.of(
            policies,
            audience,
            DemoWarehouse.DIRECTORY,
            DemoWarehouse.DIRECTORY_COLUMNS,
            EvaluationOptions.defaults());
    String columns = String.join(", ", masker.outputColumns());
    List<List<String>> maskedRows = new ArrayList<>();
    Path csv = file(MASKED);
    try (Writer writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        Statement statement = connection.createStatement();
        ResultSet raw =
            statement.executeQuery(
                "SELECT "
                    + String.join(", ", masker.inputColumns())
                    + " FROM "
                    + DemoWarehouse.CUSTOMERS
                    + " ORDER BY id")) {
      writeCsvLine(writer, masker.outputColumns());
      masker.mask(
          raw,
          row -> {
            List<String> values = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (Object value : row) {
              values.add(value == null ? null : value.toString());
              texts.add(text(value));
            }
            writeCsvLine(writer, values);
            maskedRows.add(texts);
          });
    } catch (IOException e) {
      throw new PassportException(ErrorCode.IO_ERROR, csv + ": cannot write: " + e.getMessage(), e);
    }
    boolean verified =
        maskedRows.equals(
            asAudience(
                connection,
                "SELECT " + columns + " FROM " + DemoWarehouse.DIRECTORY + " ORDER BY id"));
    List<String> masked = new ArrayList<>();
    for (ColumnDecision column : masker.decision().columns().values()) {
      if (column.readable() && !column.kindName().equals("identity")) {
        masked.add(column.column());
      }
    }
    done(
        "mask",
        DemoWarehouse.CUSTOMERS
            + " for "
            + audience.user()
            + ", in flight → "
            + MASKED
            + ": "
            + maskedRows.size()
            + " of "
            + DemoWarehouse.count(connection, DemoWarehouse.CUSTOMERS)
            + " rows, "
            + String.join(" and ", masked)
            + " masked"
            + (verified ? ", verified" : ", NOT verified")
            + " against PostgreSQL as "
            + audience.user(),
        startedAt);
    return verified;
  }

  /** The lake side: a destination as protected as the directory view, one without a mask. */
  private void writeDestinations(Connection connection, PolicySet policies) throws SQLException {
    long startedAt = System.nanoTime();
    PolicySet matching =
        DemoDestinations.matching(
            policies,
            Securable.parse(DemoWarehouse.DIRECTORY),
            Securable.parse(DemoWarehouse.LAKE_TABLE),
            directoryColumns(connection));
    PolicySet lostMask = DemoDestinations.withoutMask(matching, DemoWarehouse.LOST_MASK_COLUMN);
    PolicySetCodec.write(matching, file(DESTINATION_MATCHING));
    PolicySetCodec.write(lostMask, file(DESTINATION_LOST_MASK));
    writeText(
        TRANSFER_PASS, transferSpec(DESTINATION_MATCHING, "protects it as the warehouse does"));
    writeText(
        TRANSFER_FAIL,
        transferSpec(
            DESTINATION_LOST_MASK,
            "lost the mask of " + DemoWarehouse.LOST_MASK_COLUMN + ", so the gate must fail"));
    done(
        "lake",
        DemoWarehouse.DIRECTORY
            + " → "
            + DemoWarehouse.LAKE_TABLE
            + ": one destination as protected, one that lost the "
            + DemoWarehouse.LOST_MASK_COLUMN
            + " mask",
        startedAt);
  }

  private void printFiles(double seconds) {
    out.println();
    out.println(
        String.format(
            Locale.ROOT,
            "Done in %.1f s. Wrote %d files to %s:",
            seconds,
            written.size(),
            directory.toAbsolutePath().normalize()));
    for (String entry : listing()) {
      out.println("  " + entry);
    }
    out.flush();
  }

  /** Runs the gate on a transfer spec, writes its reports into a folder, prints the verdict. */
  private GateVerdict gate(String spec, String reports) {
    long startedAt = System.nanoTime();
    GateResult result = ComplianceGate.evaluate(TransferSpecReader.read(directory.resolve(spec)));
    Path folder = directory.resolve(reports);
    GateReports.write(result, folder);
    written.add(folder.resolve(GateReports.JSON_FILE));
    written.add(folder.resolve(GateReports.MARKDOWN_FILE));
    written.add(folder.resolve(GateReports.HTML_FILE));
    List<Finding> failures = result.findings(FindingSeverity.FAIL);
    List<Finding> reviews = result.findings(FindingSeverity.REVIEW);
    String detail;
    if (!failures.isEmpty()) {
      detail = firstClause(failures.get(0).message()) + more(failures.size() - 1);
    } else if (!reviews.isEmpty()) {
      detail = "to review: " + firstClause(reviews.get(0).message()) + more(reviews.size() - 1);
    } else {
      detail =
          "nobody sees more in the lake than in the warehouse ("
              + count(result.matrix().size(), "comparison", "comparisons")
              + ")";
    }
    done("gate", result.verdict().name() + "  " + spec + ": " + detail, startedAt);
    return result.verdict();
  }

  /** A finding's message up to its first semicolon: what is wrong, without the comparison. */
  private static String firstClause(String message) {
    int semicolon = message.indexOf(';');
    return semicolon < 0 ? message : message.substring(0, semicolon);
  }

  private static String more(int others) {
    return others == 0 ? "" : " (and " + others + " more)";
  }

  /** The columns of the directory view, as the database reports them. */
  private static List<ColumnInfo> directoryColumns(Connection connection) throws SQLException {
    Securable view = Securable.parse(DemoWarehouse.DIRECTORY);
    return TableSchemas.fromJdbc(connection.getMetaData(), DemoWarehouse.SCHEMA)
        .columns(view)
        .orElseThrow(
            () ->
                new PassportException(
                    ErrorCode.INTERNAL_ERROR, "the database has no view " + view.qualifiedName()));
  }

  private static String transferSpec(String destination, String comment) {
    return "# passport demo: the customer directory leaves the PostgreSQL warehouse for the lake;\n"
        + "# the destination "
        + comment
        + ".\n"
        + "source: {policies: "
        + POLICIES
        + "}\n"
        + "destination: {policies: "
        + destination
        + "}\n"
        + "tables:\n"
        + "  - source: "
        + DemoWarehouse.DIRECTORY
        + "\n"
        + "    destination: "
        + DemoWarehouse.LAKE_TABLE
        + "\n"
        + "    columns: ["
        + String.join(", ", DemoWarehouse.DIRECTORY_COLUMNS)
        + "]\n";
  }

  /** The rows of a query, as text, in the order it returns them. */
  private static List<List<String>> query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return rows(result);
    }
  }

  /** The rows of a query run in the audience's own PostgreSQL session. */
  private static List<List<String>> asAudience(Connection connection, String sql)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(DemoWarehouse.audienceSession());
      try {
        return query(connection, sql);
      } finally {
        statement.execute("RESET ROLE; RESET " + DemoWarehouse.AUDIENCE_SETTING);
      }
    }
  }

  private static List<List<String>> rows(ResultSet result) throws SQLException {
    ResultSetMetaData metaData = result.getMetaData();
    List<List<String>> rows = new ArrayList<>();
    while (result.next()) {
      List<String> row = new ArrayList<>();
      for (int index = 1; index <= metaData.getColumnCount(); index++) {
        row.add(text(result.getObject(index)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** A value as text for comparison: numbers by value whatever their Java type. */
  private static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    return value.toString();
  }

  /** One RFC 4180 line; null is an empty unquoted field, the empty string {@code ""}. */
  private static void writeCsvLine(Writer writer, List<String> values) throws IOException {
    for (int index = 0; index < values.size(); index++) {
      if (index > 0) {
        writer.write(',');
      }
      String value = values.get(index);
      if (value == null) {
        continue;
      }
      if (value.isEmpty() || value.matches("(?s).*[,\"\r\n].*")) {
        writer.write('"');
        writer.write(value.replace("\"", "\"\""));
        writer.write('"');
      } else {
        writer.write(value);
      }
    }
    writer.write("\r\n");
  }

  private int writeTranslation(String target, Translation translation) {
    List<Path> files =
        TranslationFiles.write(translation, directory.resolve(TRANSLATIONS).resolve(target));
    for (Path path : files) {
      noteWritten(path);
    }
    return files.size();
  }

  private Path file(String name) {
    Path path = directory.resolve(name);
    written.add(path);
    return path;
  }

  private void writeText(String name, String content) {
    write(directory.resolve(name), content);
  }

  private void write(Path path, String content) {
    TranslationFiles.writeFile(path, content);
    noteWritten(path);
  }

  private void noteWritten(Path path) {
    if (!written.contains(path)) {
      written.add(path);
    }
  }

  /** The files written, top level one per line, a translation folder as one line with a count. */
  private List<String> listing() {
    Map<String, Integer> folders = new LinkedHashMap<>();
    List<String> entries = new ArrayList<>();
    for (Path path : written) {
      Path relative = directory.relativize(path);
      if (relative.getNameCount() == 1) {
        entries.add(relative.toString());
      } else {
        String folder = relative.subpath(0, Math.min(2, relative.getNameCount() - 1)) + "/";
        if (!folders.containsKey(folder)) {
          entries.add(folder);
        }
        folders.merge(folder, 1, Integer::sum);
      }
    }
    Function<String, String> label =
        entry ->
            folders.containsKey(entry)
                ? entry + " (" + count(folders.get(entry), "file", "files") + ")"
                : entry;
    return entries.stream().map(label).toList();
  }

  private static int principals(PolicySet policies) {
    int count = 0;
    for (Principal principal : policies.principals()) {
      if (principal.kind() == PrincipalKind.ROLE || principal.kind() == PrincipalKind.USER) {
        count++;
      }
    }
    return count;
  }

  private static String describe(PrincipalContext audience) {
    List<String> parts = new ArrayList<>();
    audience.attributes().forEach((key, value) -> parts.add(key + "=" + value));
    return audience.user() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
  }

  private void done(String step, String detail, long startedAt) {
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    out.println(String.format(Locale.ROOT, "  %-9s %4.1f s  %s", step, seconds, detail));
    out.flush();
  }

  private static String count(long number, String singular, String plural) {
    return number + " " + (number == 1 ? singular : plural);
  }
}
