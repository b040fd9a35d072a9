package dev.passport.benchmarks;

import dev.passport.enforce.mask.RowMasker;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import java.io.StringReader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 7 item 5: the row masker over 1,000,000 ten-column rows with three masked columns, against
 * a plain copy of the same rows (goal: at least half the copy's speed without hashing), and a
 * hashed column against the JDK's SHA-256 over the same bytes (goal: within 1.2×). Scores are per
 * row.
 *
 * <p>The masker's hashed column is the digest's lower-case hex text, so {@link
 * #copyWithJdkSha256Hex} does the same work with the JDK alone (the row copied, the digest of the
 * value's UTF-8 bytes, {@link HexFormat} text in its place) and is the baseline of {@link
 * #maskHashOnly}; {@link #jdkSha256SameBytes} (the digest alone) and {@link #jdkSha256Hex} (digest
 * and hex, no row) bound it from below. {@link #maskWithRowFilter} adds a row filter that admits
 * every row to {@link #maskWithoutHashing}'s masks; {@link #interpretedFilterThenMask} is the same
 * work with the filter run by the interpreter over a {@link Row}, as the masker did before the
 * filter was compiled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RowMaskerBenchmark {
  private static final int ROWS = 1_000_000;
  private static final List<String> COLUMNS =
      List.of(
          "id", "name", "email", "ssn", "city", "country", "amount", "created", "status", "note");
  private static final Securable TABLE = Securable.table("app", "people");

  private Object[][] rows;
  private RowMasker noHash;
  private RowMasker withHash;
  private RowMasker hashOnly;
  private RowMasker filtered;
  private Expr filter;
  private MessageDigest sha256;
  private HexFormat hex;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    rows = rows();
    Transform partial = new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER);
    Transform hash = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE);
    noHash =
        masker(new Transform.MaskCharacters(), new Transform.Email(), partial, Optional.empty());
    withHash = masker(new Transform.MaskCharacters(), hash, partial, Optional.empty());
    hashOnly = masker(new Transform.Identity(), hash, new Transform.Identity(), Optional.empty());
    // Admits every row: the score is the filter's cost on top of maskWithoutHashing's.
    Expr admitsAll =
        Expressions.and(
            Expressions.equal(Expressions.column("country"), Expressions.literal("PT")),
            Expressions.in(
                Expressions.column("status"),
                Expressions.literal("active"),
                Expressions.literal("pending")),
            Expressions.compare(
                ComparisonOperator.GREATER_THAN_OR_EQUAL,
                Expressions.column("amount"),
                Expressions.literal(0)),
            Expressions.isNotNull(Expressions.column("created")));
    filtered =
        masker(
            new Transform.MaskCharacters(), new Transform.Email(), partial, Optional.of(admitsAll));
    filter = filtered.decision().rowFilter();
    for (Object[] row : rows) {
      if (filtered.maskOrNull(row) == null) {
        throw new IllegalStateException("The benchmark's row filter rejects a row");
      }
    }
    sha256 = MessageDigest.getInstance("SHA-256");
    hex = HexFormat.of();
    String email = (String) rows[0][2];
    if (!hex.formatHex(sha256.digest(email.getBytes(StandardCharsets.UTF_8)))
        .equals(hashOnly.maskOrNull(rows[0])[2])) {
      throw new IllegalStateException("The JDK baseline does not produce the masker's text");
    }
  }

  /** 1,000,000 rows: int, four distinct strings, a constant, BigDecimal, LocalDate, constants. */
  static Object[][] rows() {
    Object[][] rows = new Object[ROWS][];
    String[] cities = {"Lisbon", "Oslo", "Kraków", "Zürich", "Austin"};
    for (int index = 0; index < ROWS; index++) {
      rows[index] =
          new Object[] {
            index,
            "Customer Name " + index,
            "user" + index + "@example.com",
            String.format("%03d-%02d-%04d", index % 1000, index % 100, index % 10000),
            cities[index % cities.length],
            "PT",
            BigDecimal.valueOf(index, 2),
            LocalDate.of(2024, 1 + index % 12, 1 + index % 28),
            "active",
            "note"
          };
    }
    return rows;
  }

  private static RowMasker masker(
      Transform name, Transform email, Transform ssn, Optional<Expr> rowFilter) {
    Origin origin = Origin.of(SystemKind.PASSPORT);
    PolicySet.Builder builder =
        PolicySet.builder(Source.of(SystemKind.PASSPORT, "benchmark", ExtractionMethod.FILE))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), TABLE, origin))
            .addColumnMask(ColumnMask.of(TABLE.column("name"), List.of(), name, origin))
            .addColumnMask(ColumnMask.of(TABLE.column("email"), List.of(), email, origin))
            .addColumnMask(ColumnMask.of(TABLE.column("ssn"), List.of(), ssn, origin));
    rowFilter.ifPresent(
        expr -> builder.addRowFilter(RowFilter.of(TABLE, expr, Subjects.everyone(), origin)));
    PolicySet policySet = builder.build();
    Decision decision =
        Evaluator.compile(policySet).decide(PrincipalContext.user("reader"), TABLE, Action.SELECT);
    if (!decision.allowed()) {
      // A denied decision rejects every row, and the benchmark would time nothing.
      throw new IllegalStateException("The benchmark's reader is denied: " + decision.reasons());
    }
    return RowMasker.forDecision(
        decision, COLUMNS, EvaluationOptions.defaults(), LookupSource.none());
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void plainCopy(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(Arrays.copyOf(row, row.length));
    }
  }

  /**
   * Not a masker: the copy plus one new string for each of the three masked columns, the least any
   * masker that emits fresh text for them must allocate. It bounds what the masker's ratio to
   * {@link #plainCopy} can reach.
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void copyWithThreeNewStrings(Blackhole blackhole) {
    for (Object[] row : rows) {
      Object[] copy = Arrays.copyOf(row, row.length);
      copy[1] = ((String) row[1]).substring(1);
      copy[2] = ((String) row[2]).substring(1);
      copy[3] = ((String) row[3]).substring(1);
      blackhole.consume(copy);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void maskWithoutHashing(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(noHash.maskOrNull(row));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void maskWithHashing(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(withHash.maskOrNull(row));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void maskHashOnly(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(hashOnly.maskOrNull(row));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void jdkSha256SameBytes(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(sha256.digest(((String) row[2]).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The row copied and its email's digest bytes in its place: the digest without its text. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void copyWithJdkSha256(Blackhole blackhole) {
    for (Object[] row : rows) {
      Object[] copy = Arrays.copyOf(row, row.length);
      copy[2] = sha256.digest(((String) row[2]).getBytes(StandardCharsets.UTF_8));
      blackhole.consume(copy);
    }
  }

  /** The digest as the masker's text: lower-case hex. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void jdkSha256Hex(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(
          hex.formatHex(sha256.digest(((String) row[2]).getBytes(StandardCharsets.UTF_8))));
    }
  }

  /** maskHashOnly's output built with the JDK alone: the row copied, its email as hex digest. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void copyWithJdkSha256Hex(Blackhole blackhole) {
    for (Object[] row : rows) {
      Object[] copy = Arrays.copyOf(row, row.length);
      copy[2] = hex.formatHex(sha256.digest(((String) row[2]).getBytes(StandardCharsets.UTF_8)));
      blackhole.consume(copy);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void maskWithRowFilter(Blackhole blackhole) {
    for (Object[] row : rows) {
      blackhole.consume(filtered.maskOrNull(row));
    }
  }

  /**
   * The rows as CSV text through the masker's pipe (the CLI's {@code passport mask}), with no
   * column masked: what moving the rows through the pipe costs, the baseline of {@link
   * #csvPipeMaskWithoutHashing}.
   */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long csvPipeCopy(CsvRows csv) {
    return csv.unmasked.mask(new StringReader(csv.text), Writer.nullWriter(), RowMasker.Format.CSV);
  }

  /** The same pipe with {@link #maskWithoutHashing}'s three masks. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long csvPipeMaskWithoutHashing(CsvRows csv) {
    return csv.masked.mask(new StringReader(csv.text), Writer.nullWriter(), RowMasker.Format.CSV);
  }

  /** The benchmark's rows as one CSV text, built only for the pipe benchmarks. */
  @State(Scope.Benchmark)
  public static class CsvRows {
    String text;
    RowMasker unmasked;
    RowMasker masked;

    @Setup
    public void setUp() {
      StringBuilder builder = new StringBuilder(ROWS * 120);
      builder.append(String.join(",", COLUMNS)).append('\n');
      for (Object[] row : rows()) {
        for (int index = 0; index < row.length; index++) {
          if (index > 0) {
            builder.append(',');
          }
          builder.append(row[index]);
        }
        builder.append('\n');
      }
      text = builder.toString();
      Transform identity = new Transform.Identity();
      unmasked = masker(identity, identity, identity, Optional.empty());
      masked =
          masker(
              new Transform.MaskCharacters(),
              new Transform.Email(),
              new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
              Optional.empty());
      long written = masked.mask(new StringReader(text), Writer.nullWriter(), RowMasker.Format.CSV);
      if (written != ROWS) {
        throw new IllegalStateException("The CSV pipe wrote " + written + " rows of " + ROWS);
      }
    }
  }

  /** The same filter run by the interpreter over a Row per row, then the same masks. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void interpretedFilterThenMask(Blackhole blackhole) {
    for (Object[] row : rows) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int index = 0; index < row.length; index++) {
        values.put(COLUMNS.get(index), row[index]);
      }
      if (RowEvaluator.admits(filter, Row.of(values), LookupSource.none())) {
        blackhole.consume(noHash.maskOrNull(row));
      }
    }
  }
}
