package dev.passport.cli;

import dev.passport.cli.demo.DemoResult;
import dev.passport.cli.demo.DemoRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code passport demo}: the end-to-end demo on an embedded PostgreSQL. */
@Command(
    name = "demo",
    header = "Run the whole flow on an embedded PostgreSQL warehouse, no setup needed.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Start an embedded PostgreSQL and create a small retail warehouse in it: row-level"
          + " security on orders, a view that filters customers and masks their email and ssn by"
          + " role, column grants; roles analyst, support, admin and etl; users alice, bob, carol"
          + " and loader.",
      "Then extract its policies live (policies.json); translate them to Apache Ranger, OPA for"
          + " Trino, Trino rules and Iceberg read restrictions; rewrite an export query for alice,"
          + " an analyst for the EU region, and mask customer rows for her in flight, both checked"
          + " against what PostgreSQL itself returns to alice; write two lake-side destinations"
          + " for the customer directory, one as protected and one that lost the ssn mask; and"
          + " run the compliance gate on both (PASS, then FAIL).",
      "Everything goes into one folder, which the summary lists. PostgreSQL runs only while the"
          + " demo does.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport demo",
      "  passport demo -o /tmp/passport-demo",
      "  passport explain passport-demo/policies.json --user alice \\",
      "      --attr app.region=EU --table retail.customer_directory",
      "",
      "Exit status: 0 success; 2 an output folder that cannot be written; 1 internal error"
          + " (PostgreSQL did not start, a check against it failed, or the gate gave an"
          + " unexpected verdict)."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_DIRECTORY = "passport-demo";

  @Spec private CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "The folder to write into; created when missing, files of the same names replaced."
              + " Default: "
              + DEFAULT_DIRECTORY
              + " in the current folder, or "
              + DEFAULT_DIRECTORY
              + "-2, -3 … when it holds files.")
  private Path output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DemoResult result = DemoRun.run(output == null ? freshDirectory(Path.of("")) : output, out);
    if (!result.asExpected()) {
      spec.commandLine()
          .getErr()
          .println(
              "passport: the demo did not come out as it should (a result that disagrees with"
                  + " PostgreSQL, or an unexpected gate verdict); see above");
      return Main.EXIT_INTERNAL_ERROR;
    }
    return Main.EXIT_OK;
  }

  /**
   * {@code parent}/passport-demo, or the first of passport-demo-2, -3 … in it that is missing or
   * empty: a second run does not overwrite the first one's files.
   */
  static Path freshDirectory(Path parent) {
    Path candidate = parent.resolve(DEFAULT_DIRECTORY);
    for (int suffix = 2; !missingOrEmpty(candidate); suffix++) {
      candidate = parent.resolve(DEFAULT_DIRECTORY + "-" + suffix);
    }
    return candidate;
  }

  private static boolean missingOrEmpty(Path directory) {
    if (!Files.exists(directory)) {
      return true;
    }
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
