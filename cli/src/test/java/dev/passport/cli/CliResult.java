package dev.passport.cli;

import static java.util.Objects.requireNonNull;

/** The exit code and both streams of one in-process run of the command line. */
record CliResult(int exitCode, String out, String err) {
  CliResult {
    requireNonNull(out, "out is null");
    requireNonNull(err, "err is null");
  }

  /** Everything the run printed. */
  String all() {
    return out + err;
  }
}
