package dev.passport.extract.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.SystemKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestSqlLexer {
  /** Spark's rules, each as Spark 3.5 reads it (checked in engine-spark). */
  private static final SqlDialect SPARK =
      SqlDialect.builder(SystemKind.SPARK)
          .hiveQuoting(true)
          .rawStrings(true)
          .nestedBlockComments(true)
          .lineCommentContinuation(true)
          .build();

  private static final SqlDialect HIVE =
      SqlDialect.builder(SystemKind.HIVE).hiveQuoting(true).build();

  /** Tokens as KIND:text, joined by a space; ⏎ stands for a newline and ␍ for a carriage return. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          'a\\'' x            | STRING:'a\\'' WORD:x
          "a\\"b" x           | STRING:"a\\"b" WORD:x
          `a``b` x            | QUOTED_IDENTIFIER:`a``b` WORD:x
          a=`b`               | WORD:a SYMBOL:= QUOTED_IDENTIFIER:`b`
          `--` x              | QUOTED_IDENTIFIER:`--` WORD:x
          r'\\d\\' x          | STRING:r'\\d\\' WORD:x
          R"it's" x           | STRING:R"it's" WORD:x
          arr'x'              | WORD:arr STRING:'x'
          /* a /* b */ c */ d | COMMENT:/* a /* b */ c */ WORD:d
          -- x\\⏎UNION⏎y       | COMMENT:-- x\\⏎UNION WORD:y
          -- x\\\\⏎UNION⏎y      | COMMENT:-- x\\\\⏎UNION WORD:y
          -- x\\␍⏎UNION        | COMMENT:-- x\\ WORD:UNION
          -- x⏎y               | COMMENT:-- x WORD:y
          """)
  void testSparkRules(String text, String expected) {
    assertThat(describe(SqlLexer.tokenize(lines(text), SPARK))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          'a\\'' x            | STRING:'a\\'' WORD:x
          `a'b` x             | QUOTED_IDENTIFIER:`a'b` WORD:x
          r'\\d' x            | WORD:r STRING:'\\d' WORD:x
          -- x\\⏎UNION⏎y       | COMMENT:-- x\\ WORD:UNION WORD:y
          /* a /* b */ c */ d | COMMENT:/* a /* b */ WORD:c SYMBOL:*/ WORD:d
          """)
  void testHiveRules(String text, String expected) {
    assertThat(describe(SqlLexer.tokenize(lines(text), HIVE))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          'a\\'' x, y         | STRING:'a\\'' x, y
          `a'b` x             | SYMBOL:` WORD:a STRING:'b` x
          "a""b" x            | QUOTED_IDENTIFIER:"a""b" WORD:x
          -- x\\⏎UNION⏎y       | COMMENT:-- x\\ WORD:UNION WORD:y
          """)
  void testStandardRulesAreUnchanged(String text, String expected) {
    assertThat(describe(SqlLexer.tokenize(lines(text), SqlDialect.POSTGRESQL))).isEqualTo(expected);
  }

  private static String lines(String cell) {
    return cell.replace('⏎', '\n').replace('␍', '\r');
  }

  private static String describe(List<SqlToken> tokens) {
    List<String> described = new ArrayList<>();
    for (SqlToken token : tokens) {
      described.add(token.kind() + ":" + token.text().replace('\n', '⏎').replace('\r', '␍'));
    }
    return String.join(" ", described);
  }
}
