package dev.passport.cli;

import dev.passport.model.PolicySet;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.model.validation.PolicySetValidator;
import dev.passport.model.validation.ValidationProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code passport validate}: reads a PolicySet file and checks it for consistency. */
@Command(
    name = "validate",
    header = "Check a PolicySet file for format errors and inconsistencies.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Check a PolicySet JSON file: that it is well-formed and in the PolicySet format, and that"
          + " it is consistent (every name it refers to exists, settings do not conflict).",
      "Prints 'FILE: valid (…counts…)', or one line per problem as 'FILE: $.json.path: ERROR"
          + " message'. Warnings alone do not fail the check.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport validate policies.json",
      "  passport demo --save retail.json && passport validate retail.json",
      "",
      "Exit status: 0 when there is no ERROR, 2 when there is one or the file cannot be read."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The PolicySet JSON file.")
  private Path file;

  @Override
  public Integer call() {
    PolicySet policySet = PolicySetCodec.read(file);
    return report(spec.commandLine().getOut(), file.toString(), policySet);
  }

  /** Prints the problems or the counts and returns the exit code. */
  static int report(PrintWriter out, String name, PolicySet policySet) {
    List<ValidationProblem> problems = PolicySetValidator.validate(policySet);
    boolean anyError = false;
    for (ValidationProblem problem : problems) {
      out.println(
          name + ": " + problem.path() + ": " + problem.severity() + " " + problem.message());
      anyError |= problem.isError();
    }
    if (anyError) {
      return Main.EXIT_BAD_INPUT;
    }
    out.println(name + ": valid (" + counts(policySet) + ")");
    return Main.EXIT_OK;
  }

  static String counts(PolicySet policySet) {
    return count(policySet.principals().size(), "principal")
        + ", "
        + count(policySet.tables().size(), "table")
        + ", "
        + count(policySet.grants().size(), "grant")
        + ", "
        + count(policySet.rowFilters().size(), "row filter")
        + ", "
        + count(policySet.columnMasks().size(), "column mask")
        + ", "
        + count(policySet.losses().size(), "loss");
  }

  private static String count(int count, String noun) {
    if (count == 1) {
      return "1 " + noun;
    }
    return count + " " + (noun.equals("loss") ? "losses" : noun + "s");
  }
}
