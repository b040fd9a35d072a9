package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a catalog's authorizer (Polaris, Lakekeeper, a REST proxy in front of any catalog) calls
 * while answering {@code loadTable}: empty means "forbidden" (answer 403); otherwise the result's
 * {@code read-restrictions} go into the response ({@link ReadRestrictionsJson#toJson}). The answer
 * is for this caller only: the spec forbids caching it outside the caller's authentication scope.
 */
public interface ReadRestrictionsAuthorizer {
  /**
   * The restrictions for the caller on the table.
   *
   * @param caller the authenticated caller as the catalog knows it
   * @param namespace the table's namespace levels
   * @param table the table name
   * @param schema the table's current schema
   */
  Optional<ReadRestrictions> authorizeLoadTable(
      Caller caller, List<String> namespace, String table, IcebergSchema schema);

  /** The caller's catalog identity: principal name, and its groups and (principal) roles. */
  record Caller(String user, List<String> groups, List<String> roles) {
    public Caller {
      requireNonNull(user, "user is null");
      groups = List.copyOf(requireNonNull(groups, "groups is null"));
      roles = List.copyOf(requireNonNull(roles, "roles is null"));
    }
  }
}
