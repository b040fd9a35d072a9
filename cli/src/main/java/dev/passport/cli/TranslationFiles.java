package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.ErrorCode;
import dev.passport.model.Loss;
import dev.passport.model.PassportException;
import dev.passport.translate.Translation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A translation as files on disk: every artifact under its own name, and the losses in {@value
 * #LOSSES_FILE}. The translate command and the demo write translations the same way.
 */
public final class TranslationFiles {
  /** The file, next to the artifacts, that lists what the translation could not carry over. */
  public static final String LOSSES_FILE = "losses.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TranslationFiles() {}

  /**
   * Writes every artifact and {@value #LOSSES_FILE} into {@code directory} (created when missing).
   *
   * @return the files in the order written, each as {@code directory.resolve(name)}
   */
  public static List<Path> write(Translation translation, Path directory) {
    requireNonNull(translation, "translation is null");
    requireNonNull(directory, "directory is null");
    Path root = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, directory + ": cannot create the directory: " + e.getMessage(), e);
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> artifact : translation.artifacts().entrySet()) {
      Path path = root.resolve(artifact.getKey()).normalize();
      if (!path.startsWith(root) || path.equals(root) || artifact.getKey().equals(LOSSES_FILE)) {
        throw new IllegalStateException(
            "The translator named an artifact outside the directory: " + artifact.getKey());
      }
      writeFile(path, artifact.getValue());
      written.add(directory.resolve(artifact.getKey()));
    }
    writeFile(root.resolve(LOSSES_FILE), lossesJson(translation.losses()));
    written.add(directory.resolve(LOSSES_FILE));
    return List.copyOf(written);
  }

  /** Writes {@code content} in UTF-8, creating the parent directories. */
  public static void writeFile(Path path, String content) {
    requireNonNull(path, "path is null");
    requireNonNull(content, "content is null");
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, path + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** The losses as a JSON array, in the translator's order, one object per loss. */
  static String lossesJson(List<Loss> losses) {
    ArrayNode array = JSON.createArrayNode();
    for (Loss loss : losses) {
      ObjectNode node = array.addObject();
      node.put("location", loss.origin().location());
      if (loss.origin().object().isPresent()) {
        node.put("object", loss.origin().object().get());
      } else {
        node.putNull("object");
      }
      node.put("reason", loss.reason());
      node.put("direction", loss.direction().name().toLowerCase(Locale.ROOT));
    }
    // A fixed line separator: the file must be the same wherever it is written.
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
