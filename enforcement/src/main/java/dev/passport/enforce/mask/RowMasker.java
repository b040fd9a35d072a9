package dev.passport.enforce.mask;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Table;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.CompiledPredicate;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import dev.passport.model.evaluation.Transforms;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Applies one principal's row filter and column transforms to the rows of one table in the JVM,
 * with the evaluator's semantics ({@link RowEvaluator#admits}, {@link RowEvaluator#maskRow}) and
 * the transforms of {@link Transforms}, so its output is byte-identical to what the rewritten SQL
 * of {@link dev.passport.enforce.rewrite.SqlRewriter} returns for hash, partial, character masking,
 * e-mail and truncation.
 *
 * <p>The decision is made once, when the masker is built: each output column's transform is
 * compiled once into a plain function, and a row filter of a simple shape (comparisons of columns
 * with literals, AND, OR, NOT, IN, IS NULL) into a {@link CompiledPredicate}; a row costs only the
 * filter's tests and the transforms. A {@link Row} is built per row only when the row filter has
 * another shape or a conditional mask or an expression needs to read other columns. Input columns
 * the principal may not read are left out of the output, as {@code maskRow} does.
 *
 * <p>An unmasked column (Identity) is shown as is: the output holds the very object the caller
 * passed, where {@code maskRow} widens other numbers to BigDecimal. Masked values are in the domain
 * of {@link Row}. The text forms ({@link Transforms#text}) of both are the same, so the CSV and
 * JSON Lines pipes print the same text either way.
 *
 * <pre>{@code
 * RowMasker masker = RowMasker.of(policySet, PrincipalContext.user("analyst"), "app.customers",
 *     List.of("id", "email", "ssn"), EvaluationOptions.defaults());
 * masker.mask(reader, writer, RowMasker.Format.CSV);       // passport mask … < in.csv > out.csv
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RowMasker {
  /** Text formats of the pipe API. */
  public enum Format {
    /** RFC 4180 CSV with a header line naming the columns. */
    CSV,
    /** One JSON object per line. */
    JSON_LINES
  }

  /** Receives the masked rows of a {@link ResultSet}. */
  @FunctionalInterface
  public interface RowSink {
    void accept(Object[] maskedRow) throws Exception;
  }

  private final Decision decision;
  private final List<String> inputColumns;
  private final List<String> outputColumns;
  private final int inputWidth;
  // Per output column: its input position, and its compiled transform (null for a column passed
  // through by reference, or for a conditional column, whose decision is then set).
  private final int[] sourceIndex;
  private final Transforms.CompiledTransform[] transforms;
  private final ColumnDecision[] conditional;
  // The unconditional path, split so a row is one copy and then work on masked columns only: when
  // every input column is output in its place the row is cloned, else the pass-through columns are
  // copied by position; then each masked output position gets its transform.
  private final boolean outputsAllInputsInPlace;
  private final int[] passThroughOutputs;
  private final int[] maskedOutputs;
  private final Transforms.CompiledTransform[] maskedTransforms;
  private final TransformKind[] maskedKinds;
  private final Optional<Expr> rowFilter;
  // The row filter compiled, when it has a shape CompiledPredicate covers; then rowFilter is only
  // kept for the record and no Row is built for it.
  private final Optional<CompiledPredicate> compiledFilter;
  private final boolean needsRow;
  private final boolean rejectsAll;
  private final LookupSource lookups;
  private final EvaluationOptions options;
  private final List<Optional<String>> inputTypes;

  private RowMasker(
      Decision decision,
      List<String> inputColumns,
      List<Optional<String>> inputTypes,
      EvaluationOptions options,
      LookupSource lookups) {
    this.decision = decision;
    this.inputColumns = List.copyOf(inputColumns);
    this.inputTypes = List.copyOf(inputTypes);
    this.options = options;
    this.lookups = lookups;
    boolean wholeTable =
        decision.allowed()
            && (decision.grantedBy().isEmpty()
                || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN);
    List<String> outputs = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<Transforms.CompiledTransform> compiled = new ArrayList<>();
    List<TransformKind> kinds = new ArrayList<>();
    List<ColumnDecision> conditions = new ArrayList<>();
    boolean rowNeeded = false;
    for (int index = 0; index < inputColumns.size(); index++) {
      String column = inputColumns.get(index);
      ColumnDecision columnDecision = decision.columns().get(column);
      if (columnDecision == null) {
        if (!wholeTable) {
          continue;
        }
        // Passed through by reference, without a call through a compiled transform.
        compiled.add(null);
        kinds.add(TransformKind.IDENTITY);
        conditions.add(null);
      } else if (!columnDecision.readable()) {
        continue;
      } else if (columnDecision.rules().isEmpty()) {
        TransformKind kind = columnDecision.otherwise().kind();
        compiled.add(
            kind == TransformKind.IDENTITY
                ? null
                : Transforms.compile(columnDecision.otherwise(), options));
        kinds.add(kind);
        conditions.add(null);
        rowNeeded |= kind == TransformKind.EXPRESSION;
      } else {
        compiled.add(null);
        kinds.add(TransformKind.IDENTITY);
        conditions.add(columnDecision);
        rowNeeded = true;
      }
      outputs.add(column);
      indexes.add(index);
    }
    this.outputColumns = List.copyOf(outputs);
    this.inputWidth = inputColumns.size();
    this.sourceIndex = indexes.stream().mapToInt(Integer::intValue).toArray();
    this.transforms = compiled.toArray(new Transforms.CompiledTransform[0]);
    TransformKind[] transformKinds = kinds.toArray(new TransformKind[0]);
    this.conditional = conditions.toArray(new ColumnDecision[0]);
    List<Integer> passThrough = new ArrayList<>();
    List<Integer> masked = new ArrayList<>();
    for (int index = 0; index < sourceIndex.length; index++) {
      if (transforms[index] == null && conditional[index] == null) {
        passThrough.add(index);
      } else if (transforms[index] != null) {
        masked.add(index);
      }
    }
    boolean inPlace = sourceIndex.length == inputWidth;
    for (int index = 0; index < sourceIndex.length && inPlace; index++) {
      inPlace = sourceIndex[index] == index;
    }
    this.outputsAllInputsInPlace = inPlace;
    this.passThroughOutputs = passThrough.stream().mapToInt(Integer::intValue).toArray();
    this.maskedOutputs = masked.stream().mapToInt(Integer::intValue).toArray();
    this.maskedTransforms = new Transforms.CompiledTransform[maskedOutputs.length];
    this.maskedKinds = new TransformKind[maskedOutputs.length];
    for (int index = 0; index < maskedOutputs.length; index++) {
      maskedTransforms[index] = transforms[maskedOutputs[index]];
      maskedKinds[index] = transformKinds[maskedOutputs[index]];
    }
    boolean filtered = !Expressions.isTrue(decision.rowFilter());
    this.rowFilter = filtered ? Optional.of(decision.rowFilter()) : Optional.empty();
    this.compiledFilter =
        filtered
            ? CompiledPredicate.compile(decision.rowFilter(), this.inputColumns)
            : Optional.empty();
    this.needsRow = rowNeeded || (filtered && compiledFilter.isEmpty());
    this.rejectsAll = Expressions.isFalseOrNull(decision.rowFilter());
  }

  /**
   * A masker for a decision already made, over rows whose columns are {@code inputColumns} (names
   * as the decision spells them).
   */
  public static RowMasker forDecision(
      Decision decision,
      List<String> inputColumns,
      EvaluationOptions options,
      LookupSource lookups) {
    requireNonNull(decision, "decision is null");
    requireNonNull(inputColumns, "inputColumns is null");
    requireNonNull(options, "options is null");
    requireNonNull(lookups, "lookups is null");
    List<Optional<String>> types = new ArrayList<>();
    for (int index = 0; index < inputColumns.size(); index++) {
      types.add(Optional.empty());
    }
    return new RowMasker(decision, inputColumns, types, options, lookups);
  }

  /**
   * A masker for the principal and table ({@code [catalog.]schema.table}, resolved as {@link
   * Evaluator#resolveTable} does).
   *
   * @throws PassportException INSUFFICIENT_PRIVILEGE when the principal may not read the table,
   *     UNKNOWN_TABLE or AMBIGUOUS_NAME for the name
   */
  public static RowMasker of(
      PolicySet policySet,
      PrincipalContext principal,
      String table,
      List<String> inputColumns,
      EvaluationOptions options) {
    requireNonNull(policySet, "policySet is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(table, "table is null");
    Evaluator evaluator = Evaluator.compile(policySet);
    Securable name = evaluator.resolveTable(table);
    Decision decision = evaluator.decide(principal, name, Action.SELECT);
    if (!decision.allowed()) {
      throw new PassportException(
          ErrorCode.INSUFFICIENT_PRIVILEGE,
          "'"
              + principal.user()
              + "' may not read "
              + name.qualifiedName()
              + ": "
              + String.join("; ", decision.reasons()));
    }
    Map<String, String> types = new HashMap<>();
    for (Table entry : policySet.tables()) {
      if (entry.name().equals(decision.table())) {
        for (ColumnInfo column : entry.columns()) {
          types.put(column.name(), column.type());
        }
      }
    }
    List<Optional<String>> inputTypes = new ArrayList<>();
    for (String column : inputColumns) {
      inputTypes.add(Optional.ofNullable(types.get(column)).filter(type -> !type.isBlank()));
    }
    return new RowMasker(decision, inputColumns, inputTypes, options, LookupSource.none());
  }

  public Decision decision() {
    return decision;
  }

  public List<String> inputColumns() {
    return inputColumns;
  }

  /** The columns of masked rows: the readable input columns, in input order. */
  public List<String> outputColumns() {
    return outputColumns;
  }

  /**
   * One row masked, or empty when the row filter rejects it. Unmasked columns hold the caller's
   * objects as given; masked values are those of {@link Row}.
   *
   * @throws IllegalArgumentException when the row's length is not the number of input columns
   * @throws PassportException EVALUATION_ERROR when a transform cannot apply to a value
   */
  public Optional<Object[]> apply(Object[] row) {
    Object[] masked = maskOrNull(row);
    return Optional.ofNullable(masked);
  }

  /** As {@link #apply}, with null for a rejected row: the allocation-free form for loops. */
  public Object[] maskOrNull(Object[] row) {
    requireNonNull(row, "row is null");
    if (row.length != inputWidth) {
      throw new IllegalArgumentException(
          "A row of " + row.length + " values for " + inputWidth + " columns");
    }
    if (rejectsAll) {
      return null;
    }
    if (compiledFilter.isPresent() && !compiledFilter.get().admits(row)) {
      return null;
    }
    return needsRow ? maskWithRow(row) : maskValues(row);
  }

  /** The common case: no transform that reads other columns, and no interpreted row filter. */
  private Object[] maskValues(Object[] row) {
    int[] sources = sourceIndex;
    Object[] result;
    if (outputsAllInputsInPlace) {
      result = row.clone();
    } else {
      result = new Object[sources.length];
      for (int output : passThroughOutputs) {
        result[output] = row[sources[output]];
      }
    }
    int[] outputs = maskedOutputs;
    Transforms.CompiledTransform[] compiled = maskedTransforms;
    TransformKind[] kinds = maskedKinds;
    for (int index = 0; index < outputs.length; index++) {
      int output = outputs[index];
      Object value = row[sources[output]];
      Transforms.CompiledTransform transform = compiled[index];
      // One call site per kind: each sees a single class of compiled transform, so the JIT inlines
      // it, where one shared call site would dispatch through the interface for every value.
      switch (kinds[index]) {
        case IDENTITY:
          result[output] = value;
          break;
        case NULLIFY:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case CONSTANT:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case HASH:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case PARTIAL:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case MASK_CHARACTERS:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case EMAIL:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case REGEX_REPLACE:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case DATE_TRUNCATE:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case ROUND:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
        case EXPRESSION:
          result[output] = transform.apply(value, EMPTY_ROW, lookups);
          break;
      }
    }
    return result;
  }

  private Object[] maskWithRow(Object[] row) {
    Row evaluationRow = row(row);
    if (rowFilter.isPresent()
        && compiledFilter.isEmpty()
        && !RowEvaluator.admits(rowFilter.get(), evaluationRow, lookups)) {
      return null;
    }
    Object[] result = new Object[sourceIndex.length];
    for (int index = 0; index < sourceIndex.length; index++) {
      Object value = row[sourceIndex[index]];
      Transforms.CompiledTransform transform = transforms[index];
      if (transform != null) {
        result[index] = transform.apply(value, evaluationRow, lookups);
      } else if (conditional[index] == null) {
        result[index] = value;
      } else {
        result[index] =
            RowEvaluator.applyColumn(
                conditional[index], evaluationRow, outputColumns.get(index), lookups, options);
      }
    }
    return result;
  }

  private static final Row EMPTY_ROW = Row.of(Map.of());

  private Row row(Object[] values) {
    return Row.of(new RowValues(inputColumns, values));
  }

  /**
   * The row's values by column name, as a view over the arrays: {@link Row#of} copies it, so a
   * second map built per row would be thrown away at once.
   */
  private static final class RowValues extends AbstractMap<String, Object> {
    private final List<String> columns;
    private final Object[] values;

    RowValues(List<String> columns, Object[] values) {
      this.columns = columns;
      this.values = values;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      for (int index = 0; index < values.length; index++) {
        action.accept(columns.get(index), values[index]);
      }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> copy = new LinkedHashMap<>();
      forEach(copy::put);
      return copy.entrySet();
    }
  }

  /** The admitted rows, masked, lazily. */
  public Iterator<Object[]> mask(Iterator<Object[]> rows) {
    requireNonNull(rows, "rows is null");
    return new Iterator<>() {
      private Object[] next;

      @Override
      public boolean hasNext() {
        while (next == null && rows.hasNext()) {
          next = maskOrNull(rows.next());
        }
        return next != null;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object[] result = next;
        next = null;
        return result;
      }
    };
  }

  /**
   * Records (column name → value) masked, lazily; a record lacking an input column gives NULL for
   * it, and its other entries are ignored.
   */
  public Iterator<Map<String, Object>> maskRecords(Iterator<? extends Map<String, ?>> records) {
    requireNonNull(records, "records is null");
    Iterator<Object[]> arrays =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return records.hasNext();
          }

          @Override
          public Object[] next() {
            Map<String, ?> record = records.next();
            Object[] values = new Object[inputColumns.size()];
            for (int index = 0; index < values.length; index++) {
              values[index] = record.get(inputColumns.get(index));
            }
            return values;
          }
        };
    Iterator<Object[]> masked = mask(arrays);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return masked.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        Object[] values = masked.next();
        Map<String, Object> record = new LinkedHashMap<>();
        for (int index = 0; index < values.length; index++) {
          record.put(outputColumns.get(index), values[index]);
        }
        return Collections.unmodifiableMap(record);
      }
    };
  }

  /**
   * Streams a result set through the masker: one row in memory at a time. The result set's columns
   * must be the input columns, by label, in any order.
   *
   * @return the number of rows passed to the sink
   * @throws PassportException CONNECTION_FAILED when reading fails, INVALID_ARGUMENT when a column
   *     is missing
   */
  public long mask(ResultSet resultSet, RowSink sink) {
    requireNonNull(resultSet, "resultSet is null");
    requireNonNull(sink, "sink is null");
    long count = 0;
    try {
      ResultSetMetaData metaData = resultSet.getMetaData();
      int[] positions = new int[inputColumns.size()];
      for (int index = 0; index < positions.length; index++) {
        positions[index] = position(metaData, inputColumns.get(index));
      }
      Object[] values = new Object[positions.length];
      while (resultSet.next()) {
        for (int index = 0; index < positions.length; index++) {
          values[index] = JdbcValues.read(resultSet, positions[index], metaData);
        }
        Object[] masked = maskOrNull(values);
        if (masked != null) {
          sink.accept(masked);
          count++;
        }
      }
    } catch (SQLException exception) {
      throw new PassportException(
          ErrorCode.CONNECTION_FAILED, "Reading rows failed: " + exception.getMessage(), exception);
    } catch (PassportException | IllegalArgumentException exception) {
      throw exception;
    } catch (Exception exception) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Writing masked rows failed: " + exception.getMessage(), exception);
    }
    return count;
  }

  private static int position(ResultSetMetaData metaData, String column) throws SQLException {
    for (int index = 1; index <= metaData.getColumnCount(); index++) {
      if (metaData.getColumnLabel(index).equals(column)) {
        return index;
      }
    }
    throw new PassportException(
        ErrorCode.INVALID_ARGUMENT, "The result set has no column " + column);
  }

  /**
   * The pipe the CLI runs: rows in CSV (with a header line naming the columns) or JSON Lines on
   * {@code in}, the admitted rows masked on {@code out} in the same format, with only the readable
   * columns. Input columns must be this masker's input columns (CSV: the header, in any order;
   * JSON: missing members are NULL). In CSV an empty unquoted field is NULL and {@code ""} is the
   * empty string; values are typed by the policy set's column types when it has them (numbers,
   * dates, timestamps, booleans), else text. The writer is flushed, not closed.
   *
   * @return the number of rows written
   * @throws PassportException INVALID_ARGUMENT on malformed input, IO_ERROR when reading or writing
   *     fails, EVALUATION_ERROR when a transform cannot apply to a value
   */
  public long mask(Reader in, Writer out, Format format) {
    requireNonNull(in, "in is null");
    requireNonNull(out, "out is null");
    requireNonNull(format, "format is null");
    try {
      long count =
          switch (format) {
            case CSV -> TextPipes.csv(this, in, out);
            case JSON_LINES -> TextPipes.jsonLines(this, in, out);
          };
      out.flush();
      return count;
    } catch (IOException | UncheckedIOException exception) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Masking rows failed: " + exception.getMessage(), exception);
    }
  }

  /** Whether the row filter runs compiled rather than through the interpreter; for tests. */
  boolean filterCompiled() {
    return compiledFilter.isPresent();
  }

  List<Optional<String>> inputTypes() {
    return inputTypes;
  }

  /** A masker over the same decision with input columns in another order (a CSV header's). */
  RowMasker withInputColumns(List<String> columns) {
    List<Optional<String>> types = new ArrayList<>();
    for (String column : columns) {
      int index = inputColumns.indexOf(column);
      types.add(index < 0 ? Optional.empty() : inputTypes.get(index));
    }
    return new RowMasker(decision, columns, types, options, lookups);
  }

  /** Applies {@code action} to every masked row; used by the pipes. */
  void forEach(Iterator<Object[]> rows, Consumer<Object[]> action) {
    Iterator<Object[]> masked = mask(rows);
    while (masked.hasNext()) {
      action.accept(masked.next());
    }
  }
}
