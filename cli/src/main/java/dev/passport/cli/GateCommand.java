package dev.passport.cli;

import dev.passport.enforce.gate.ComplianceGate;
import dev.passport.enforce.gate.Finding;
import dev.passport.enforce.gate.GatePrincipal;
import dev.passport.enforce.gate.GateReports;
import dev.passport.enforce.gate.GateResult;
import dev.passport.enforce.gate.TransferSpec;
import dev.passport.enforce.gate.TransferSpecReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code passport gate}: PASS, FAIL or REVIEW for a transfer spec. */
@Command(
    name = "gate",
    header = "Check that a transfer's destination protects the data at least as the source does.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Read a transfer spec (YAML: source and destination policies, an optional identity map, the"
          + " tables and columns that move, and optionally the audience the export was rewritten"
          + " for) and compare, for every destination principal, table, column and row, what the"
          + " destination discloses with what the source does.",
      "Prints the verdict and the first findings: PASS (no principal sees more), FAIL (some"
          + " principal sees more: a mask missing or weaker, a filter missing or weaker, a grant"
          + " broader, an unmapped principal that can read) or REVIEW (only comparisons Passport"
          + " cannot decide, or losses in the way).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport gate transfer.yaml",
      "  passport gate transfer.yaml --report build/gate",
      "      also writes build/gate/gate.json, gate.md and gate.html",
      "",
      "A minimal transfer.yaml (paths relative to it):",
      "  source: {policies: source.json}",
      "  destination: {policies: destination.json}",
      "  tables:",
      "    - source: sales.crm.customers",
      "      destination: lake.crm.customers",
      "      columns: all",
      "",
      "Exit status: 0 PASS, 1 FAIL, 3 REVIEW, 2 bad input (unreadable or invalid spec, policy"
          + " set or identity map, ambiguous table name)."
    })
final class GateCommand implements Callable<Integer> {
  static final int EXIT_FAIL = 1;
  static final int EXIT_REVIEW = 3;

  /** Findings printed before the rest are only counted. */
  private static final int SHOWN_FINDINGS = 10;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRANSFER.yaml", description = "The transfer spec.")
  private Path file;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Also write gate.json (for machines), gate.md (for a pull request) and gate.html (the"
              + " findings and a filterable effective-access matrix, one file) into DIR.")
  private Path report;

  @Override
  public Integer call() {
    TransferSpec transfer = TransferSpecReader.read(file);
    GateResult result = ComplianceGate.evaluate(transfer);
    if (report != null) {
      GateReports.write(result, report);
    }
    print(spec.commandLine().getOut(), result);
    switch (result.verdict()) {
      case PASS:
        return Main.EXIT_OK;
      case FAIL:
        return EXIT_FAIL;
      case REVIEW:
        return EXIT_REVIEW;
    }
    throw new AssertionError("unreachable: " + result.verdict());
  }

  private static void print(PrintWriter out, GateResult result) {
    out.println(GateReports.summary(result));
    List<Finding> findings = result.findings();
    for (Finding finding : findings.subList(0, Math.min(SHOWN_FINDINGS, findings.size()))) {
      out.println(
          "  "
              + finding.severity().name()
              + " "
              + finding.cause().id()
              + " "
              + finding.principal().map(GatePrincipal::describe).map(p -> p + " ").orElse("")
              + finding.object()
              + ": "
              + finding.message());
    }
    if (findings.size() > SHOWN_FINDINGS) {
      out.println("  … and " + (findings.size() - SHOWN_FINDINGS) + " more (--report DIR)");
    }
  }
}
