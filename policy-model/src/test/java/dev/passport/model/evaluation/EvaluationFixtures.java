package dev.passport.model.evaluation;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small builders shared by the evaluation tests. */
final class EvaluationFixtures {
  static final Origin ORIGIN = Origin.of(SystemKind.POSTGRESQL);
  static final Securable ACCOUNTS = Securable.table("db", "public", "accounts");

  private EvaluationFixtures() {}

  static PolicySet.Builder builder() {
    return PolicySet.builder(Source.of(SystemKind.POSTGRESQL, "test.sql", ExtractionMethod.DDL));
  }

  static Principal user(String name, String... memberOf) {
    return Principal.user(name, ORIGIN).withMemberOf(List.of(memberOf));
  }

  static Principal role(String name, String... memberOf) {
    return Principal.role(name, ORIGIN).withMemberOf(List.of(memberOf));
  }

  static Principal flagged(Principal principal, PrincipalFlag... flags) {
    return principal.withFlags(Set.of(flags));
  }

  static Table table(Securable name, RowSecurity security, String... columns) {
    return table(name, Optional.empty(), security, columns);
  }

  static Table table(
      Securable name, Optional<String> owner, RowSecurity security, String... columns) {
    List<ColumnInfo> infos = new ArrayList<>();
    for (String column : columns) {
      String[] parts = column.split(":");
      infos.add(new ColumnInfo(parts[0], parts.length > 1 ? parts[1] : "varchar", true));
    }
    return new Table(name, infos, owner, security);
  }

  static PrincipalContext context(String user, String... roles) {
    return PrincipalContext.user(user).withRoles(List.of(roles));
  }

  static Row row(Object... keyValues) {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (int index = 0; index < keyValues.length; index += 2) {
      values.put((String) keyValues[index], keyValues[index + 1]);
    }
    return Row.of(values);
  }
}
