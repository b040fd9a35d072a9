package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a command may know of its process beyond its arguments: environment variables (where
 * passwords and salts come from), whether a person watches stderr (for progress), and standard
 * input (rows to mask, a statement to rewrite). Tests give their own.
 *
 * @param variables the value of an environment variable, or null when it is not set
 * @param terminal whether stderr is a terminal, so that an updating progress line can be shown
 * @param input standard input
 */
record Environment(Function<String, String> variables, boolean terminal, InputStream input) {
  Environment {
    requireNonNull(variables, "variables is null");
    requireNonNull(input, "input is null");
  }

  /** The process's own environment; a terminal when the JVM has a console. */
  static Environment system() {
    return new Environment(System::getenv, System.console() != null, System.in);
  }

  /** The given variables only, and an empty standard input. */
  static Environment of(Map<String, String> variables, boolean terminal) {
    Map<String, String> copy = Map.copyOf(variables);
    return new Environment(copy::get, terminal, InputStream.nullInputStream());
  }

  /** The same environment reading standard input from {@code newInput}. */
  Environment withInput(InputStream newInput) {
    return new Environment(variables, terminal, newInput);
  }

  /** The variable's value when it is set. */
  Optional<String> variable(String name) {
    return Optional.ofNullable(variables.apply(name));
  }
}
