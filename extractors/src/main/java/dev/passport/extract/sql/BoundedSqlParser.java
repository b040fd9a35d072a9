package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.ParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser 5.4 behind bounds. JSqlParser's {@code parseExpression} runs with no time limit on the
 * caller's thread, {@code CCJSqlParserUtil.parse} starts an executor per call, and deep nesting
 * overflows its stack; so every parse here
 *
 * <ol>
 *   <li>is pre-scanned cheaply (linear, quote- and comment-aware): text longer than {@link
 *       ParseLimits#maxInputCharacters()} or nested deeper than {@link
 *       ParseLimits#maxNestingDepth()} (parentheses, brackets, CASE … END) is rejected before
 *       JSqlParser sees it;
 *   <li>runs on one process-wide pool of daemon threads with large stacks, and is stopped after
 *       {@link ParseLimits#timeout()} by setting the parser's {@code interrupted} flag and
 *       interrupting the thread;
 *   <li>turns a {@link StackOverflowError} into an error rather than letting it escape.
 * </ol>
 *
 * <p>Every bound gives a {@link ParseException} with {@link ErrorCode#PARSE_LIMIT_EXCEEDED}; a
 * syntax error gives {@link ErrorCode#PARSE_ERROR} at the file line and column of the offending
 * token, computed from the {@link SqlLocation} the text starts at. Instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.POSTGRESQL);
 * Expression using = parser.parseExpression("tenant_id = current_setting('app.tenant')", at);
 * }</pre>
 */
public final class BoundedSqlParser {
  private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(new Daemons());
  private static final long STACK_BYTES = 16L * 1024 * 1024;
  private static final Pattern LOCATION_IN_MESSAGE = Pattern.compile("line (\\d+), column (\\d+)");

  private final SqlDialect dialect;
  private final ParseLimits limits;

  private BoundedSqlParser(SqlDialect dialect, ParseLimits limits) {
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.limits = requireNonNull(limits, "limits is null");
  }

  /** A parser for the dialect with {@link ParseLimits#DEFAULT}. */
  public static BoundedSqlParser of(SqlDialect dialect) {
    return new BoundedSqlParser(dialect, ParseLimits.DEFAULT);
  }

  /** A parser for the dialect with the given limits. */
  public static BoundedSqlParser of(SqlDialect dialect, ParseLimits limits) {
    return new BoundedSqlParser(dialect, limits);
  }

  public SqlDialect dialect() {
    return dialect;
  }

  public ParseLimits limits() {
    return limits;
  }

  /**
   * Parses one scalar or boolean expression; the whole text must be the expression.
   *
   * @param text the expression, as written
   * @param location where {@code text} starts, for error positions
   * @throws ParseException PARSE_LIMIT_EXCEEDED or PARSE_ERROR
   */
  public Expression parseExpression(String text, SqlLocation location) {
    requireNonNull(text, "text is null");
    return call(location, thread -> thread.parseExpression(text, location));
  }

  /**
   * Parses one statement (without its terminating semicolon, though one is tolerated).
   *
   * @throws ParseException PARSE_LIMIT_EXCEEDED or PARSE_ERROR
   */
  public Statement parseStatement(String text, SqlLocation location) {
    requireNonNull(text, "text is null");
    return call(location, thread -> thread.parseStatement(text, location));
  }

  /**
   * Runs {@code work} on a parsing thread under this parser's time bound and returns what it
   * returns; the work parses through the {@link ParsingThread} it is given, on that same thread. A
   * caller that scans text, parses it and then walks and prints the tree (the rewriter) does all of
   * it in one hand-off: each hand-off between threads costs about as much as the rest of the work
   * on a small virtual machine, and the tree is walked on the thread, and in the CPU cache, that
   * built it, with the parsing thread's large stack for a walk that recurses as deep as the
   * nesting.
   *
   * <p>The work must not block. A {@link RuntimeException} it throws (a {@link ParseException} from
   * a parse among them) reaches the caller unchanged; running past the time bound stops a parse in
   * progress, interrupts the thread and gives PARSE_LIMIT_EXCEEDED.
   *
   * @param location where the text starts, for the time bound's error
   * @throws ParseException PARSE_LIMIT_EXCEEDED, or what the work throws
   */
  public <T> T call(SqlLocation location, Function<ParsingThread, T> work) {
    requireNonNull(location, "location is null");
    requireNonNull(work, "work is null");
    Task<T> task = new Task<>(work);
    Future<Outcome<T>> future = EXECUTOR.submit(task);
    Outcome<T> outcome;
    try {
      outcome = future.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException timeout) {
      boolean parsing = task.stop();
      future.cancel(true);
      throw location.error(
          ErrorCode.PARSE_LIMIT_EXCEEDED,
          (parsing ? "parsing" : "the work around the parse")
              + " took longer than "
              + limits.timeout().toMillis()
              + " ms");
    } catch (InterruptedException interrupted) {
      task.stop();
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw location.error(ErrorCode.PARSE_LIMIT_EXCEEDED, "parsing was interrupted");
    } catch (ExecutionException failed) {
      throw location.error(
          ErrorCode.PARSE_ERROR, "the parser failed: " + failed.getCause(), failed.getCause());
    }
    if (outcome.stackOverflow) {
      throw location.error(
          ErrorCode.PARSE_LIMIT_EXCEEDED, "nesting too deep for the parser (stack exhausted)");
    }
    if (outcome.failure != null) {
      throw outcome.failure;
    }
    return outcome.value;
  }

  /**
   * Parsing where the work of {@link #call} runs: the bounds are checked and JSqlParser runs on the
   * calling thread, which must be that work's own thread, under that call's time bound.
   */
  public final class ParsingThread {
    private final Task<?> task;
    private final Thread owner;

    private ParsingThread(Task<?> task) {
      this.task = task;
      this.owner = Thread.currentThread();
    }

    /** As {@link BoundedSqlParser#parseExpression}, on this thread. */
    public Expression parseExpression(String text, SqlLocation location) {
      return parse(text, location, parser -> parser.Expression());
    }

    /** As {@link BoundedSqlParser#parseStatement(String, SqlLocation)}, on this thread. */
    public Statement parseStatement(String text, SqlLocation location) {
      return parse(text, location, parser -> parser.Statement());
    }

    private <P> P parse(String text, SqlLocation location, ParseAction<P> action) {
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException("a ParsingThread is used outside its own work");
      }
      task.parsing(true);
      try {
        checkBounds(text, location);
        CCJSqlParser parser = CCJSqlParserUtil.newParser(prepare(text));
        task.parser(parser);
        P value = action.parse(parser);
        Token next = parser.getNextToken();
        while (next.kind != CCJSqlParserConstants.EOF && ";".equals(next.image)) {
          next = parser.getNextToken();
        }
        if (next.kind != CCJSqlParserConstants.EOF) {
          throw syntaxError(new Unexpected(next), location);
        }
        return value;
      } catch (net.sf.jsqlparser.parser.ParseException | RuntimeException e) {
        if (e instanceof ParseException passport) {
          throw passport;
        }
        throw syntaxError(e, location);
      } finally {
        task.parsing(false);
      }
    }
  }

  /**
   * The pre-scan alone: rejects text over the size or nesting bound. Readers that cut text out of a
   * statement themselves call it before doing work proportional to nesting.
   *
   * @throws ParseException PARSE_LIMIT_EXCEEDED
   */
  public void checkBounds(String text, SqlLocation location) {
    requireNonNull(text, "text is null");
    requireNonNull(location, "location is null");
    if (text.length() > limits.maxInputCharacters()) {
      throw location.error(
          ErrorCode.PARSE_LIMIT_EXCEEDED,
          "input of "
              + text.length()
              + " characters exceeds the limit of "
              + limits.maxInputCharacters());
    }
    int depth = 0;
    int caseDepth = 0;
    for (SqlToken token : SqlLexer.significantTokens(text, dialect)) {
      if (token.isSymbol("(") || token.isSymbol("[")) {
        depth++;
      } else if (token.isSymbol(")") || token.isSymbol("]")) {
        depth = Math.max(0, depth - 1);
      } else if (token.isWord("case")) {
        depth++;
        caseDepth++;
      } else if (token.isWord("end") && caseDepth > 0) {
        depth = Math.max(0, depth - 1);
        caseDepth--;
      } else {
        continue;
      }
      if (depth > limits.maxNestingDepth()) {
        throw location
            .advance(text, token.offset())
            .error(
                ErrorCode.PARSE_LIMIT_EXCEEDED,
                "nesting deeper than " + limits.maxNestingDepth() + " levels");
      }
    }
  }

  @FunctionalInterface
  private interface ParseAction<T> {
    T parse(CCJSqlParser parser) throws net.sf.jsqlparser.parser.ParseException;
  }

  /** One call's work on a pool thread, and what the caller needs to stop it. */
  private final class Task<T> implements Callable<Outcome<T>> {
    private final Function<ParsingThread, T> work;
    // The parser running now, if any, so that the caller can set its flag at the timeout.
    private volatile CCJSqlParser current;
    private volatile boolean inParse;
    private volatile boolean stopped;

    Task(Function<ParsingThread, T> work) {
      this.work = work;
    }

    @Override
    public Outcome<T> call() {
      try {
        return Outcome.of(work.apply(new ParsingThread(this)));
      } catch (StackOverflowError overflow) {
        return Outcome.overflowed();
      } catch (RuntimeException failure) {
        return Outcome.failed(failure);
      }
    }

    void parsing(boolean now) {
      current = null;
      inParse = now;
    }

    void parser(CCJSqlParser parser) {
      current = parser;
      // Set after publishing the parser and read before the caller's read of it: a stop that
      // comes between the two is seen by one side or the other.
      if (stopped) {
        parser.interrupted = true;
      }
    }

    /** Stops a parse in progress or about to start; says whether the work was parsing. */
    boolean stop() {
      stopped = true;
      CCJSqlParser parser = current;
      if (parser != null) {
        parser.interrupted = true;
      }
      return inParse;
    }
  }

  private ParseException syntaxError(Throwable failure, SqlLocation location) {
    if (failure instanceof Unexpected unexpected) {
      return location
          .relative(unexpected.token.beginLine, unexpected.token.beginColumn)
          .error(ErrorCode.PARSE_ERROR, "unexpected '" + unexpected.token.image + "'");
    }
    if (failure instanceof net.sf.jsqlparser.parser.ParseException parseException
        && parseException.currentToken != null
        && parseException.currentToken.next != null) {
      Token bad = parseException.currentToken.next;
      String near = bad.kind == CCJSqlParserConstants.EOF ? "end of input" : "'" + bad.image + "'";
      return location
          .relative(bad.beginLine, bad.beginColumn)
          .error(ErrorCode.PARSE_ERROR, "syntax error at " + near, failure);
    }
    String message = String.valueOf(failure.getMessage());
    Matcher matcher = LOCATION_IN_MESSAGE.matcher(message);
    SqlLocation at = location;
    if (matcher.find()) {
      at =
          location.relative(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }
    String firstLine = message.lines().findFirst().orElse("syntax error").trim();
    return at.error(ErrorCode.PARSE_ERROR, "syntax error: " + firstLine, failure);
  }

  /**
   * Rewrites what JSqlParser does not read but PostgreSQL writes: {@code E'…'} strings become
   * standard strings, and the operators {@code ~~ ~~* !~~ !~~*} that {@code pg_get_expr} prints for
   * LIKE become the keywords. Positions after a rewrite on the same line may shift by a few
   * columns; text without these constructs is passed through unchanged.
   */
  private String prepare(String text) {
    if (!text.contains("~~") && !containsEscapeString(text)) {
      return text;
    }
    List<SqlToken> tokens = SqlLexer.tokenize(text, dialect);
    StringBuilder prepared = new StringBuilder(text.length());
    int copied = 0;
    for (SqlToken token : tokens) {
      String replacement = null;
      if (token.kind() == SqlTokenKind.STRING
          && (token.text().startsWith("E'") || token.text().startsWith("e'"))) {
        replacement = "'" + token.stringValue().replace("'", "''") + "'";
      } else if (token.kind() == SqlTokenKind.SYMBOL) {
        replacement =
            switch (token.text()) {
              case "~~" -> " LIKE ";
              case "~~*" -> " ILIKE ";
              case "!~~" -> " NOT LIKE ";
              case "!~~*" -> " NOT ILIKE ";
              default -> null;
            };
      }
      if (replacement != null) {
        prepared.append(text, copied, token.offset()).append(replacement);
        copied = token.end();
      }
    }
    prepared.append(text, copied, text.length());
    return prepared.toString();
  }

  private boolean containsEscapeString(String text) {
    return dialect.escapeStrings() && (text.contains("E'") || text.contains("e'"));
  }

  /** The result of a call's work on the pool thread. */
  private static final class Outcome<T> {
    private final T value;
    private final RuntimeException failure;
    private final boolean stackOverflow;

    private Outcome(T value, RuntimeException failure, boolean stackOverflow) {
      this.value = value;
      this.failure = failure;
      this.stackOverflow = stackOverflow;
    }

    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null, false);
    }

    static <T> Outcome<T> failed(RuntimeException failure) {
      return new Outcome<>(null, failure, false);
    }

    static <T> Outcome<T> overflowed() {
      return new Outcome<>(null, null, true);
    }
  }

  /** Text left over after a complete expression or statement. */
  private static final class Unexpected extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Token token;

    Unexpected(Token token) {
      super("unexpected " + token.image, null, false, false);
      this.token = token;
    }
  }

  /** Daemon threads with stacks large enough for the nesting the pre-scan admits. */
  private static final class Daemons implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread =
          new Thread(null, task, "passport-sql-parser-" + count.incrementAndGet(), STACK_BYTES);
      thread.setDaemon(true);
      return thread;
    }
  }
}
