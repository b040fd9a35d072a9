package dev.passport.cli;

import dev.passport.enforce.diff.PolicyDiff;
import dev.passport.enforce.diff.PolicyDiffReports;
import dev.passport.enforce.diff.PolicyDiffResult;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.json.PolicySetCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code passport diff}: the structural and effective-access differences of two PolicySets. */
@Command(
    name = "diff",
    header = "Compare two PolicySet files: what changed, and who now sees more or less.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Compare two PolicySet JSON files, LEFT (before, or the source) and RIGHT (after, or the"
          + " destination).",
      "Structural changes: grants, row filters, column masks, tags, principals, tables, row"
          + " security, definitions, views and losses added, removed or changed. Origins, list"
          + " order and SQL spelling (whitespace, keyword case, brackets, 1 vs 1.0) do not count.",
      "Effective access: for every user, every role and group (a user holding just that one),"
          + " and any other user, on every table and column of either file, whether the table is"
          + " readable, which rows (filters compared by implication) and what each column shows"
          + " (masks compared by how much they disclose). Each difference says which side is"
          + " stricter: left, right, neither (incomparable) or unknown.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport diff before.json after.json",
      "      The differences as Markdown, for a pull request.",
      "  passport diff before.json after.json --format json -o diff.json",
      "      The differences as JSON, written to diff.json.",
      "  passport diff before.json after.json --format html -o diff.html",
      "      A page with the findings and the effective-access matrix, to open in a browser.",
      "  passport extract --system postgresql --ddl old.sql -o old.json && \\",
      "  passport extract --system postgresql --ddl new.sql -o new.json && \\",
      "  passport diff old.json new.json",
      "      What a change to the DDL changes.",
      "",
      "Exit status: 0 no differences, 1 differences, 2 bad input (a file that cannot be read or"
          + " is not a PolicySet, a bad option)."
    })
final class DiffCommand implements Callable<Integer> {
  /** The exit status when the files differ. */
  static final int EXIT_DIFFERENCES = 1;

  /** The values of {@code --format}; {@code md} is the short name the issue and users type. */
  enum Format {
    MD,
    MARKDOWN,
    JSON,
    HTML
  }

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LEFT", description = "The first PolicySet JSON file.")
  private Path left;

  @Parameters(index = "1", paramLabel = "RIGHT", description = "The second PolicySet JSON file.")
  private Path right;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "md or markdown (default), json (shape documented in PolicyDiffReports) or html (a single"
              + " file with a filterable effective-access matrix; give -o).")
  private Format format = Format.MARKDOWN;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  private Path output;

  @Override
  public Integer call() {
    PolicySet leftSet = PolicySetCodec.read(left);
    PolicySet rightSet = PolicySetCodec.read(right);
    PolicyDiffResult result = PolicyDiff.compare(leftSet, rightSet);
    String report =
        switch (format) {
          case MD, MARKDOWN ->
              PolicyDiffReports.markdown(result, left.toString(), right.toString());
          case JSON -> PolicyDiffReports.json(result);
          case HTML -> PolicyDiffReports.html(result, left.toString(), right.toString());
        };
    Optional<Path> target = Optional.ofNullable(output);
    if (target.isPresent()) {
      write(target.get(), report);
    } else {
      spec.commandLine().getOut().print(report);
      spec.commandLine().getOut().flush();
    }
    return result.hasDifferences() ? EXIT_DIFFERENCES : Main.EXIT_OK;
  }

  private static void write(Path path, String content) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, path + ": cannot write: " + e.getMessage(), e);
    }
  }
}
