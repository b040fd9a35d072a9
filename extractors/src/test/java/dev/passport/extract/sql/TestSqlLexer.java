package dev.passport.extract.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestSqlLexer {
  private static final Map<String, SqlDialect> DIALECTS =
      Map.of(
          "SPARK",
          SqlDialect.SPARK,
          "HIVE",
          SqlDialect.HIVE,
          "SNOWFLAKE",
          SqlDialect.SNOWFLAKE,
          "STANDARD",
          SqlDialect.POSTGRESQL);

  /**
   * Tokens as KIND:text, joined by a space; ⏎ stands for a newline and ␍ for a carriage return.
   * STANDARD is PostgreSQL's rules, which the Hive-family options must leave unchanged.
   */
  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          SPARK    | 'a\\'' x            | STRING:'a\\'' WORD:x
          SPARK    | "a\\"b" x           | STRING:"a\\"b" WORD:x
          SPARK    | `a``b` x            | QUOTED_IDENTIFIER:`a``b` WORD:x
          SPARK    | a=`b`               | WORD:a SYMBOL:= QUOTED_IDENTIFIER:`b`
          SPARK    | `--` x              | QUOTED_IDENTIFIER:`--` WORD:x
          SPARK    | r'\\d\\' x          | STRING:r'\\d\\' WORD:x
          SPARK    | R"it's" x           | STRING:R"it's" WORD:x
          SPARK    | arr'x'              | WORD:arr STRING:'x'
          SPARK    | /* a /* b */ c */ d | COMMENT:/* a /* b */ c */ WORD:d
          SPARK    | -- x\\⏎UNION⏎y       | COMMENT:-- x\\⏎UNION WORD:y
          SPARK    | -- x\\\\⏎UNION⏎y      | COMMENT:-- x\\\\⏎UNION WORD:y
          SPARK    | -- x\\␍⏎UNION        | COMMENT:-- x\\ WORD:UNION
          SPARK    | -- x⏎y               | COMMENT:-- x WORD:y
          HIVE     | 'a\\'' x            | STRING:'a\\'' WORD:x
          HIVE     | `a'b` x             | QUOTED_IDENTIFIER:`a'b` WORD:x
          HIVE     | r'\\d' x            | WORD:r STRING:'\\d' WORD:x
          HIVE     | -- x\\⏎UNION⏎y       | COMMENT:-- x\\ WORD:UNION WORD:y
          HIVE     | /* a /* b */ c */ d | COMMENT:/* a /* b */ WORD:c SYMBOL:*/ WORD:d
          SNOWFLAKE | 'a\\'' x           | STRING:'a\\'' WORD:x
          SNOWFLAKE | 1 // x⏎y           | NUMBER:1 COMMENT:// x WORD:y
          SNOWFLAKE | a //x               | WORD:a COMMENT://x
          STANDARD | 'a\\'' x, y         | STRING:'a\\'' x, y
          STANDARD | `a'b` x             | SYMBOL:` WORD:a STRING:'b` x
          STANDARD | "a""b" x            | QUOTED_IDENTIFIER:"a""b" WORD:x
          STANDARD | -- x\\⏎UNION⏎y       | COMMENT:-- x\\ WORD:UNION WORD:y
          STANDARD | 1 // x              | NUMBER:1 SYMBOL:// WORD:x
          """)
  void testLexicalRules(String dialect, String text, String expected) {
    assertThat(describe(SqlLexer.tokenize(lines(text), DIALECTS.get(dialect)))).isEqualTo(expected);
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
