package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.sql.FunctionAliases;
import dev.passport.model.ErrorCode;
import dev.passport.model.Loss;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.SystemKind;
import dev.passport.model.json.PolicySetCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code passport extract}: reads a warehouse's policies, from DDL or a live catalog. */
@Command(
    name = "extract",
    header = "Read a warehouse's policies into a PolicySet, from DDL scripts or a live catalog.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Read the roles, grants, row-level security policies, masks and views of a database into"
          + " one PolicySet JSON document: from DDL scripts (migrations or pg_dump output, applied"
          + " in order) or from the catalog of a live database over JDBC.",
      "The PolicySet goes to standard output, or to the -o file. A summary goes to standard"
          + " error: what was read, the statements skipped, and every loss (what could not be"
          + " carried over exactly) with its file:line.",
      "The password of a live database is read from the environment variable --password-env"
          + " names, never from the command line, and is never printed.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport extract --system postgresql --ddl schema.sql -o policies.json",
      "  passport extract --system postgresql --ddl 001_roles.sql 002_policies.sql \\",
      "      --aliases aliases.json --var tenant_schema=app > policies.json",
      "  passport extract --system redshift --ddl rls.sql --strict -o policies.json",
      "  PGPASSWORD=… passport extract --system postgresql \\",
      "      --jdbc jdbc:postgresql://db.example.com:5432/app --user auditor \\",
      "      --password-env PGPASSWORD --schema app -o policies.json",
      "  SNOWFLAKE_PASSWORD=… passport extract --system snowflake \\",
      "      --jdbc jdbc:snowflake://ACCOUNT.snowflakecomputing.com/ --user auditor \\",
      "      --password-env SNOWFLAKE_PASSWORD --realtime -o policies.json",
      "",
      "Exit status: 0 success; 2 bad input (unreadable file, bad option, unsupported system) or"
          + " an unreachable source (connection refused, bad credentials, missing privilege);"
          + " 3 under --strict when there are losses (the PolicySet is still written);"
          + " 1 internal error."
    })
final class ExtractCommand implements Callable<Integer> {
  /** The systems --system accepts; the facade says which of them it can read yet. */
  static final List<SystemKind> SYSTEMS =
      List.of(
          SystemKind.POSTGRESQL, SystemKind.GREENPLUM, SystemKind.REDSHIFT, SystemKind.SNOWFLAKE);

  static final int MAX_LISTED = 20;
  private static final int MAX_SKIPPED_LISTED = 10;

  private final Environment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--system",
      required = true,
      paramLabel = "SYSTEM",
      converter = SystemConverter.class,
      completionCandidates = SystemNames.class,
      description = "The source system: ${COMPLETION-CANDIDATES}.")
  private SystemKind system;

  @Option(
      names = "--ddl",
      arity = "1..*",
      paramLabel = "FILE",
      description = "DDL scripts, read in the order given as if run one after the other.")
  private List<Path> ddlFiles = new ArrayList<>();

  @Option(
      names = "--jdbc",
      paramLabel = "URL",
      description =
          "Read a live catalog instead, e.g. jdbc:postgresql://HOST:5432/DATABASE or"
              + " jdbc:redshift://HOST:5439/DATABASE (no password in it).")
  private String jdbcUrl;

  @Option(names = "--user", paramLabel = "USER", description = "The database user (with --jdbc).")
  private String user;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "The environment variable that holds the password (with --jdbc).")
  private String passwordVariable;

  @Option(
      names = "--aliases",
      paramLabel = "FILE",
      description =
          "A JSON file naming your wrapper functions and the identity they stand for, e.g."
              + " {\"auth.uid\": {\"sessionAttribute\": \"request.jwt.claim.sub\"}}.")
  private Path aliasesFile;

  @Option(
      names = "--var",
      paramLabel = "NAME=VALUE",
      description =
          "A psql variable (:NAME) or Snowflake placeholder ({{ NAME }}) the scripts use;"
              + " repeat for several.")
  private List<String> variables = new ArrayList<>();

  @Option(
      names = "--schema",
      paramLabel = "SCHEMA",
      description =
          "Read only this schema of a live catalog; repeat for several. Default: every"
              + " non-system schema.")
  private List<String> schemas = new ArrayList<>();

  @Option(
      names = "--realtime",
      description =
          "Snowflake, live: read policy attachments from the real-time"
              + " INFORMATION_SCHEMA.POLICY_REFERENCES (one call per policy) instead of"
              + " ACCOUNT_USAGE, which lags by up to two hours.")
  private boolean realtime;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the PolicySet to this file instead of standard output.")
  private Path output;

  @Option(names = "--strict", description = "Exit with status 3 when anything was lost.")
  private boolean strict;

  ExtractCommand(Environment environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  @Override
  public Integer call() {
    checkSource();
    ExtractionOptions options = options();
    PrintWriter err = spec.commandLine().getErr();
    PolicySet policySet;
    List<SkippedStatement> skipped;
    String from;
    if (jdbcUrl == null) {
      requireSupported(system, Extraction.ddlSystems(), "DDL scripts");
      DdlReadResult result = Extraction.readDdl(system, List.copyOf(ddlFiles), options);
      policySet = result.policySet();
      skipped = result.skipped();
      from =
          ddlFiles.size() <= 3
              ? String.join(", ", ddlFiles.stream().map(Path::toString).toList())
              : ddlFiles.size() + " scripts";
    } else {
      requireSupported(system, Extraction.liveSystems(), "a live catalog");
      policySet = readLive(options, err);
      skipped = List.of();
      from = locator(jdbcUrl);
    }
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(PolicySetCodec.toJson(policySet));
      out.flush();
    } else {
      PolicySetCodec.write(policySet, output);
    }
    printSummary(err, policySet, skipped, from);
    if (output != null) {
      err.println("  wrote " + output);
    }
    if (strict && !policySet.losses().isEmpty()) {
      err.println(
          "passport: --strict: "
              + count(policySet.losses().size(), "loss", "losses")
              + ", exit status "
              + Main.EXIT_LOSSES);
      return Main.EXIT_LOSSES;
    }
    return Main.EXIT_OK;
  }

  private void checkSource() {
    if (ddlFiles.isEmpty() == (jdbcUrl == null)) {
      throw usage(
          "Give either --ddl FILE… or --jdbc URL (with --user and --password-env), not "
              + (ddlFiles.isEmpty() ? "neither" : "both"));
    }
    if (jdbcUrl == null) {
      if (user != null || passwordVariable != null) {
        throw usage("--user and --password-env go with --jdbc, not --ddl");
      }
      if (!schemas.isEmpty()) {
        throw usage("--schema narrows a live catalog (--jdbc); a DDL script is read whole");
      }
      if (realtime) {
        throw usage("--realtime goes with a live catalog (--jdbc), not --ddl");
      }
      return;
    }
    if (realtime && system != SystemKind.SNOWFLAKE) {
      throw usage(
          "--realtime reads Snowflake's real-time policy references; "
              + system.displayName()
              + " has no delayed catalog to avoid");
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

  ExtractionOptions options() {
    ExtractionOptions options = ExtractionOptions.defaults();
    if (aliasesFile != null) {
      options = options.withAliases(FunctionAliases.read(aliasesFile));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String variable : variables) {
      int equals = variable.indexOf('=');
      if (equals <= 0) {
        throw usage("Invalid value for option '--var': '" + variable + "' is not NAME=VALUE");
      }
      values.put(variable.substring(0, equals), variable.substring(equals + 1));
    }
    return options.withVariables(values).withSchemas(List.copyOf(schemas)).withRealtime(realtime);
  }

  /** Refuses a system the facade cannot read yet before opening anything. */
  static void requireSupported(SystemKind system, List<SystemKind> supported, String what) {
    if (supported.contains(system)) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (SystemKind kind : supported) {
      names.add(kind.id());
    }
    throw new PassportException(
        ErrorCode.NOT_SUPPORTED,
        "Reading "
            + system.displayName()
            + " policies from "
            + what
            + " is not supported yet; this build reads "
            + what
            + " of "
            + String.join(", ", names)
            + ".");
  }

  private PolicySet readLive(ExtractionOptions options, PrintWriter err) {
    String password =
        DatabaseConnections.secret(environment, "--password-env", passwordVariable).orElse(null);
    Secrets secrets = Secrets.of(password == null ? List.of() : List.of(password));
    Progress progress = new Progress(err, environment.terminal());
    try {
      progress.connecting(locator(jdbcUrl));
      Connection connection = DatabaseConnections.connect(jdbcUrl, user, password, secrets);
      try {
        return Extraction.readLive(system, progress.watch(connection), options);
      } finally {
        DatabaseConnections.closeQuietly(connection);
      }
    } catch (RuntimeException e) {
      throw secrets.scrub(e);
    } finally {
      progress.done();
    }
  }

  /** The URL without user information or parameters, which may hold secrets. */
  static String locator(String url) {
    return DatabaseConnections.locator(url);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The one-screen summary: what was read, what was skipped, what was lost. */
  static void printSummary(
      PrintWriter err, PolicySet policySet, List<SkippedStatement> skipped, String from) {
    err.println(
        "passport: read "
            + policySet.source().system().displayName()
            + " policies from "
            + from
            + ":");
    err.println(
        "  "
            + count(policySet.principals().size(), "principal", "principals")
            + ", "
            + count(policySet.tables().size(), "table", "tables")
            + ", "
            + count(policySet.grants().size(), "grant", "grants")
            + ", "
            + count(policySet.definitions().size(), "definition", "definitions")
            + ", "
            + count(policySet.rowFilters().size(), "row filter", "row filters")
            + ", "
            + count(policySet.columnMasks().size(), "column mask", "column masks")
            + ", "
            + count(policySet.tags().size(), "tag", "tags")
            + ", "
            + count(policySet.views().size(), "view", "views"));
    if (!skipped.isEmpty()) {
      Map<SkippedStatement.Kind, Integer> byKind = new EnumMap<>(SkippedStatement.Kind.class);
      List<SkippedStatement> listed = new ArrayList<>();
      for (SkippedStatement statement : skipped) {
        byKind.merge(statement.kind(), 1, Integer::sum);
        if (statement.kind() != SkippedStatement.Kind.IGNORED) {
          listed.add(statement);
        }
      }
      List<String> kinds = new ArrayList<>();
      byKind.forEach(
          (kind, number) -> kinds.add(number + " " + kind.name().toLowerCase(Locale.ROOT)));
      err.println(
          "  "
              + count(skipped.size(), "statement", "statements")
              + " skipped: "
              + String.join(", ", kinds)
              + (byKind.containsKey(SkippedStatement.Kind.IGNORED)
                  ? " (ignored ones do not bear on access)"
                  : ""));
      printCapped(err, listed, MAX_SKIPPED_LISTED, ExtractCommand::describe);
    }
    List<Loss> losses = policySet.losses();
    if (losses.isEmpty()) {
      err.println("  no losses");
      return;
    }
    err.println("  " + count(losses.size(), "loss", "losses") + ":");
    printCapped(err, losses, MAX_LISTED, ExtractCommand::describe);
  }

  private static String describe(SkippedStatement statement) {
    return statement.file().map(file -> file + ":").orElse("line ")
        + statement.line()
        + "  "
        + statement.kind().name().toLowerCase(Locale.ROOT)
        + "  "
        + statement.summary()
        + ": "
        + statement.reason();
  }

  /** {@code file:line direction reason}, one line. */
  static String describe(Loss loss) {
    return loss.origin().location()
        + "  "
        + loss.direction().name().toLowerCase(Locale.ROOT)
        + "  "
        + loss.reason().lines().findFirst().orElse("").strip();
  }

  /** Lists the first {@code max} items, then how many more there are. */
  static <T> void printCapped(
      PrintWriter err, List<T> items, int max, Function<T, String> describe) {
    Iterator<T> iterator = items.iterator();
    int shown = 0;
    while (iterator.hasNext() && shown < max) {
      err.println("    " + describe.apply(iterator.next()));
      shown++;
    }
    if (items.size() > shown) {
      err.println("    … and " + (items.size() - shown) + " more");
    }
  }

  static String count(int number, String singular, String plural) {
    return number + " " + (number == 1 ? singular : plural);
  }

  /** Accepts the ids of {@link #SYSTEMS}, ignoring case. */
  static final class SystemConverter implements CommandLine.ITypeConverter<SystemKind> {
    @Override
    public SystemKind convert(String value) {
      for (SystemKind kind : SYSTEMS) {
        if (kind.id().equalsIgnoreCase(value)) {
          return kind;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a system passport reads; expected one of " + names());
    }
  }

  /** The ids of {@link #SYSTEMS}, for the help text. */
  static final class SystemNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (SystemKind kind : SYSTEMS) {
        names.add(kind.id());
      }
      return names.iterator();
    }
  }

  private static String names() {
    return String.join(", ", new SystemNames());
  }
}
