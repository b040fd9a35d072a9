package dev.passport.translate.opa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a working {@code opa} binary: {@code OPA_BIN}, else the cache {@code scripts/build-opa.sh}
 * fills, else {@code opa} on the PATH.
 */
final class OpaBinary {
  static final String VERSION = "1.4.2";

  private static final Optional<Path> FOUND = search();

  private OpaBinary() {}

  static Optional<Path> find() {
    return FOUND;
  }

  /** Why no binary was found, for the skip message. */
  static String missingMessage() {
    return "No opa binary found (OPA_BIN, "
        + cachePath()
        + ", or opa on PATH): the OPA verification tests are SKIPPED. Run scripts/build-opa.sh"
        + " to build one from Debian packages.";
  }

  static Path cachePath() {
    String root = System.getenv("PASSPORT_OPA_CACHE");
    if (root == null || root.isBlank()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path cache =
          xdg == null || xdg.isBlank()
              ? Path.of(System.getProperty("user.home"), ".cache")
              : Path.of(xdg);
      return cache.resolve("passport/opa/opa-" + VERSION + "/opa");
    }
    return Path.of(root, "opa-" + VERSION, "opa");
  }

  private static Optional<Path> search() {
    List<Path> candidates = new ArrayList<>();
    String explicit = System.getenv("OPA_BIN");
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(Path.of(explicit));
    }
    candidates.add(cachePath());
    String path = System.getenv("PATH");
    if (path != null) {
      for (String directory : path.split(java.io.File.pathSeparator)) {
        if (!directory.isBlank()) {
          candidates.add(Path.of(directory, "opa"));
        }
      }
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate) && runs(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean runs(Path binary) {
    try {
      Process process =
          new ProcessBuilder(binary.toString(), "version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The result of one {@code opa} command. */
  record Result(int exitCode, String output) {}

  static Result run(Path binary, Path directory, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("opa " + arguments[0] + " did not finish");
    }
    return new Result(process.exitValue(), output);
  }
}
