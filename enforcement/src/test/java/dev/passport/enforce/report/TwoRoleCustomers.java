package dev.passport.enforce.report;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.Privilege;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A policy set the diff and gate tests build on: roles analyst and support, both allowed to read a
 * customers table {@code (id, region, email)}, declared on lines 1 to 3 of {@code file}.
 */
public final class TwoRoleCustomers {
  private TwoRoleCustomers() {}

  /** Where a rule of {@code system} was declared: {@code file}, {@code line}. */
  public static Origin at(SystemKind system, String file, int line) {
    return Origin.declared(system, "rule").at(file, line);
  }

  /** A mask named {@code name} on {@code customers.email} for the holders of {@code role}. */
  public static ColumnMask roleEmailMask(
      String name, Securable customers, String role, Transform transform, Origin origin) {
    return new ColumnMask(
        Optional.of(name),
        Optional.of(customers.column("email")),
        Optional.empty(),
        List.of(),
        transform,
        Subjects.hasRole(role),
        0,
        Optional.empty(),
        Map.of(),
        origin);
  }

  public static PolicySet.Builder builder(
      SystemKind system,
      ExtractionMethod method,
      String file,
      Securable customers,
      String textType) {
    return PolicySet.builder(Source.of(system, file, method))
        .addPrincipal(Principal.role("analyst", at(system, file, 1)))
        .addPrincipal(Principal.role("support", at(system, file, 2)))
        .addTable(
            new Table(
                customers,
                List.of(
                    new ColumnInfo("id", "integer", false),
                    new ColumnInfo("region", textType, true),
                    new ColumnInfo("email", textType, true)),
                Optional.empty(),
                RowSecurity.allAnd()))
        .addGrant(
            Grant.allow(
                Subjects.anyOf(Subjects.hasRole("analyst"), Subjects.hasRole("support")),
                Set.of(Privilege.SELECT),
                customers,
                at(system, file, 3)));
  }
}
