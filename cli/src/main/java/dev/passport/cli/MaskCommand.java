package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.enforce.mask.RowMasker;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.Table;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.json.PolicySetCodec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code passport mask}: masks rows on their way through a pipe. */
@Command(
    name = "mask",
    header = "Mask rows from standard input as a principal may see them.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Read rows of one table from standard input and write to standard output the rows the"
          + " principal's row filter admits, with the columns it may read, masked as the"
          + " PolicySet says. Columns it may not read are left out. Rows stream through one at a"
          + " time, so input of any size runs in bounded memory.",
      "csv: RFC 4180 with a header line naming the columns, in any order; an empty unquoted field"
          + " is NULL, \"\" the empty string. jsonl: one JSON object per line; the columns are the"
          + " table's in the PolicySet and the members of the first line, a missing member is"
          + " NULL. Values are typed by the PolicySet's column types when it has them.",
      "A principal who may not read the table gets no rows: the command exits with status 2 and"
          + " the reason, before reading any input.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport mask --policies policies.json --table sales.customers --user alice \\",
      "      < customers.csv > masked.csv",
      "  passport mask --policies policies.json --table customers --user bob \\",
      "      --role support --attr app.tenant_id=42 --format jsonl < customers.jsonl",
      "  HASH_SALT=… passport mask --policies policies.json --table customers \\",
      "      --user alice --salt-env HASH_SALT < customers.csv",
      "",
      "Exit status: 0 success; 2 bad input (unreadable PolicySet, malformed rows, unknown table or"
          + " principal) or a table the principal may not read; 1 internal error."
    })
final class MaskCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER = 1 << 16;

  /** The values of {@code --format}. */
  enum Format {
    CSV("csv", RowMasker.Format.CSV),
    JSONL("jsonl", RowMasker.Format.JSON_LINES);

    private final String id;
    private final RowMasker.Format masker;

    Format(String id, RowMasker.Format masker) {
      this.id = id;
      this.masker = masker;
    }
  }

  private final Environment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--policies",
      required = true,
      paramLabel = "FILE",
      description = "The PolicySet JSON file.")
  private Path policiesFile;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "TABLE",
      description =
          "The table the rows come from, qualified as in the source; schema.table or table is"
              + " enough when only one table matches.")
  private String table;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER",
      description = "The user the rows are for, as named in the PolicySet.")
  private String user;

  @Mixin private SessionOptions session;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "csv",
      converter = FormatConverter.class,
      completionCandidates = FormatNames.class,
      description = "csv or jsonl, for input and output (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(
      names = "--salt-env",
      paramLabel = "VAR",
      description =
          "The environment variable that holds the salt of salted hashes (the deployment's, for"
              + " hashes that must match across exports).")
  private String saltVariable;

  MaskCommand(Environment environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  @Override
  public Integer call() {
    PrincipalContext principal = session.context(spec, "--user", user);
    EvaluationOptions options = EvaluationOptions.defaults();
    Secrets secrets = Secrets.of(List.of());
    if (saltVariable != null) {
      String salt = DatabaseConnections.secret(environment, "--salt-env", saltVariable).get();
      secrets = Secrets.of(List.of(salt));
      options = options.withSalt(salt);
    }
    PolicySet policySet = PolicySetCodec.read(policiesFile);
    ExplainCommand.checkPrincipals(policySet, principal, policiesFile.toString());
    Securable resolved;
    try {
      resolved = Evaluator.compile(policySet).resolveTable(table);
    } catch (PassportException e) {
      throw new PassportException(e.errorCode(), policiesFile + ": " + e.getMessage(), e);
    }
    List<String> columns = recordedColumns(policySet, resolved);
    try {
      // Built before any input is read: a principal who may not read the table is told so.
      RowMasker masker =
          RowMasker.of(policySet, principal, resolved.qualifiedName(), columns, options);
      Reader in =
          new BufferedReader(
              new InputStreamReader(environment.input(), StandardCharsets.UTF_8), BUFFER);
      if (format == Format.JSONL) {
        // JSON objects name their members; a column the PolicySet does not record must still
        // reach the masker, which decides whether the principal may read it.
        in = firstLineColumns(in, columns);
        if (columns.size() > masker.inputColumns().size()) {
          masker = RowMasker.of(policySet, principal, resolved.qualifiedName(), columns, options);
        }
      }
      Writer out = new BufferedWriter(spec.commandLine().getOut(), BUFFER);
      masker.mask(in, out, format.masker);
    } catch (PassportException e) {
      throw secrets.scrub(e);
    }
    return Main.EXIT_OK;
  }

  private static List<String> recordedColumns(PolicySet policySet, Securable resolved) {
    List<String> columns = new ArrayList<>();
    for (Table candidate : policySet.tables()) {
      if (candidate.name().equals(resolved)) {
        for (ColumnInfo column : candidate.columns()) {
          columns.add(column.name());
        }
      }
    }
    return columns;
  }

  /**
   * Reads the first line, adds the members it names that {@code columns} lacks, and gives back a
   * reader that starts with that line again.
   */
  private static PushbackReader firstLineColumns(Reader in, List<String> columns) {
    StringBuilder line = new StringBuilder();
    try {
      int next;
      while ((next = in.read()) != -1) {
        line.append((char) next);
        if (next == '\n') {
          break;
        }
      }
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Cannot read standard input: " + e.getMessage(), e);
    }
    String text = line.toString();
    if (!text.isBlank()) {
      try {
        JsonNode first = JSON.readTree(text);
        if (first != null && first.isObject()) {
          Iterator<String> names = first.fieldNames();
          while (names.hasNext()) {
            String name = names.next();
            if (!columns.contains(name)) {
              columns.add(name);
            }
          }
        }
      } catch (JsonProcessingException e) {
        // The masker reports the malformed line with its number.
      }
    }
    PushbackReader pushback = new PushbackReader(in, Math.max(1, text.length()));
    try {
      pushback.unread(text.toCharArray());
    } catch (IOException e) {
      throw new IllegalStateException("The pushback buffer holds the whole first line", e);
    }
    return pushback;
  }

  /** Accepts csv and jsonl, ignoring case. */
  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      for (Format candidate : Format.values()) {
        if (candidate.id.equalsIgnoreCase(value)) {
          return candidate;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a format; expected csv or jsonl");
    }
  }

  /** The names of the formats, for the help text. */
  static final class FormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Format candidate : Format.values()) {
        names.add(candidate.id);
      }
      return names.iterator();
    }
  }
}
