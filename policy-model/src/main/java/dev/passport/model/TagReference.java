package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The columns a tag-based mask applies to: every column carrying {@code tag} (with {@code value}
 * when given) whose type is {@code dataType} (when given; Snowflake binds a tag's masking policies
 * by data type).
 */
public record TagReference(String tag, Optional<String> value, Optional<String> dataType) {
  public TagReference {
    Checks.requireNonBlank(tag, "tag");
    requireNonNull(value, "value is null");
    requireNonNull(dataType, "dataType is null");
  }
}
