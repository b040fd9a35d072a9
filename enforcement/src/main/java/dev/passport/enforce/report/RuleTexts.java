package dev.passport.enforce.report;

import dev.passport.model.Origin;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How reports write a rule next to where it came from. */
public final class RuleTexts {
  private RuleTexts() {}

  /** {@code description (file.sql:12, file.sql:20)}, or the description alone without origins. */
  public static String withOrigins(String description, List<Origin> origins) {
    if (origins.isEmpty()) {
      return description;
    }
    Set<String> locations = new LinkedHashSet<>();
    for (Origin origin : origins) {
      locations.add(origin.location());
    }
    return description + " (" + String.join(", ", locations) + ")";
  }
}
