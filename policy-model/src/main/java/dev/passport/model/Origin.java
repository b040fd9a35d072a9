package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a policy element came from: the system, the object that declared it, the original SQL, and
 * the file and line when it was read from a script. Every element of a {@link PolicySet} keeps its
 * origin so that a loss, a diff finding or a gate failure can point back at the source.
 *
 * <pre>{@code
 * Origin.declared(SystemKind.POSTGRESQL, "accounts_tenant")
 *     .withSql("CREATE POLICY accounts_tenant ON accounts USING (...)")
 *     .at("schema.sql", 12);
 * }</pre>
 */
public record Origin(
    SystemKind system,
    OriginKind kind,
    Optional<String> object,
    Optional<String> sql,
    Optional<String> file,
    Optional<Integer> line) {
  public Origin {
    requireNonNull(system, "system is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(object, "object is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(file, "file is null");
    requireNonNull(line, "line is null");
    line.ifPresent(
        value -> {
          if (value < 1) {
            throw new IllegalArgumentException("line must be positive: " + value);
          }
        });
  }

  /** An element declared by the named object of a system. */
  public static Origin declared(SystemKind system, String object) {
    return new Origin(
        system,
        OriginKind.DECLARED,
        Optional.of(object),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** An element with no declaring object (a catalog row, a hand-written policy). */
  public static Origin of(SystemKind system) {
    return new Origin(
        system,
        OriginKind.DECLARED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public Origin withKind(OriginKind newKind) {
    return new Origin(system, newKind, object, sql, file, line);
  }

  public Origin withObject(String newObject) {
    return new Origin(system, kind, Optional.of(newObject), sql, file, line);
  }

  public Origin withSql(String newSql) {
    return new Origin(system, kind, object, Optional.of(newSql), file, line);
  }

  /** The same origin, located at a line of a file. */
  public Origin at(String newFile, int newLine) {
    return new Origin(system, kind, object, sql, Optional.of(newFile), Optional.of(newLine));
  }

  /** {@code file:line} when read from a script, else the object name, else the system. */
  public String location() {
    if (file.isPresent()) {
      return file.get() + line.map(value -> ":" + value).orElse("");
    }
    return object.map(name -> system.id() + " " + name).orElse(system.id());
  }
}
