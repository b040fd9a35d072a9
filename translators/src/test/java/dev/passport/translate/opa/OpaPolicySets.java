package dev.passport.translate.opa;

import static dev.passport.model.Expressions.and;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.exists;
import static dev.passport.model.Expressions.literal;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.DateUnit;
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

/** Small policy sets of this package's tests, beside the shared fixtures. */
final class OpaPolicySets {
  static final Securable ITEMS = Securable.table("cat", "s", "items");
  static final Securable OWNERS = Securable.table("cat", "s", "owners");

  private OpaPolicySets() {}

  /**
   * Two unrelated roles with different filters and masks on one table, a mapping-table lookup with
   * {@code current_user}, and a column masked by every transform kind.
   */
  static PolicySet coverage() {
    SystemKind system = SystemKind.PASSPORT;
    Origin origin = Origin.declared(system, "coverage");
    PolicySet.Builder builder =
        PolicySet.builder(Source.of(system, "coverage.json", ExtractionMethod.FILE))
            .addPrincipal(Principal.role("r1", Origin.declared(system, "r1")))
            .addPrincipal(Principal.role("r2", Origin.declared(system, "r2")))
            .addPrincipal(
                Principal.user("u1", Origin.declared(system, "u1")).withMemberOf(List.of("r1")))
            .addPrincipal(
                Principal.user("u2", Origin.declared(system, "u2")).withMemberOf(List.of("r2")))
            .addTable(
                new Table(
                    ITEMS,
                    List.of(
                        new ColumnInfo("id", "bigint", false),
                        new ColumnInfo("region", "varchar", false),
                        new ColumnInfo("owner", "varchar", true),
                        new ColumnInfo("secret", "varchar", true),
                        new ColumnInfo("email", "varchar", true),
                        new ColumnInfo("born", "date", true),
                        new ColumnInfo("amount", "decimal(10,2)", true),
                        new ColumnInfo("card", "varchar", true),
                        new ColumnInfo("note", "varchar", true),
                        new ColumnInfo("code", "varchar", true),
                        new ColumnInfo("created", "timestamp", true),
                        new ColumnInfo("label", "varchar", true),
                        new ColumnInfo("Quoted Name", "varchar", true)),
                    Optional.empty(),
                    RowSecurity.allAnd()))
            .addTable(
                new Table(
                    OWNERS,
                    List.of(
                        new ColumnInfo("user_name", "varchar", false),
                        new ColumnInfo("region", "varchar", false)),
                    Optional.empty(),
                    RowSecurity.disabled()))
            .addGrant(
                Grant.allow(
                    Subjects.anyOf(Subjects.hasRole("r1"), Subjects.hasRole("r2")),
                    Set.of(Privilege.SELECT),
                    ITEMS,
                    Origin.declared(system, "items_grant")))
            .addRowFilter(
                RowFilter.of(
                    ITEMS,
                    equal(column("region"), literal("EU's")),
                    Subjects.hasRole("r1"),
                    Origin.declared(system, "eu_only")))
            .addRowFilter(
                RowFilter.of(
                    ITEMS,
                    exists(
                        OWNERS,
                        "o",
                        and(
                            equal(column("o", "user_name"), currentUser()),
                            equal(column("o", "region"), column("region")))),
                    Subjects.hasRole("r2"),
                    Origin.declared(system, "owned_regions")));
    mask(
        builder,
        "secret",
        List.of(
            MaskRule.when(
                Subjects.hasRole("r1"), new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE)),
            MaskRule.when(Subjects.hasRole("r2"), new Transform.Email())),
        new Transform.Nullify(),
        origin);
    mask(
        builder,
        "owner",
        List.of(
            MaskRule.when(Subjects.hasRole("r1"), new Transform.Identity()),
            new MaskRule(
                Subjects.everyone(),
                Expressions.compare(ComparisonOperator.LESS_THAN, column("id"), literal(10)),
                new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE))),
        new Transform.Constant(literal("hidden")),
        origin);
    mask(builder, "email", List.of(), new Transform.Email(), origin);
    mask(builder, "born", List.of(), new Transform.DateTruncate(DateUnit.MONTH), origin);
    mask(builder, "amount", List.of(), new Transform.Round(-1), origin);
    mask(
        builder,
        "card",
        List.of(),
        new Transform.Partial(2, 4, "X", FillMode.EACH_CHARACTER),
        origin);
    mask(builder, "note", List.of(), new Transform.MaskCharacters(), origin);
    mask(builder, "code", List.of(), new Transform.RegexReplace("([0-9])\\d", "#$1"), origin);
    mask(builder, "created", List.of(), new Transform.DateTruncate(DateUnit.HOUR), origin);
    mask(
        builder,
        "label",
        List.of(),
        new Transform.Expression(Expressions.function("upper", Expressions.maskedValue())),
        origin);
    mask(
        builder,
        "Quoted Name",
        List.of(),
        new Transform.Partial(0, 0, "***", FillMode.ONCE),
        origin);
    return builder.build();
  }

  private static void mask(
      PolicySet.Builder builder,
      String column,
      List<MaskRule> rules,
      Transform otherwise,
      Origin origin) {
    builder.addColumnMask(ColumnMask.of(ITEMS.column(column), rules, otherwise, origin));
  }
}
