package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.sql.SqlStatement;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The statements a DDL reader's session did not apply. Kept in one place so that every dialect
 * pairs a skip with a {@link Loss} by the same rule (fail closed: a skipped statement that may bear
 * on access is never silent), while each dialect keeps its own summary (Redshift redacts passwords)
 * and its own place to put losses.
 */
public final class SkippedStatements {
  private final List<SkippedStatement> skipped = new ArrayList<>();
  private final Function<SqlStatement, String> summary;
  private final Consumer<Loss> losses;

  /**
   * @param summary the statement's text as listed, shortened (and redacted) as the dialect wants
   * @param losses where a skip that may bear on access reports its loss
   */
  public SkippedStatements(Function<SqlStatement, String> summary, Consumer<Loss> losses) {
    this.summary = requireNonNull(summary, "summary is null");
    this.losses = requireNonNull(losses, "losses is null");
  }

  /** A statement with no bearing on access: listed, with no loss. */
  public void ignored(SqlStatement statement, String reason) {
    record(statement, SkippedStatement.Kind.IGNORED, reason);
  }

  /** A statement that may bear on access but is not read: listed, and lost at {@code origin}. */
  public void unsupported(SqlStatement statement, Origin origin, String reason) {
    record(statement, SkippedStatement.Kind.UNSUPPORTED, reason);
    losses.accept(new Loss(origin, reason, LossDirection.UNKNOWN));
  }

  /**
   * A statement the database itself would refuse: it changes nothing, but the script's intent is
   * lost at {@code origin}.
   */
  public void refused(SqlStatement statement, Origin origin, String reason) {
    record(statement, SkippedStatement.Kind.FAILED, reason);
    losses.accept(new Loss(origin, reason, LossDirection.UNKNOWN));
  }

  /**
   * A statement that did not parse, listed at the error's position rather than the statement's;
   * whether it also is a loss depends on the dialect's list of statements it reads, so the caller
   * decides.
   */
  public void notParsed(SqlStatement statement, ParseException error) {
    add(
        new SkippedStatement(
            error.file(),
            error.line(),
            error.column(),
            SkippedStatement.Kind.FAILED,
            error.problem(),
            summary.apply(statement)));
  }

  /** A statement listed at its own position with this kind; no loss. */
  public void record(SqlStatement statement, SkippedStatement.Kind kind, String reason) {
    add(
        new SkippedStatement(
            statement.file(),
            statement.line(),
            statement.column(),
            kind,
            reason,
            summary.apply(statement)));
  }

  /** A skip that is not one statement (a whole file, say), as the caller built it. */
  public void add(SkippedStatement statement) {
    skipped.add(requireNonNull(statement, "statement is null"));
  }

  /** Everything skipped so far, in order. */
  public List<SkippedStatement> list() {
    return List.copyOf(skipped);
  }
}
