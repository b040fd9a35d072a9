package dev.passport.benchmarks;

import dev.passport.enforce.mask.RowMasker;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
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
  private MessageDigest sha256;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    rows = new Object[ROWS][];
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
    Transform partial = new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER);
    Transform hash = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE);
    noHash = masker(new Transform.MaskCharacters(), new Transform.Email(), partial);
    withHash = masker(new Transform.MaskCharacters(), hash, partial);
    hashOnly = masker(new Transform.Identity(), hash, new Transform.Identity());
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  private static RowMasker masker(Transform name, Transform email, Transform ssn) {
    Origin origin = Origin.of(SystemKind.PASSPORT);
    PolicySet policySet =
        PolicySet.builder(Source.of(SystemKind.PASSPORT, "benchmark", ExtractionMethod.FILE))
            .addColumnMask(ColumnMask.of(TABLE.column("name"), List.of(), name, origin))
            .addColumnMask(ColumnMask.of(TABLE.column("email"), List.of(), email, origin))
            .addColumnMask(ColumnMask.of(TABLE.column("ssn"), List.of(), ssn, origin))
            .build();
    Decision decision =
        Evaluator.compile(policySet).decide(PrincipalContext.user("reader"), TABLE, Action.SELECT);
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
}
