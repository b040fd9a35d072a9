package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import dev.passport.enforce.rewrite.RewriteOptions;
import dev.passport.enforce.rewrite.SqlRewriter;
import dev.passport.enforce.rewrite.TableSchemas;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.sql.SqlDialect;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code passport rewrite}: a statement that reads protected tables only through the policies. */
@Command(
    name = "rewrite",
    header = "Rewrite a query or data movement statement to apply a principal's policies.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Print the statement with every table a policy protects replaced by the principal's"
          + " projection of it: the columns it may read, masked, and the rows its row filter"
          + " admits. Joins, subqueries, CTEs, set operations and SELECT * are covered alike;"
          + " the principal's identity and attributes are written as literals, so the result"
          + " means the same whoever runs it.",
      "Statements: queries (SELECT, WITH, UNION …), Redshift UNLOAD ('…'), Snowflake COPY INTO"
          + " … FROM (query), PostgreSQL COPY (query) TO, CREATE TABLE … AS, CREATE MATERIALIZED"
          + " VIEW … AS and INSERT … query. Anything else is refused.",
      "A refusal exits with status 2 and names its reason: NOT_SUPPORTED (a construct the"
          + " rewriter cannot prove it covers), UNKNOWN_TABLE (a table neither the PolicySet nor"
          + " the schemas know), INSUFFICIENT_PRIVILEGE (a table the principal may not read),"
          + " PARSE_ERROR or PARSE_LIMIT_EXCEEDED.",
      "The columns SELECT * expands to come from --schema or --jdbc, then the PolicySet.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport rewrite --policies policies.json --dialect postgresql --user alice \\",
      "      --attr app.tenant_id=42 --sql 'SELECT * FROM orders'",
      "  passport rewrite --policies policies.json --dialect redshift --user alice \\",
      "      --file unload.sql --schema tables.json",
      "  PGPASSWORD=… passport rewrite --policies policies.json --dialect postgresql \\",
      "      --user alice --jdbc jdbc:postgresql://db/app --db-user auditor \\",
      "      --password-env PGPASSWORD --file export.sql",
      "",
      "A schema file:",
      "  {\"tables\": {\"app.accounts\": [{\"name\": \"id\", \"type\": \"integer\"},",
      "                              {\"name\": \"email\", \"type\": \"text\"}]}}",
      "",
      "Exit status: 0 success; 2 bad input, a refused statement (the message names the reason)"
          + " or an unreachable database; 1 internal error."
    })
final class RewriteCommand implements Callable<Integer> {
  /** The dialects --dialect accepts. */
  static final List<SqlDialect> DIALECTS =
      List.of(
          SqlDialect.POSTGRESQL,
          SqlDialect.REDSHIFT,
          SqlDialect.SNOWFLAKE,
          SqlDialect.TRINO,
          SqlDialect.SPARK);

  private final Environment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--policies",
      required = true,
      paramLabel = "FILE",
      description = "The PolicySet JSON file.")
  private Path policiesFile;

  @Option(
      names = "--dialect",
      required = true,
      paramLabel = "DIALECT",
      converter = DialectConverter.class,
      completionCandidates = DialectNames.class,
      description = "The statement's dialect: ${COMPLETION-CANDIDATES}.")
  private SqlDialect dialect;

  @Option(
      names = "--user",
      required = true,
      paramLabel = "USER",
      description = "The user the data is for (the audience), as named in the PolicySet.")
  private String user;

  @Mixin private SessionOptions session;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description = "A JSON file with the columns of tables (see below).")
  private Path schemaFile;

  @Option(
      names = "--jdbc",
      paramLabel = "URL",
      description = "Read the columns of tables from a live database instead (no password in it).")
  private String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "The database user (with --jdbc).")
  private String databaseUser;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "The environment variable that holds the password (with --jdbc).")
  private String passwordVariable;

  @Option(
      names = "--allow-unknown-tables",
      description =
          "Leave tables that neither the PolicySet nor the schemas know as they are, instead of"
              + " refusing the statement.")
  private boolean allowUnknownTables;

  @Option(
      names = "--salt-env",
      paramLabel = "VAR",
      description =
          "The environment variable that holds the salt of salted hashes (as passport mask"
              + " uses it).")
  private String saltVariable;

  @Option(names = "--sql", paramLabel = "TEXT", description = "The statement.")
  private String sql;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "Read the statement from this file; - for standard input.")
  private Path statementFile;

  RewriteCommand(Environment environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  @Override
  public Integer call() {
    checkOptions();
    PrincipalContext audience = session.context(spec, "--user", user);
    PolicySet policySet = PolicySetCodec.read(policiesFile);
    ExplainCommand.checkPrincipals(policySet, audience, policiesFile.toString());
    String statement = statement();
    RewriteOptions options = RewriteOptions.defaults().withAllowUnknownTables(allowUnknownTables);
    Secrets secrets = Secrets.of(List.of());
    if (saltVariable != null) {
      String salt = DatabaseConnections.secret(environment, "--salt-env", saltVariable).get();
      secrets = Secrets.of(List.of(salt));
      options = options.withEvaluation(EvaluationOptions.defaults().withSalt(salt));
    }
    SqlRewriter rewriter = SqlRewriter.of(policySet, schemas(), options);
    String rewritten;
    try {
      rewritten = rewriter.rewrite(statement, dialect, audience);
    } catch (PassportException e) {
      if (e.errorCode() == ErrorCode.INTERNAL_ERROR) {
        throw secrets.scrub(e);
      }
      String hint =
          e.errorCode() == ErrorCode.UNKNOWN_TABLE
              ? " (give its columns with --schema or --jdbc, or pass --allow-unknown-tables)"
              : "";
      throw secrets.scrub(
          new PassportException(
              e.errorCode(),
              "refused (" + e.errorCode().name() + "): " + e.getMessage() + hint,
              e));
    }
    spec.commandLine().getOut().println(rewritten);
    return Main.EXIT_OK;
  }

  private void checkOptions() {
    if ((sql == null) == (statementFile == null)) {
      throw usage(
          "Give the statement with either --sql TEXT or --file FILE, not "
              + (sql == null ? "neither" : "both"));
    }
    if (schemaFile != null && jdbcUrl != null) {
      throw usage("Give the columns of tables with either --schema FILE or --jdbc URL, not both");
    }
    if (jdbcUrl == null) {
      if (databaseUser != null || passwordVariable != null) {
        throw usage("--db-user and --password-env go with --jdbc");
      }
      return;
    }
    if (DatabaseConnections.holdsPassword(jdbcUrl)) {
      // The URL is not echoed: it holds the password.
      throw usage(
          "the --jdbc URL holds a password; put it in an environment variable and name that"
              + " with --password-env");
    }
    if (passwordVariable != null && passwordVariable.isBlank()) {
      throw usage("--password-env needs the name of an environment variable");
    }
  }

  private String statement() {
    if (sql != null) {
      if (sql.isBlank()) {
        throw usage("--sql needs a statement");
      }
      return sql;
    }
    if (statementFile.toString().equals("-")) {
      try {
        return new String(environment.input().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new PassportException(
            ErrorCode.IO_ERROR, "Cannot read the statement from standard input: " + e, e);
      }
    }
    return readText(statementFile);
  }

  private TableSchemas schemas() {
    if (schemaFile != null) {
      try (Reader reader = Files.newBufferedReader(schemaFile, StandardCharsets.UTF_8)) {
        return TableSchemas.fromJson(reader);
      } catch (NoSuchFileException e) {
        throw new PassportException(ErrorCode.IO_ERROR, schemaFile + ": no such file", e);
      } catch (IOException e) {
        throw new PassportException(
            ErrorCode.IO_ERROR, schemaFile + ": cannot read: " + e.getMessage(), e);
      } catch (PassportException e) {
        throw new PassportException(e.errorCode(), schemaFile + ": " + e.getMessage(), e);
      }
    }
    if (jdbcUrl != null) {
      return readJdbcSchemas();
    }
    return TableSchemas.empty();
  }

  private TableSchemas readJdbcSchemas() {
    String password =
        DatabaseConnections.secret(environment, "--password-env", passwordVariable).orElse(null);
    Secrets secrets = Secrets.of(password == null ? List.of() : List.of(password));
    try {
      Connection connection = DatabaseConnections.connect(jdbcUrl, databaseUser, password, secrets);
      try {
        return TableSchemas.fromJdbc(connection.getMetaData(), null);
      } catch (SQLException e) {
        throw new PassportException(
            ErrorCode.CONNECTION_FAILED,
            "Cannot read the tables of "
                + DatabaseConnections.locator(jdbcUrl)
                + ": "
                + e.getMessage(),
            e);
      } finally {
        DatabaseConnections.closeQuietly(connection);
      }
    } catch (RuntimeException e) {
      throw secrets.scrub(e);
    }
  }

  /** A whole text file, or a one-line error naming it. */
  static String readText(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new PassportException(ErrorCode.IO_ERROR, path + ": no such file", e);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.IO_ERROR, path + ": cannot read: " + e.getMessage(), e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  static String id(SqlDialect dialect) {
    return dialect.name().toLowerCase(Locale.ROOT);
  }

  /** Accepts the names of {@link #DIALECTS}, ignoring case. */
  static final class DialectConverter implements CommandLine.ITypeConverter<SqlDialect> {
    @Override
    public SqlDialect convert(String value) {
      for (SqlDialect candidate : DIALECTS) {
        if (id(candidate).equalsIgnoreCase(value)) {
          return candidate;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'"
              + value
              + "' is not a dialect passport rewrites; expected one of "
              + String.join(", ", new DialectNames()));
    }
  }

  /** The names of {@link #DIALECTS}, for the help text. */
  static final class DialectNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (SqlDialect candidate : DIALECTS) {
        names.add(id(candidate));
      }
      return names.iterator();
    }
  }
}
