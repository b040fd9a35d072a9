package dev.passport.translate.ranger;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A large generated PolicySet of the shape of the benchmarks' SyntheticCatalogs (which this module
 * cannot depend on): table {@code i} is {@code cat{i%10}.s{i%100}.t{i}}, granted SELECT and INSERT
 * to user {@code u{i%1000}} and group {@code g{i%200}}; every 2nd table has a row filter for role
 * {@code r{i%50}} showing the caller's own rows and one region, every 3rd an e-mail mask that
 * holders of the parent role see partly and everyone else hashed. The 50 roles form a four-way
 * tree; user {@code u{k}} is in role {@code r{k%50}} and group {@code g{k%200}}.
 */
final class SyntheticPolicySet {
  static final int USERS = 1000;
  static final int GROUPS = 200;
  static final int ROLES = 50;

  private static final Origin ORIGIN = Origin.of(SystemKind.PASSPORT);
  private static final List<ColumnInfo> COLUMNS =
      List.of(
          new ColumnInfo("id", "bigint", false),
          new ColumnInfo("owner", "varchar", false),
          new ColumnInfo("region", "varchar", false),
          new ColumnInfo("email", "varchar", true),
          new ColumnInfo("amount", "decimal(12,2)", true));

  private SyntheticPolicySet() {}

  static PolicySet create(int tables) {
    PolicySet.Builder builder =
        PolicySet.builder(
            Source.of(SystemKind.PASSPORT, "synthetic:" + tables, ExtractionMethod.FILE));
    for (int role = 0; role < ROLES; role++) {
      Principal principal = Principal.role("r" + role, ORIGIN);
      builder.addPrincipal(
          role == 0 ? principal : principal.withMemberOf(List.of("r" + parentRole(role))));
    }
    for (int group = 0; group < Math.min(GROUPS, tables); group++) {
      builder.addPrincipal(Principal.group("g" + group, ORIGIN));
    }
    for (int user = 0; user < Math.min(USERS, tables); user++) {
      builder.addPrincipal(
          Principal.user("u" + user, ORIGIN)
              .withMemberOf(List.of("r" + user % ROLES, "g" + user % GROUPS)));
    }
    for (int index = 0; index < tables; index++) {
      Securable table = table(index);
      boolean filtered = index % 2 == 0;
      builder.addTable(
          new Table(
              table,
              COLUMNS,
              Optional.of("loader"),
              filtered ? RowSecurity.allAnd() : RowSecurity.disabled()));
      builder.addGrant(
          Grant.allow(
              Subjects.anyOf(
                  Subjects.isUser("u" + index % USERS), Subjects.inGroup("g" + index % GROUPS)),
              Set.of(Privilege.SELECT, Privilege.INSERT),
              table,
              Origin.declared(SystemKind.PASSPORT, "policy-" + index)));
      if (filtered) {
        builder.addRowFilter(
            RowFilter.of(
                    table,
                    Expressions.or(
                        Expressions.equal(Expressions.column("owner"), Expressions.currentUser()),
                        Expressions.equal(
                            Expressions.column("region"), Expressions.literal("r" + index % 7))),
                    Subjects.hasRole("r" + index % ROLES),
                    ORIGIN)
                .withName("filter-" + index));
      }
      if (index % 3 == 0) {
        builder.addColumnMask(
            ColumnMask.of(
                    table.column("email"),
                    List.of(
                        MaskRule.when(
                            Subjects.hasRole("r" + parentRole(index % ROLES)),
                            new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER))),
                    new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                    ORIGIN)
                .withName("mask-" + index));
      }
    }
    return builder.build();
  }

  static Securable table(int index) {
    return Securable.table("cat" + index % 10, "s" + index % 100, "t" + index);
  }

  /** r1–r4 under r0, r5–r8 under r1, and so on. */
  static int parentRole(int role) {
    return role == 0 ? 0 : (role - 1) / 4;
  }
}
