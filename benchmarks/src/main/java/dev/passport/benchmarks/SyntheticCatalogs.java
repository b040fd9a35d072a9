package dev.passport.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
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
import dev.passport.model.evaluation.PrincipalContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic PolicySets with the shape of the Ranger engine benchmark in shared/reference/ranger.md,
 * so the two can be compared: policy {@code i} protects table {@code cat{i%10}.s{i%100}.t{i}} and
 * grants SELECT and INSERT to user {@code u{i%1000}} and group {@code g{i%200}}. To give the
 * evaluator more than grants to do, every 2nd table also has a row filter for role {@code r{i%50}}
 * and every 3rd a column mask whose rule tests an ancestor role; the 50 roles form a four-way tree
 * three levels deep, and user {@code u{k}} is in role {@code r{k%50}} and group {@code g{k%200}}
 * (so the user a policy names is always in the group it names).
 */
public final class SyntheticCatalogs {
  static final int USERS = 1000;
  static final int GROUPS = 200;
  static final int ROLES = 50;
  private static final int ROLE_FAN_OUT = 4;

  /** The column every 3rd table masks. */
  public static final String MASKED_COLUMN = "email";

  private static final String OWNER = "loader";
  private static final Origin ORIGIN = Origin.of(SystemKind.PASSPORT);
  private static final List<ColumnInfo> COLUMNS =
      List.of(
          new ColumnInfo("id", "bigint", false),
          new ColumnInfo("owner", "varchar", false),
          new ColumnInfo("region", "varchar", false),
          new ColumnInfo("email", "varchar", true),
          new ColumnInfo("amount", "decimal(12,2)", true));

  private SyntheticCatalogs() {}

  /** One evaluator call's arguments, and whether the grants allow it. */
  public record Request(
      PrincipalContext principal, Securable table, Action action, boolean expectedAllowed) {
    public Request {
      requireNonNull(principal, "principal is null");
      requireNonNull(table, "table is null");
      requireNonNull(action, "action is null");
    }
  }

  /** The set of {@code policies} policies. */
  public static PolicySet policySet(int policies) {
    return slice(policies, 0, policies);
  }

  /**
   * The part of {@link #policySet(int) policySet(policies)} that protects tables {@code from}
   * (inclusive) to {@code to} (exclusive), with all its principals. The tables share no policy, so
   * the slices of a set together say what the set says.
   */
  public static PolicySet slice(int policies, int from, int to) {
    if (policies < 1) {
      throw new IllegalArgumentException("policies must be positive: " + policies);
    }
    if (from < 0 || to > policies || from >= to) {
      throw new IllegalArgumentException("not a slice of " + policies + ": " + from + ".." + to);
    }
    PolicySet.Builder builder =
        PolicySet.builder(
            Source.of(SystemKind.PASSPORT, "synthetic:" + policies, ExtractionMethod.FILE));
    for (int role = 0; role < ROLES; role++) {
      Principal principal = Principal.role(role(role), ORIGIN);
      builder.addPrincipal(
          role == 0 ? principal : principal.withMemberOf(List.of(role(parentRole(role)))));
    }
    for (int group = 0; group < Math.min(GROUPS, policies); group++) {
      builder.addPrincipal(Principal.group(group(group), ORIGIN));
    }
    for (int user = 0; user < Math.min(USERS, policies); user++) {
      builder.addPrincipal(
          Principal.user(user(user), ORIGIN)
              .withMemberOf(List.of(role(user % ROLES), group(user % GROUPS))));
    }
    for (int index = from; index < to; index++) {
      Securable table = table(index);
      boolean filtered = index % 2 == 0;
      builder.addTable(
          new Table(
              table,
              COLUMNS,
              // Not a requesting user: owners hold every privilege, which would blur the 75%.
              Optional.of(OWNER),
              filtered ? RowSecurity.allAnd() : RowSecurity.disabled()));
      builder.addGrant(
          Grant.allow(
              Subjects.anyOf(
                  Subjects.isUser(user(index % USERS)), Subjects.inGroup(group(index % GROUPS))),
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
                    Subjects.hasRole(role(index % ROLES)),
                    ORIGIN)
                .withName("filter-" + index));
      }
      if (index % 3 == 0) {
        builder.addColumnMask(
            ColumnMask.of(
                    table.column(MASKED_COLUMN),
                    List.of(
                        MaskRule.when(
                            Subjects.hasRole(role(parentRole(index % ROLES))),
                            new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER))),
                    new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                    ORIGIN)
                .withName("mask-" + index));
      }
    }
    return builder.build();
  }

  /**
   * {@code count} requests on random tables of a set of {@code policies} policies, three in four of
   * which the grants allow (the policy's own user asking to SELECT or INSERT). The others ask as
   * the next user, who is in neither the policy's user nor its group, or ask the policy's own user
   * to UPDATE or DELETE. The order is shuffled with the seed, so a run is repeatable.
   */
  public static List<Request> requests(int policies, int count, long seed) {
    if (policies < 1 || count < 0) {
      throw new IllegalArgumentException("policies must be positive and count not negative");
    }
    Random random = new Random(seed);
    int users = Math.min(USERS, policies);
    List<Request> requests = new ArrayList<>(count);
    for (int number = 0; number < count; number++) {
      int index = random.nextInt(policies);
      int owner = index % USERS;
      boolean allowed = number % 4 != 3;
      Securable table = table(index);
      if (allowed) {
        Action action = random.nextBoolean() ? Action.SELECT : Action.INSERT;
        requests.add(new Request(context(owner), table, action, true));
      } else if (random.nextBoolean()) {
        requests.add(new Request(context((owner + 1) % users), table, Action.SELECT, false));
      } else {
        Action action = random.nextBoolean() ? Action.UPDATE : Action.DELETE;
        requests.add(new Request(context(owner), table, action, false));
      }
    }
    Collections.shuffle(requests, random);
    return List.copyOf(requests);
  }

  static Securable table(int index) {
    return Securable.table("cat" + index % 10, "s" + index % 100, "t" + index);
  }

  static String user(int user) {
    return "u" + user;
  }

  static String group(int group) {
    return "g" + group;
  }

  static String role(int role) {
    return "r" + role;
  }

  /** The role above {@code role} in the tree: r1–r4 under r0, r5–r8 under r1, and so on. */
  static int parentRole(int role) {
    return role == 0 ? 0 : (role - 1) / ROLE_FAN_OUT;
  }

  /**
   * The caller as an identity provider would present it: the user and its group. Roles are left for
   * the evaluator to take from the PolicySet, as Ranger takes them from its user store.
   */
  private static PrincipalContext context(int user) {
    return PrincipalContext.user(user(user)).withGroups(List.of(group(user % GROUPS)));
  }
}
