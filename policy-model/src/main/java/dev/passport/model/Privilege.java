package dev.passport.model;

/** Privileges a {@link Grant} can give, named after SQL's. */
public enum Privilege {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  TRUNCATE,
  REFERENCES,
  TRIGGER,
  USAGE,
  CREATE,
  /** Ownership: every privilege on the object (Snowflake OWNERSHIP, a PostgreSQL owner). */
  OWNERSHIP,
  /** Every privilege the object type has (SQL {@code ALL PRIVILEGES}). */
  ALL;

  /** Whether holding this privilege allows the action. */
  public boolean allows(Action action) {
    return switch (this) {
      case ALL, OWNERSHIP -> true;
      case SELECT -> action == Action.SELECT;
      case INSERT -> action == Action.INSERT;
      case UPDATE -> action == Action.UPDATE;
      case DELETE -> action == Action.DELETE;
      case TRUNCATE, REFERENCES, TRIGGER, USAGE, CREATE -> false;
    };
  }
}
