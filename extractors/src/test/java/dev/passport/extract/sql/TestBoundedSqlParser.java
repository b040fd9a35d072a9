package dev.passport.extract.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ErrorCode;
import dev.passport.model.ParseException;
import dev.passport.model.SystemKind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;

class TestBoundedSqlParser {
  private static final SqlLocation START = SqlLocation.start(SystemKind.POSTGRESQL, "q.sql");

  @Test
  void testWorkRunsOnTheParsingThreadAndReturnsItsResult() {
    BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);

    String[] seen =
        parser.call(
            START,
            thread ->
                new String[] {
                  Thread.currentThread().getName(),
                  thread.parseStatement("SELECT a FROM t WHERE b = 1;", START).toString()
                });

    assertThat(seen[0]).startsWith("passport-sql-parser-");
    assertThat(seen[0]).isNotEqualTo(Thread.currentThread().getName());
    assertThat(seen[1]).isEqualTo("SELECT a FROM t WHERE b = 1");
  }

  @Test
  void testAnExceptionFromTheWorkReachesTheCallerUnchanged() {
    BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);
    IllegalStateException refusal = new IllegalStateException("refused by the work");

    assertThatThrownBy(
            () ->
                parser.call(
                    START,
                    thread -> {
                      thread.parseStatement("SELECT a FROM t", START);
                      throw refusal;
                    }))
        .isSameAs(refusal);
  }

  @Test
  void testASyntaxErrorNeverRunsTheWorkAndNamesFileLineAndColumn() {
    BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);
    boolean[] ran = {false};

    assertThatThrownBy(
            () ->
                parser.call(
                    START,
                    thread -> {
                      Statement statement = thread.parseStatement("SELECT a\nFROM t t2 t3", START);
                      ran[0] = true;
                      return statement;
                    }))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
              assertThat(error.file()).contains("q.sql");
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.column()).isEqualTo(11);
              assertThat(error.problem()).isEqualTo("syntax error at 't3'");
            });
    assertThat(ran[0]).isFalse();
  }

  @Test
  void testWorkThatRunsPastTheBoundTimesOutWithoutHangingTheCaller() throws Exception {
    BoundedSqlParser parser =
        BoundedSqlParser.of(
            SqlDialect.POSTGRESQL, ParseLimits.DEFAULT.withTimeout(Duration.ofMillis(200)));
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);

    assertThatThrownBy(
            () ->
                parser.call(
                    START,
                    thread -> {
                      Statement statement = thread.parseStatement("SELECT a FROM t", START);
                      try {
                        never.await();
                      } catch (InterruptedException e) {
                        interrupted.countDown();
                      }
                      return statement;
                    }))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_LIMIT_EXCEEDED);
              assertThat(error.problem())
                  .isEqualTo("the work around the parse took longer than 200 ms");
            });
    // The pool thread is interrupted, not left waiting for ever.
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void testStackExhaustedInTheWorkIsALimitNotAnError() {
    BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);

    assertThatThrownBy(
            () ->
                parser.call(
                    START, thread -> recurse(thread.parseStatement("SELECT a FROM t", START))))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_LIMIT_EXCEEDED);
              assertThat(error.problem()).contains("stack exhausted");
            });
  }

  @Test
  void testAParsingThreadRefusesUseOutsideItsWork() {
    BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);
    AtomicReference<BoundedSqlParser.ParsingThread> leaked = new AtomicReference<>();
    parser.call(START, thread -> leaked.getAndSet(thread));

    assertThatThrownBy(() -> leaked.get().parseStatement("SELECT 1", START))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void testARunawayParseIsStoppedAtTheBound() {
    // Nested CASE makes JSqlParser backtrack; with the pre-scan's bound lifted, the time bound is
    // what stops it, and the message says it was the parse.
    BoundedSqlParser parser =
        BoundedSqlParser.of(
            SqlDialect.POSTGRESQL, new ParseLimits(1 << 20, 1_000_000, Duration.ofMillis(100)));
    String nested = "CASE WHEN a THEN ".repeat(3_000) + "1" + " END".repeat(3_000);

    assertThatThrownBy(() -> parser.parseExpression(nested, START))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_LIMIT_EXCEEDED);
              assertThat(error.problem())
                  .isIn(
                      "parsing took longer than 100 ms",
                      "nesting too deep for the parser (stack exhausted)");
            });
  }

  @Test
  void testPlainParseStillReturnsTheTree() {
    BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);

    assertThat(parser.parseStatement("SELECT 1", START)).isInstanceOf(Select.class);
  }

  private static Object recurse(Object any) {
    return recurse(new Object[] {any});
  }
}
