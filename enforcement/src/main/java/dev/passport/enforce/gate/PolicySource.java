package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.model.SystemKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where one side's policies come from: a PolicySet JSON file ({@code {policies: file.json}}), or an
 * extraction recipe that reads DDL scripts in order ({@code {ddl: [a.sql, b.sql], system:
 * postgresql}}).
 *
 * @param kind which of the two
 * @param files the PolicySet file (exactly one), or the DDL scripts in order (at least one)
 * @param system the system whose DDL the scripts are; present exactly for {@link Kind#DDL}
 */
public record PolicySource(Kind kind, List<Path> files, Optional<SystemKind> system) {
  public PolicySource {
    requireNonNull(kind, "kind is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
    requireNonNull(system, "system is null");
    switch (kind) {
      case POLICY_SET:
        if (files.size() != 1 || system.isPresent()) {
          throw new IllegalArgumentException("a PolicySet source is one file and no system");
        }
        break;
      case DDL:
        if (files.isEmpty() || system.isEmpty()) {
          throw new IllegalArgumentException("a DDL source has scripts and a system");
        }
        break;
    }
  }

  /** A PolicySet JSON file. */
  public static PolicySource policySet(Path file) {
    return new PolicySource(Kind.POLICY_SET, List.of(file), Optional.empty());
  }

  /** DDL scripts of a system, read in order. */
  public static PolicySource ddl(SystemKind system, List<Path> scripts) {
    return new PolicySource(Kind.DDL, scripts, Optional.of(system));
  }

  /** The files, for messages: {@code source.json} or {@code postgresql DDL a.sql, b.sql}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (kind == Kind.DDL) {
      text.append(system.get().id()).append(" DDL ");
    }
    for (int index = 0; index < files.size(); index++) {
      if (index > 0) {
        text.append(", ");
      }
      text.append(files.get(index));
    }
    return text.toString();
  }

  /** How the policies are given. */
  public enum Kind {
    /** A PolicySet JSON file, as {@code passport extract} writes it. */
    POLICY_SET,
    /** DDL scripts, read through the system's extractor. */
    DDL
  }
}
