package dev.passport.translate.lakeformation;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to write Lake Formation requests.
 *
 * @param catalogId the AWS account ID of the Glue Data Catalog ({@code TableCatalogId})
 * @param database the Glue database for every table; when empty each table's schema is its database
 * @param userArn the principal identifier of a target user; {@code {account}} and {@code {name}}
 *     are replaced
 * @param roleArn the same for a target role (an IAM role)
 * @param groupArn the same for a target group (an IAM Identity Center group)
 */
public record LakeFormationOptions(
    String catalogId, Optional<String> database, String userArn, String roleArn, String groupArn) {
  public LakeFormationOptions {
    requireNonNull(catalogId, "catalogId is null");
    requireNonNull(database, "database is null");
    requireNonNull(userArn, "userArn is null");
    requireNonNull(roleArn, "roleArn is null");
    requireNonNull(groupArn, "groupArn is null");
  }

  /** IAM users and roles of the account, Identity Center groups. */
  public static LakeFormationOptions forAccount(String catalogId) {
    return new LakeFormationOptions(
        catalogId,
        Optional.empty(),
        "arn:aws:iam::{account}:user/{name}",
        "arn:aws:iam::{account}:role/{name}",
        "arn:aws:identitystore:::group/{name}");
  }

  public LakeFormationOptions withDatabase(String newDatabase) {
    return new LakeFormationOptions(
        catalogId, Optional.of(newDatabase), userArn, roleArn, groupArn);
  }

  String arn(String pattern, String name) {
    return pattern.replace("{account}", catalogId).replace("{name}", name);
  }
}
