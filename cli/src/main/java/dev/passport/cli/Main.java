package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCategory;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code passport} command. Exit codes: 0 success, 2 bad input (a file that cannot be read or
 * is not a valid policy set, an unknown table or principal, a bad option, a refused statement, a
 * table the principal may not read) or an unreachable source (a database that refuses the
 * connection or the credentials, a missing privilege), 3 losses under {@code --strict}, 1 an
 * internal error.
 */
@Command(
    name = "passport",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Governance that travels with data: reads the row filters, column masks and grants of a"
          + " warehouse into one policy model, and explains, translates and enforces them.",
      ""
    },
    subcommands = {
      ExtractCommand.class,
      TranslateCommand.class,
      RewriteCommand.class,
      MaskCommand.class,
      ValidateCommand.class,
      GateCommand.class,
      ExplainCommand.class,
      DiffCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport demo",
      "      The whole flow on an embedded PostgreSQL warehouse, no setup needed.",
      "  passport extract --system postgresql --ddl schema.sql -o policies.json",
      "      Read the policies of a DDL script into a PolicySet file.",
      "  passport extract --system postgresql --jdbc jdbc:postgresql://db/app \\",
      "      --user auditor --password-env PGPASSWORD -o policies.json",
      "      Read them from a live catalog, with the password in $PGPASSWORD.",
      "  passport translate --to ranger policies.json -o ranger/",
      "      Write Apache Ranger policies for Trino, and losses.json.",
      "  passport rewrite --policies policies.json --dialect redshift --user alice \\",
      "      --file unload.sql",
      "      The same UNLOAD with alice's row filters and masks applied to its query.",
      "  passport mask --policies policies.json --table sales --user alice < in.csv",
      "      The rows of a CSV file as alice may see them.",
      "  passport validate policies.json",
      "      Check a PolicySet file against the format and for consistency.",
      "  passport explain policies.json --user alice --table sales.customers",
      "      What alice sees of sales.customers: access, row filter, column masks.",
      "  passport help explain",
      "      All options of one command.",
      "",
      "Exit status: 0 success, 2 bad input (unreadable or invalid file, unknown table or"
          + " principal, bad option, unsupported system or target, a statement rewrite refuses,"
          + " a table the principal may not read) or an unreachable source"
          + " (connection refused, bad credentials, missing privilege), 3 losses under --strict,"
          + " 1 internal error. diff and gate answer with their own: diff 1 when the files"
          + " differ; gate 1 FAIL, 3 REVIEW."
    })
public final class Main implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_INTERNAL_ERROR = 1;
  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_LOSSES = 3;

  @Spec private CommandSpec spec;

  // Read before parsing in run(); declared so that picocli accepts it and lists it in the help.
  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an internal error.")
  private boolean debug;

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(out, err, Environment.system(), args);
  }

  /**
   * Runs the command line with the given streams and process environment (environment variables,
   * whether stderr is a terminal) and returns the exit code.
   */
  static int run(PrintStream out, PrintStream err, Environment environment, String... args) {
    requireNonNull(out, "out is null");
    requireNonNull(err, "err is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(args, "args is null");
    // picocli parses --debug too, but an error can happen before (or while) it does.
    boolean debugRequested = Arrays.asList(args).contains("--debug");
    PrintWriter outWriter = new PrintWriter(new PrintStreamWriter(out), true);
    PrintWriter errWriter = new PrintWriter(new PrintStreamWriter(err), true);
    CommandLine commandLine =
        new CommandLine(new Main(), new Factory(environment))
            .setOut(outWriter)
            .setErr(errWriter)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setParameterExceptionHandler(Main::handleParameterException)
            .setExecutionExceptionHandler(
                (exception, failed, parseResult) ->
                    reportFailure(exception, failed.getErr(), debugRequested));
    try {
      return commandLine.execute(args);
    } finally {
      outWriter.flush();
      errWriter.flush();
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("passport: no command given");
    spec.commandLine().usage(err);
    return EXIT_BAD_INPUT;
  }

  private static int handleParameterException(ParameterException exception, String[] args) {
    CommandLine failed = exception.getCommandLine();
    PrintWriter err = failed.getErr();
    err.println("passport: " + exception.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
    err.println(
        "Try 'passport help"
            + (failed.getCommandSpec().parent() == null ? "" : " " + failed.getCommandName())
            + "' for more information.");
    return EXIT_BAD_INPUT;
  }

  /**
   * Reports a command's failure on {@code err} and returns the exit code: a user's mistake in one
   * line, anything else as an internal error whose stack trace only {@code debug} shows.
   */
  static int reportFailure(Exception exception, PrintWriter err, boolean debug) {
    if (exception instanceof PassportException passport
        && passport.errorCode().category() != ErrorCategory.INTERNAL_ERROR) {
      err.println("passport: " + passport.getMessage());
      if (debug) {
        exception.printStackTrace(err);
      }
      return EXIT_BAD_INPUT;
    }
    String message = exception.getMessage();
    String type =
        exception instanceof Secrets.ScrubbedCause scrubbed
            ? scrubbed.originalClass().substring(scrubbed.originalClass().lastIndexOf('.') + 1)
            : exception.getClass().getSimpleName();
    err.println("passport: internal error: " + type + (message == null ? "" : ": " + message));
    if (debug) {
      exception.printStackTrace(err);
    } else {
      err.println("(run with --debug for the stack trace)");
    }
    return EXIT_INTERNAL_ERROR;
  }

  /** Gives the commands that read the process environment the one this run was given. */
  private static final class Factory implements CommandLine.IFactory {
    private final Environment environment;

    Factory(Environment environment) {
      this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ExtractCommand.class) {
        return type.cast(new ExtractCommand(environment));
      }
      if (type == TranslateCommand.class) {
        return type.cast(new TranslateCommand(environment));
      }
      if (type == RewriteCommand.class) {
        return type.cast(new RewriteCommand(environment));
      }
      if (type == MaskCommand.class) {
        return type.cast(new MaskCommand(environment));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The version from the filtered {@code version.properties} resource. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Fall through to "unknown": a missing version must not break the command.
    }
    String version = properties.getProperty("version", "");
    return version.isBlank() || version.startsWith("${") ? "unknown" : version;
  }

  /** {@code passport --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"passport " + version()};
    }
  }

  /**
   * Writes through a PrintStream so that its own encoding applies; a PrintWriter over the raw
   * stream would use the platform default instead.
   */
  private static final class PrintStreamWriter extends Writer {
    private final PrintStream stream;

    PrintStreamWriter(PrintStream stream) {
      this.stream = stream;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      stream.print(new String(buffer, offset, length));
    }

    @Override
    public void flush() {
      stream.flush();
    }

    @Override
    public void close() {
      stream.flush();
    }
  }
}
