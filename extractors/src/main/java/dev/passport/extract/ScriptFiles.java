package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Script files as the DDL readers take them: one place decides the charset, the error an unreadable
 * file gives and how a read of several files names its source, so that every dialect agrees.
 */
public final class ScriptFiles {
  private ScriptFiles() {}

  /**
   * The file's text, read as UTF-8.
   *
   * @throws PassportException IO_ERROR when the file cannot be read
   */
  public static String read(Path file) {
    requireNonNull(file, "file is null");
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e, e);
    }
  }

  /** The source locator of a read of these files: their names in order, comma-separated. */
  public static String locator(List<Path> files) {
    return files.stream().map(Path::toString).collect(Collectors.joining(","));
  }
}
