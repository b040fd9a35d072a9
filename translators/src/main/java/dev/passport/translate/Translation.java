package dev.passport.translate;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Loss;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a translator produces: the artifacts to write, by file name, and everything that could not
 * be carried over exactly.
 *
 * @param artifacts file name → file content, in the order the files should be listed
 * @param losses what the target does not say exactly as the source did
 */
public record Translation(Map<String, String> artifacts, List<Loss> losses) {
  public Translation {
    requireNonNull(artifacts, "artifacts is null");
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    artifacts.forEach(
        (name, content) ->
            copy.put(
                requireNonNull(name, "artifact name is null"),
                requireNonNull(content, "artifact content is null")));
    artifacts = Collections.unmodifiableMap(copy);
    losses = List.copyOf(requireNonNull(losses, "losses is null"));
  }

  /** The content of one artifact. */
  public String artifact(String name) {
    String content = artifacts.get(name);
    if (content == null) {
      throw new IllegalArgumentException("No artifact " + name + ": " + artifacts.keySet());
    }
    return content;
  }
}
