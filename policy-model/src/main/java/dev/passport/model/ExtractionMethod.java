package dev.passport.model;

/** How a {@link PolicySet} was obtained. */
public enum ExtractionMethod {
  /** Read live from the system's catalog over JDBC. */
  JDBC,
  /** Read offline from DDL scripts. */
  DDL,
  /** Read from a policy file (a PolicySet, a rules file, a Terraform file). */
  FILE
}
