package dev.passport.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.sql.SqlStatement;
import dev.passport.model.ErrorCode;
import dev.passport.model.Loss;
import dev.passport.model.Origin;
import dev.passport.model.ParseException;
import dev.passport.model.SystemKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestSkippedStatements {
  private static final SqlStatement STATEMENT =
      new SqlStatement(
          "CREATE RULE r AS ON SELECT TO t DO INSTEAD NOTHING", Optional.of("a.sql"), 3, 5, 40);

  private final List<Loss> losses = new ArrayList<>();
  private final SkippedStatements skipped =
      new SkippedStatements(statement -> "summary of " + statement.line(), losses::add);

  @Test
  void testIgnoredHasNoLoss() {
    skipped.ignored(STATEMENT, "no bearing on access");

    assertThat(skipped.list())
        .containsExactly(
            new SkippedStatement(
                Optional.of("a.sql"),
                3,
                5,
                SkippedStatement.Kind.IGNORED,
                "no bearing on access",
                "summary of 3"));
    assertThat(losses).isEmpty();
  }

  @Test
  void testUnsupportedAndRefusedAreLosses() {
    Origin origin = Origin.of(SystemKind.POSTGRESQL).at("a.sql", 3);

    skipped.unsupported(STATEMENT, origin, "rules are not read");
    skipped.refused(STATEMENT, origin, "the database refuses it");

    assertThat(skipped.list())
        .extracting(SkippedStatement::kind)
        .containsExactly(SkippedStatement.Kind.UNSUPPORTED, SkippedStatement.Kind.FAILED);
    assertThat(losses)
        .extracting(Loss::reason)
        .containsExactly("rules are not read", "the database refuses it");
    assertThat(losses).extracting(Loss::origin).containsOnly(origin);
  }

  @Test
  void testNotParsedIsListedAtTheError() {
    ParseException error =
        new ParseException(
            ErrorCode.PARSE_ERROR, SystemKind.POSTGRESQL, Optional.of("a.sql"), 4, 9, "bad token");

    skipped.notParsed(STATEMENT, error);

    assertThat(skipped.list())
        .containsExactly(
            new SkippedStatement(
                Optional.of("a.sql"),
                4,
                9,
                SkippedStatement.Kind.FAILED,
                "bad token",
                "summary of 3"));
    assertThat(losses).isEmpty();
  }
}
