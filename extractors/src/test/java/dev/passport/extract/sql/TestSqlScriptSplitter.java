package dev.passport.extract.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.SystemKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestSqlScriptSplitter {
  private static List<SqlStatement> split(String script) {
    return SqlScriptSplitter.of(SqlDialect.POSTGRESQL).split(script, Optional.of("s.sql"));
  }

  private static List<String> texts(String script) {
    return split(script).stream().map(SqlStatement::text).toList();
  }

  @Test
  void testSplitsAtSemicolonsOutsideQuotesAndComments() {
    String script =
        """
        select 'a;b', "c;d" from t; -- comment; here
        /* block ; /* nested ; */ still comment; */ select E'it\\'s;' ;
        select $$ body; $$, $fn$ other $$ ; $fn$;
        """;
    assertThat(texts(script))
        .containsExactly(
            "select 'a;b', \"c;d\" from t",
            "select E'it\\'s;'",
            "select $$ body; $$, $fn$ other $$ ; $fn$");
  }

  @Test
  void testReportsLineAndColumnOfEachStatement() {
    List<SqlStatement> statements = split("select 1;\n\n  -- note\n  create policy p on t;");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).line()).isEqualTo(1);
    assertThat(statements.get(0).column()).isEqualTo(1);
    assertThat(statements.get(1).line()).isEqualTo(4);
    assertThat(statements.get(1).column()).isEqualTo(3);
    assertThat(statements.get(1).startOffset()).isEqualTo(23);
    assertThat(statements.get(1).file()).contains("s.sql");
  }

  @Test
  void testMapsOffsetsInsideAStatementToFilePositions() {
    SqlStatement statement = split("\n  create policy p\n    on t using (x = 1);").get(0);
    int offset = statement.text().indexOf("x = 1");
    SqlLocation location = statement.locationAt(SystemKind.POSTGRESQL, offset);
    assertThat(location.line()).isEqualTo(3);
    assertThat(location.column()).isEqualTo(17);
  }

  @Test
  void testIgnoresByteOrderMarkAndSkipsMetaCommands() {
    List<SqlStatement> statements = split("\uFEFFselect 1;\n\\connect db\n\\set x 1\nselect 2;\n");
    assertThat(statements).extracting(SqlStatement::text).containsExactly("select 1", "select 2");
    assertThat(statements.get(0).column()).isEqualTo(1);
    assertThat(statements.get(1).line()).isEqualTo(4);
  }

  @Test
  void testBackslashGEndsAStatement() {
    assertThat(texts("select 1\n\\gset\nselect 2")).containsExactly("select 1", "select 2");
  }

  @Test
  void testUnterminatedQuoteRunsToTheEnd() {
    assertThat(texts("select 1; select 'open; select 2;"))
        .containsExactly("select 1", "select 'open; select 2;");
  }

  @Test
  void testRedshiftDoesNotNestComments() {
    List<SqlStatement> statements =
        SqlScriptSplitter.of(SqlDialect.REDSHIFT)
            .split("/* a /* b */ select 1; select 2", Optional.empty());
    assertThat(statements).extracting(SqlStatement::text).containsExactly("select 1", "select 2");
  }

  @Test
  void testDropsEmptyStatementsAndCrLfLines() {
    List<SqlStatement> statements = split(";;\r\nselect 1;\r\n;\r\n select 2");
    assertThat(statements).extracting(SqlStatement::line).containsExactly(2, 4);
    assertThat(statements.get(1).column()).isEqualTo(2);
  }
}
