package dev.passport.benchmarks;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic PostgreSQL DDL script of the shape real row-security migrations have: roles and
 * role memberships, then per table a CREATE TABLE, ENABLE ROW LEVEL SECURITY, two GRANTs and many
 * CREATE POLICY statements. Most statements are CREATE POLICY, so that a throughput figure is about
 * policy expressions. The USING and WITH CHECK texts are kept, exactly as they appear between the
 * clause's parentheses, so a baseline can parse the same expressions alone.
 *
 * @param script the whole script
 * @param statementCount how many statements it holds
 * @param policyCount how many of them are CREATE POLICY
 * @param expressions every USING and WITH CHECK expression, in script order
 */
record SyntheticDdlScript(
    String script, int statementCount, int policyCount, List<String> expressions) {
  static final int ROLES = 50;
  static final int TABLES = 200;

  SyntheticDdlScript {
    requireNonNull(script, "script is null");
    expressions = List.copyOf(requireNonNull(expressions, "expressions is null"));
  }

  /**
   * A script of exactly {@code statements} statements. Fixed parts: {@link #ROLES} CREATE ROLE,
   * {@link #ROLES} role memberships, and four statements per table for {@link #TABLES} tables; the
   * rest are policies spread round-robin over the tables.
   */
  static SyntheticDdlScript generate(int statements) {
    int fixed = 2 * ROLES + 4 * TABLES + 1;
    if (statements <= fixed) {
      throw new IllegalArgumentException(
          "a script needs more than " + fixed + " statements, not " + statements);
    }
    Builder builder = new Builder();
    builder.statement(
        "CREATE TABLE app.memberships (user_name text NOT NULL, tenant_id integer"
            + " NOT NULL, role_name text NOT NULL)");
    for (int role = 0; role < ROLES; role++) {
      String attributes =
          switch (role % 5) {
            case 0 -> " NOLOGIN";
            case 1 -> " LOGIN INHERIT";
            case 2 -> " LOGIN NOINHERIT";
            case 3 -> " NOLOGIN BYPASSRLS";
            default -> " LOGIN";
          };
      builder.statement("CREATE ROLE " + role(role) + attributes);
    }
    for (int role = 0; role < ROLES; role++) {
      // A 4-way tree: each role is a member of its parent, the root of nothing.
      int parent = role == 0 ? ROLES - 1 : (role - 1) / 4;
      builder.statement("GRANT " + role(parent) + " TO " + role(role));
    }
    int policies = statements - fixed;
    int[] policiesPerTable = new int[TABLES];
    for (int policy = 0; policy < policies; policy++) {
      policiesPerTable[policy % TABLES]++;
    }
    int policyNumber = 0;
    for (int table = 0; table < TABLES; table++) {
      String name = "app.documents_" + table;
      builder.statement(
          "CREATE TABLE "
              + name
              + " (\n  id bigint PRIMARY KEY,\n  tenant_id integer NOT NULL,\n"
              + "  owner_name text NOT NULL DEFAULT current_user,\n  region text,\n"
              + "  status text NOT NULL,\n  amount numeric(12, 2),\n  created_at timestamptz"
              + " NOT NULL DEFAULT now()\n)");
      builder.statement("ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY");
      builder.statement("GRANT SELECT, INSERT, UPDATE ON " + name + " TO " + role(table % ROLES));
      builder.statement("GRANT SELECT (id, region, status) ON " + name + " TO PUBLIC");
      for (int index = 0; index < policiesPerTable[table]; index++) {
        builder.policy(name, "documents_" + table, index, policyNumber++);
      }
    }
    SyntheticDdlScript result = builder.build();
    if (result.statementCount() != statements) {
      throw new IllegalStateException(
          "generated " + result.statementCount() + " statements instead of " + statements);
    }
    return result;
  }

  private static String role(int role) {
    return "app_role_" + role;
  }

  private static final class Builder {
    private final StringBuilder script = new StringBuilder(4 * 1024 * 1024);
    private final List<String> expressions = new ArrayList<>();
    private int statements;
    private int policies;

    void statement(String text) {
      script.append(text).append(";\n");
      statements++;
    }

    /** One CREATE POLICY; its shape cycles so that every predicate kind is frequent. */
    void policy(String table, String bareTable, int index, int number) {
      String command;
      String using = predicate(bareTable, number);
      String check = null;
      switch (number % 4) {
        case 0 -> command = "SELECT";
        case 1 -> {
          command = "UPDATE";
          check = predicate(bareTable, number + 3);
        }
        case 2 -> {
          command = "INSERT";
          check = using;
          using = null;
        }
        default -> command = "ALL";
      }
      StringBuilder text = new StringBuilder(256);
      text.append("CREATE POLICY p_").append(index).append(" ON ").append(table);
      if (number % 7 == 0) {
        text.append(" AS RESTRICTIVE");
      }
      text.append(" FOR ").append(command).append(" TO ");
      text.append(number % 5 == 0 ? "PUBLIC" : role(number % ROLES));
      if (number % 3 == 0) {
        text.append(", ").append(role((number + 7) % ROLES));
      }
      if (using != null) {
        text.append("\n  USING (").append(using).append(')');
        expressions.add(using);
      }
      if (check != null) {
        text.append("\n  WITH CHECK (").append(check).append(')');
        expressions.add(check);
      }
      statement(text.toString());
      policies++;
    }

    private static String predicate(String bareTable, int number) {
      int tenant = number % 97;
      return switch (number % 8) {
        case 0 -> "owner_name = current_user";
        case 1 -> "tenant_id = current_setting('app.tenant_id', true)::integer";
        case 2 ->
            "region IN ('eu-west-"
                + (number % 3)
                + "', 'eu-central-1', 'us-east-"
                + (number % 2)
                + "', 'ap-south-1')";
        case 3 ->
            "EXISTS (SELECT 1 FROM app.memberships m WHERE m.user_name = current_user AND"
                + " m.tenant_id = "
                + bareTable
                + ".tenant_id)";
        case 4 ->
            "CASE WHEN status = 'public' THEN true WHEN status = 'internal' THEN"
                + " current_setting('app.clearance', true) IN ('internal', 'secret') ELSE"
                + " owner_name = current_user END";
        case 5 ->
            "tenant_id IN (SELECT m.tenant_id FROM app.memberships m WHERE m.user_name ="
                + " current_user)";
        case 6 ->
            "(owner_name = current_user OR pg_has_role(current_user, 'app_role_"
                + (number % ROLES)
                + "', 'member')) AND tenant_id = "
                + tenant;
        default ->
            "status <> 'deleted' AND amount < "
                + (1000 + number % 9000)
                + " AND current_setting('app.region', true) = region";
      };
    }

    SyntheticDdlScript build() {
      return new SyntheticDdlScript(script.toString(), statements, policies, expressions);
    }
  }
}
