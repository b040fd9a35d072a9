package dev.passport.translate.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Loss;
import dev.passport.translate.Translation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Golden outputs meant to be read by eye: every artifact of a translation under a {@code ==> name
 * <==} header, then the losses. Regenerate with {@code -Dpassport.updateGolden=true} and review the
 * difference before committing it.
 */
public final class GoldenFiles {
  private static final Path ROOT = Path.of("src/test/resources/dev/passport/translate/golden");

  private GoldenFiles() {}

  /** The translation as one text. */
  public static String render(Translation translation) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> artifact : translation.artifacts().entrySet()) {
      text.append("==> ").append(artifact.getKey()).append(" <==\n").append(artifact.getValue());
      if (!artifact.getValue().endsWith("\n")) {
        text.append('\n');
      }
    }
    text.append("==> losses <==\n");
    for (Loss loss : translation.losses()) {
      text.append(loss.direction())
          .append(' ')
          .append(loss.origin().location())
          .append(": ")
          .append(loss.reason())
          .append('\n');
    }
    return text.toString();
  }

  /** Asserts that the translation renders as the golden file {@code name}. */
  public static void assertMatches(Translation translation, String name) throws IOException {
    String actual = render(translation);
    Path file = ROOT.resolve(name);
    if (Boolean.getBoolean("passport.updateGolden")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file " + file + " (-Dpassport.updateGolden=true)").exists();
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
