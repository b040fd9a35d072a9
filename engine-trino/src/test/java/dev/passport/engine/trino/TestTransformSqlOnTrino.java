package dev.passport.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.DateUnit;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Transforms;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every transform's Trino SQL ({@link TransformSqlPrinter}, the printer the rewriter and the Trino
 * translators share) run on a real Trino over every column type of the seeded rows gives exactly
 * what the JVM's {@link Transforms} gives: text byte for byte, numbers and dates by value. A
 * transform the printer refuses for Trino is fine (fail closed); one it prints must agree.
 */
@ExtendWith(TrinoExtension.class)
class TestTransformSqlOnTrino {
  private static final String TABLE = "memory.matrix.samples";
  private static final String SALT = "s@lt 'ü'; -- 𝄞";

  private static final List<Transform> TEXT_TRANSFORMS =
      List.of(
          new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
          new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL),
          new Transform.Hash(HashAlgorithm.SHA512, SaltScope.GLOBAL),
          new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE),
          new Transform.Hash(HashAlgorithm.SHA1, SaltScope.GLOBAL),
          new Transform.Partial(2, 2, "#", FillMode.EACH_CHARACTER),
          new Transform.Partial(3, 0, "…", FillMode.ONCE),
          new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
          new Transform.Partial(1, 1, "𝄞", FillMode.EACH_CHARACTER),
          new Transform.Partial(0, 0, "**", FillMode.ONCE),
          new Transform.MaskCharacters(),
          new Transform.Email(),
          new Transform.RegexReplace("[0-9]", "#"),
          new Transform.RegexReplace("([a-z]+)@", "$1 at "),
          new Transform.RegexReplace("^(.)(.*)$", "$2$1"),
          new Transform.Constant(Expressions.literal("it's; -- redacted")),
          new Transform.Nullify());

  private static final List<Transform> NUMBER_TRANSFORMS =
      List.of(
          new Transform.Round(0),
          new Transform.Round(1),
          new Transform.Round(2),
          new Transform.Round(-2));

  private static RunningTrino trino;

  @BeforeAll
  static void load(RunningTrino running) {
    trino = running;
    trino.execute("CREATE SCHEMA memory.matrix");
    SeededTables.load(
        trino, TABLE, SeededTables.ACCOUNT_COLUMNS, SeededTables.asLists(SeededTables.accounts()));
  }

  @Test
  void testEveryTransformAgreesWithTheJvmOnEveryColumnType() {
    List<String> mismatches = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, String> column : SeededTables.ACCOUNT_COLUMNS.entrySet()) {
      List<Transform> transforms = new ArrayList<>(TEXT_TRANSFORMS);
      String type = column.getValue();
      if (type.startsWith("decimal")
          || type.equals("bigint")
          || type.equals("integer")
          || type.equals("double")) {
        transforms.addAll(NUMBER_TRANSFORMS);
      }
      if (type.equals("date") || type.startsWith("timestamp")) {
        for (DateUnit unit : DateUnit.values()) {
          transforms.add(new Transform.DateTruncate(unit));
        }
      }
      List<Transform> printed = new ArrayList<>();
      List<String> expressions = new ArrayList<>();
      for (Transform transform : transforms) {
        try {
          expressions.add(
              TransformSqlPrinter.print(
                  transform, SqlDialect.TRINO, column.getKey(), Optional.of(type), SALT));
          printed.add(transform);
        } catch (PassportException exception) {
          assertThat(exception.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
          refusals.add(transform + " on " + type + ": " + exception.getMessage());
        }
      }
      compared += compare(column.getKey(), type, printed, expressions, mismatches);
    }
    System.out.println("Trino refused (fail closed):\n  " + String.join("\n  ", refusals));
    // Only the text of doubles is refused (Trino writes them in scientific notation).
    assertThat(refusals).isNotEmpty().allMatch(refusal -> refusal.contains(" on double: "));
    assertThat(compared).isGreaterThan(10_000);
    assertThat(mismatches).isEmpty();
  }

  /** One query per column, one output column per transform; values compared one by one. */
  private static int compare(
      String column,
      String type,
      List<Transform> transforms,
      List<String> expressions,
      List<String> mismatches) {
    String query =
        "SELECT " + column + ", " + String.join(",\n  ", expressions) + "\nFROM " + TABLE;
    RunningTrino.Result result;
    try {
      result = trino.execute(query);
    } catch (RuntimeException batchFailure) {
      if (transforms.size() == 1) {
        mismatches.add(
            transforms.get(0)
                + " on "
                + column
                + " "
                + type
                + ": Trino failed: "
                + batchFailure.getMessage()
                + "\n    "
                + query);
        return 0;
      }
      // Run them one by one to name the expression Trino rejects.
      int count = 0;
      for (int index = 0; index < transforms.size(); index++) {
        count +=
            compare(
                column,
                type,
                List.of(transforms.get(index)),
                List.of(expressions.get(index)),
                mismatches);
      }
      return count;
    }
    int count = 0;
    for (int index = 0; index < transforms.size(); index++) {
      Transform transform = transforms.get(index);
      Function<Object, Object> jvm =
          Transforms.function(transform, EvaluationOptions.defaults().withSalt(SALT));
      int wrong = 0;
      String example = "";
      for (List<Object> row : result.rows()) {
        Object raw = row.get(0);
        String expected;
        try {
          expected = TrinoValues.comparable(jvm.apply(raw));
        } catch (PassportException exception) {
          expected = "JVM error " + exception.errorCode();
        }
        String actual = TrinoValues.comparable(row.get(index + 1));
        count++;
        if (!Objects.equals(expected, actual)) {
          if (wrong++ == 0) {
            example = TrinoValues.comparable(raw) + " gives Trino " + actual + ", JVM " + expected;
          }
        }
      }
      if (wrong > 0) {
        mismatches.add(
            transform
                + " on "
                + column
                + " "
                + type
                + ": "
                + wrong
                + " rows differ, e.g. "
                + example
                + "\n    "
                + expressions.get(index));
      }
    }
    return count;
  }
}
