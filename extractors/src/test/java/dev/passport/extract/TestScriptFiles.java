package dev.passport.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestScriptFiles {
  @TempDir Path directory;

  @Test
  void testReadsUtf8() throws IOException {
    Path file = directory.resolve("a.sql");
    Files.write(file, "COMMENT ON TABLE t IS 'Zürich';".getBytes(StandardCharsets.UTF_8));

    assertThat(ScriptFiles.read(file)).isEqualTo("COMMENT ON TABLE t IS 'Zürich';");
  }

  @Test
  void testMissingFileIsIoError() {
    Path missing = directory.resolve("missing.sql");

    assertThatThrownBy(() -> ScriptFiles.read(missing))
        .isInstanceOf(PassportException.class)
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.IO_ERROR);
  }

  @Test
  void testLocatorJoinsNamesInOrder() {
    assertThat(ScriptFiles.locator(List.of(Path.of("b.sql"), Path.of("a.sql"))))
        .isEqualTo("b.sql,a.sql");
  }

  @Test
  void testSessionReadsFilesInOrderAndFinishesWithLocator() throws IOException {
    Path first = Files.writeString(directory.resolve("1.sql"), "one");
    Path second = Files.writeString(directory.resolve("2.sql"), "two");
    List<String> applied = new ArrayList<>();
    List<String> locators = new ArrayList<>();
    DdlSession session =
        new DdlSession() {
          @Override
          public void apply(String script, String fileName) {
            applied.add(fileName + "=" + script);
          }

          @Override
          public DdlReadResult finish(String locator) {
            locators.add(locator);
            return null;
          }
        };

    session.readFiles(List.of(first, second));

    assertThat(applied).containsExactly(first + "=one", second + "=two");
    assertThat(locators).containsExactly(first + "," + second);
  }
}
