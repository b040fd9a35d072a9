package dev.passport.enforce.mask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.evaluation.Transforms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The CSV and JSON Lines pipes of {@link RowMasker}: one row in memory at a time. */
final class TextPipes {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final Pattern NUMBER_TYPE =
      Pattern.compile(
          "(?i)\\s*(smallint|integer|int|int2|int4|int8|bigint|tinyint|numeric|decimal|number|real"
              + "|double|double precision|float|float4|float8)\\s*(\\(.*\\))?\\s*");
  private static final Pattern DATE_TYPE = Pattern.compile("(?i)\\s*date\\s*");
  private static final Pattern TIMESTAMP_TYPE =
      Pattern.compile(
          "(?i)\\s*(timestamp|timestamp without time zone|datetime|timestamp_ntz)\\s*(\\(\\d+\\))?\\s*");
  private static final Pattern BOOLEAN_TYPE = Pattern.compile("(?i)\\s*(boolean|bool)\\s*");
  private static final DateTimeFormatter TIMESTAMP_FORMAT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT);

  private TextPipes() {}

  /** How a text cell becomes a value, by the column's declared type. */
  private enum Kind {
    TEXT,
    NUMBER,
    DATE,
    TIMESTAMP,
    BOOLEAN;

    static Kind of(Optional<String> type) {
      if (type.isEmpty()) {
        return TEXT;
      }
      String name = type.get();
      if (NUMBER_TYPE.matcher(name).matches()) {
        return NUMBER;
      }
      if (DATE_TYPE.matcher(name).matches()) {
        return DATE;
      }
      if (TIMESTAMP_TYPE.matcher(name).matches()) {
        return TIMESTAMP;
      }
      if (BOOLEAN_TYPE.matcher(name).matches()) {
        return BOOLEAN;
      }
      return TEXT;
    }

    Object parse(String text, String column) {
      try {
        return switch (this) {
          case TEXT -> text;
          case NUMBER -> new BigDecimal(text.trim());
          case DATE -> LocalDate.parse(text.trim());
          case TIMESTAMP -> LocalDateTime.parse(text.trim(), TIMESTAMP_FORMAT);
          case BOOLEAN -> {
            String lower = text.trim().toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("t")) {
              yield Boolean.TRUE;
            }
            if (lower.equals("false") || lower.equals("f")) {
              yield Boolean.FALSE;
            }
            throw new IllegalArgumentException("not a boolean");
          }
        };
      } catch (NumberFormatException | DateTimeParseException exception) {
        throw invalid(
            "'" + text + "' in column " + column + " is not a " + name().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException exception) {
        throw invalid("'" + text + "' in column " + column + " is not a boolean");
      }
    }
  }

  static long csv(RowMasker masker, Reader in, Writer out) throws IOException {
    CsvReader reader = new CsvReader(in);
    List<String> header = reader.next();
    if (header == null) {
      return 0;
    }
    List<String> names = new ArrayList<>();
    for (String name : header) {
      if (name == null) {
        throw invalid("the CSV header has an empty column name");
      }
      names.add(name);
    }
    RowMasker ordered = masker.withInputColumns(names);
    Kind[] kinds = kinds(ordered);
    writeCsvLine(out, ordered.outputColumns().toArray());
    long count = 0;
    List<String> cells;
    Object[] values = new Object[names.size()];
    while ((cells = reader.next()) != null) {
      if (cells.size() != names.size()) {
        throw invalid(
            "line "
                + reader.record()
                + " has "
                + cells.size()
                + " fields, the header "
                + names.size());
      }
      for (int index = 0; index < values.length; index++) {
        String cell = cells.get(index);
        values[index] = cell == null ? null : kinds[index].parse(cell, names.get(index));
      }
      Object[] masked = ordered.maskOrNull(values);
      if (masked != null) {
        writeCsvLine(out, masked);
        count++;
      }
    }
    return count;
  }

  static long jsonLines(RowMasker masker, Reader in, Writer out) throws IOException {
    BufferedReader lines =
        in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
    List<String> columns = masker.inputColumns();
    Kind[] kinds = kinds(masker);
    Object[] values = new Object[columns.size()];
    long count = 0;
    long lineNumber = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException exception) {
        throw invalid("line " + lineNumber + " is not JSON: " + exception.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw invalid("line " + lineNumber + " is not a JSON object");
      }
      for (int index = 0; index < values.length; index++) {
        values[index] = value(node.get(columns.get(index)), kinds[index], columns.get(index));
      }
      Object[] masked = masker.maskOrNull(values);
      if (masked == null) {
        continue;
      }
      ObjectNode result = MAPPER.createObjectNode();
      for (int index = 0; index < masked.length; index++) {
        String name = masker.outputColumns().get(index);
        Object value = masked[index];
        if (value == null) {
          result.putNull(name);
        } else if (value instanceof BigDecimal number) {
          result.put(name, number);
        } else if (value instanceof Number) {
          // An unmasked column passes through as the caller's object; it prints as its decimal.
          result.put(name, (BigDecimal) Transforms.normalize(value));
        } else if (value instanceof Boolean bool) {
          result.put(name, bool);
        } else {
          result.put(name, Transforms.text(value));
        }
      }
      out.write(MAPPER.writeValueAsString(result));
      out.write('\n');
      count++;
    }
    return count;
  }

  private static Object value(JsonNode node, Kind kind, String column) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return kind == Kind.TEXT ? node.textValue() : kind.parse(node.textValue(), column);
    }
    throw invalid(
        "column "
            + column
            + " holds a JSON "
            + node.getNodeType().name().toLowerCase(Locale.ROOT)
            + ", not a scalar");
  }

  private static Kind[] kinds(RowMasker masker) {
    Kind[] kinds = new Kind[masker.inputColumns().size()];
    for (int index = 0; index < kinds.length; index++) {
      kinds[index] = Kind.of(masker.inputTypes().get(index));
    }
    return kinds;
  }

  private static void writeCsvLine(Writer out, Object[] values) throws IOException {
    for (int index = 0; index < values.length; index++) {
      if (index > 0) {
        out.write(',');
      }
      Object value = values[index];
      if (value == null) {
        continue;
      }
      String text = value instanceof String string ? string : Transforms.text(value);
      if (text.isEmpty()
          || text.indexOf(',') >= 0
          || text.indexOf('"') >= 0
          || text.indexOf('\n') >= 0
          || text.indexOf('\r') >= 0) {
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(text);
      }
    }
    out.write("\r\n");
  }

  static PassportException invalid(String problem) {
    return new PassportException(ErrorCode.INVALID_ARGUMENT, "Invalid input: " + problem);
  }

  /** RFC 4180 records; an empty unquoted field is null, a quoted empty field the empty string. */
  private static final class CsvReader {
    private final Reader in;
    private final char[] buffer = new char[8192];
    private int length;
    private int position;
    private long record;

    CsvReader(Reader in) {
      this.in = in;
    }

    long record() {
      return record;
    }

    private int read() throws IOException {
      if (position == length) {
        length = in.read(buffer);
        position = 0;
        if (length <= 0) {
          length = 0;
          return -1;
        }
      }
      return buffer[position++];
    }

    private int peek() throws IOException {
      int next = read();
      if (next >= 0) {
        position--;
      }
      return next;
    }

    List<String> next() throws IOException {
      int character = read();
      if (character < 0) {
        return null;
      }
      record++;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      while (true) {
        if (character == '"' && field.length() == 0 && !quoted) {
          quoted = true;
          while (true) {
            int inner = read();
            if (inner < 0) {
              throw invalid("record " + record + " ends inside a quoted field");
            }
            if (inner == '"') {
              if (peek() == '"') {
                read();
                field.append('"');
              } else {
                break;
              }
            } else {
              field.append((char) inner);
            }
          }
          character = read();
          continue;
        }
        if (character == ',') {
          fields.add(quoted || field.length() > 0 ? field.toString() : null);
          field.setLength(0);
          quoted = false;
        } else if (character == '\r' || character == '\n' || character < 0) {
          if (character == '\r' && peek() == '\n') {
            read();
          }
          fields.add(quoted || field.length() > 0 ? field.toString() : null);
          return fields;
        } else if (quoted) {
          throw invalid("record " + record + " has text after a closing quote");
        } else {
          field.append((char) character);
        }
        character = read();
      }
    }
  }
}
