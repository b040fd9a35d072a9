package dev.passport.translate.ranger;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.compare;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
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
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small set that uses what the samples do not: a role hierarchy, merged PostgreSQL-style filters,
 * first-match priorities, a primary-role test, a column deny for everyone but one role, a
 * tag-driven mask next to a column's own mask, and a user the identity map denies.
 */
final class LabPolicySet {
  static final Securable EMPLOYEES = Securable.table("lab", "hr", "employees");
  static final Securable PAYROLL = Securable.table("lab", "hr", "payroll");

  private LabPolicySet() {}

  static Origin origin(String object) {
    return Origin.declared(SystemKind.PASSPORT, object);
  }

  static PolicySet create() {
    List<ColumnInfo> columns =
        List.of(
            new ColumnInfo("id", "bigint", false),
            new ColumnInfo("name", "varchar", false),
            new ColumnInfo("ssn", "varchar", true),
            new ColumnInfo("email", "varchar", true),
            new ColumnInfo("salary", "decimal(12,2)", true),
            new ColumnInfo("dept", "varchar", false),
            new ColumnInfo("region", "varchar", false));
    return PolicySet.builder(Source.of(SystemKind.PASSPORT, "lab", ExtractionMethod.FILE))
        .addPrincipal(Principal.role("staff", origin("staff")))
        .addPrincipal(Principal.role("manager", origin("manager")).withMemberOf(List.of("staff")))
        .addPrincipal(Principal.role("hr", origin("hr")).withMemberOf(List.of("staff")))
        .addPrincipal(Principal.user("ann", origin("ann")).withMemberOf(List.of("manager")))
        .addPrincipal(Principal.user("ben", origin("ben")).withMemberOf(List.of("hr")))
        .addPrincipal(Principal.user("cat", origin("cat")).withMemberOf(List.of("staff")))
        .addPrincipal(Principal.user("dan", origin("dan")))
        .addPrincipal(Principal.user("eve", origin("eve")).withMemberOf(List.of("hr", "manager")))
        .addPrincipal(Principal.user("ghost", origin("ghost")).withMemberOf(List.of("staff")))
        .addTable(new Table(EMPLOYEES, columns, Optional.empty(), RowSecurity.postgresql(false)))
        .addTable(
            new Table(
                PAYROLL,
                List.of(
                    new ColumnInfo("id", "bigint", false),
                    new ColumnInfo("dept", "varchar", false)),
                Optional.empty(),
                new RowSecurity(
                    true, CombinationRule.FIRST_MATCH, false, false, Subjects.nobody())))
        .addGrant(
            Grant.allow(
                Subjects.hasRole("staff"),
                Set.of(Privilege.SELECT),
                Securable.schema(Optional.of("lab"), "hr"),
                origin("grant staff")))
        .addGrant(
            new Grant(
                Subjects.not(Subjects.hasRole("hr")),
                Set.of(Privilege.SELECT),
                EMPLOYEES.column("salary"),
                GrantEffect.DENY,
                false,
                GrantVia.DIRECT,
                origin("deny salary")))
        .addRowFilter(
            RowFilter.of(
                EMPLOYEES,
                equal(column("region"), literal("EU")),
                Subjects.hasRole("staff"),
                origin("eu_rows")))
        .addRowFilter(
            RowFilter.of(
                EMPLOYEES,
                equal(column("dept"), literal("HR")),
                Subjects.hasRole("hr"),
                origin("hr_rows")))
        .addRowFilter(
            RowFilter.of(
                    EMPLOYEES,
                    compare(ComparisonOperator.GREATER_THAN, column("id"), literal(0)),
                    Subjects.everyone(),
                    origin("positive_ids"))
                .withKind(FilterKind.RESTRICTIVE))
        .addRowFilter(
            RowFilter.of(
                    PAYROLL,
                    equal(column("dept"), literal("X")),
                    Subjects.hasRole("staff"),
                    origin("payroll_staff"))
                .withPriority(2))
        .addRowFilter(
            RowFilter.of(
                    PAYROLL,
                    equal(column("dept"), currentUser()),
                    Subjects.hasRole("manager"),
                    origin("payroll_manager"))
                .withPriority(1))
        .addColumnMask(
            ColumnMask.of(
                EMPLOYEES.column("ssn"),
                List.of(
                    MaskRule.when(
                        Subjects.hasPrimaryRole("manager"),
                        new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER))),
                new Transform.Nullify(),
                origin("ssn_mask")))
        .addColumnMask(
            ColumnMask.of(
                EMPLOYEES.column("name"),
                List.of(MaskRule.when(Subjects.hasRole("hr"), new Transform.Identity())),
                new Transform.MaskCharacters(),
                origin("name_mask")))
        .addColumnMask(
            new ColumnMask(
                Optional.of("pii_mask"),
                Optional.empty(),
                Optional.of(new TagReference("PII", Optional.empty(), Optional.empty())),
                List.of(MaskRule.when(Subjects.hasRole("hr"), new Transform.Identity())),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                Subjects.everyone(),
                0,
                Optional.empty(),
                Map.of(),
                origin("pii_mask")))
        .addTag(
            new Tag(
                "PII",
                List.of(),
                List.of(
                    new TagAssignment(EMPLOYEES.column("email"), "yes", origin("tag email")),
                    new TagAssignment(EMPLOYEES.column("ssn"), "yes", origin("tag ssn"))),
                origin("PII")))
        .build();
  }
}
