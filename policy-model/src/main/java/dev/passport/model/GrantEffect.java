package dev.passport.model;

/** Whether a grant allows or denies. A deny wins over any allow (SQL Server DENY, Ranger). */
public enum GrantEffect {
  ALLOW,
  DENY
}
