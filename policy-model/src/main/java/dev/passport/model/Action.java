package dev.passport.model;

/** What a principal asks to do with a table or column. */
public enum Action {
  SELECT,
  INSERT,
  UPDATE,
  DELETE
}
