package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One read of DDL scripts by a dialect's reader: scripts are applied in order, as if run one after
 * the other, then the result is built once. The readers share only this driving loop; what a
 * statement means stays with each dialect's session.
 */
public interface DdlSession {
  /** Applies one script; {@code fileName} names it in origins and messages. */
  void apply(String script, String fileName);

  /** The policy set and skipped statements of everything applied, with this source locator. */
  DdlReadResult finish(String locator);

  /**
   * Applies the files in order and finishes with their joined names as the locator.
   *
   * @throws dev.passport.model.PassportException IO_ERROR when a file cannot be read
   */
  default DdlReadResult readFiles(List<Path> files) {
    requireNonNull(files, "files is null");
    for (Path file : files) {
      apply(ScriptFiles.read(file), file.toString());
    }
    return finish(ScriptFiles.locator(files));
  }

  /** Applies one script given as text and finishes with its name as the locator. */
  default DdlReadResult readScript(String script, String fileName) {
    requireNonNull(script, "script is null");
    requireNonNull(fileName, "fileName is null");
    apply(script, fileName);
    return finish(fileName);
  }
}
