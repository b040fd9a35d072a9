package dev.passport.model;

/** What kind of named, reusable policy a {@link Definition} is. */
public enum DefinitionKind {
  /** Snowflake or Redshift masking policy, Databricks column-mask function. */
  MASKING_POLICY,
  /** Snowflake row access policy, Redshift RLS policy, Databricks row-filter function. */
  ROW_ACCESS_POLICY,
  /** SQL Server / Synapse inline table-valued predicate function of a security policy. */
  PREDICATE_FUNCTION,
  /** A user-defined function a policy calls; kept so its loss can be explained. */
  FUNCTION
}
