package dev.passport.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process, as the tests do, and keeps what it printed. */
final class CliRun {
  private CliRun() {}

  /** Runs with the process's own environment. */
  static CliResult run(String... args) {
    return run(Environment.system(), args);
  }

  /** Runs with the given environment (variables, terminal, standard input). */
  static CliResult run(Environment environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = Main.run(outStream, errStream, environment, args);
    }
    return new CliResult(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
