package dev.passport.model.evaluation;

import static dev.passport.model.evaluation.EvaluationFixtures.ORIGIN;
import static dev.passport.model.evaluation.EvaluationFixtures.builder;
import static dev.passport.model.evaluation.EvaluationFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.PolicySet;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.Transform;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestEvaluatorScale {
  @Test
  void testTenThousandTablesDecideQuickly() {
    PolicySet.Builder builder =
        builder()
            .addPrincipal(EvaluationFixtures.user("alice", "r0"))
            .addPrincipal(EvaluationFixtures.role("r0", "r1"))
            .addPrincipal(EvaluationFixtures.role("r1"));
    int tables = 10_000;
    for (int index = 0; index < tables; index++) {
      Securable name = Securable.table("db", "s" + (index % 50), "t" + index);
      builder
          .addTable(table(name, RowSecurity.allAnd(), "id", "secret"))
          .addRowFilter(
              RowFilter.of(
                  name,
                  Expressions.equal(Expressions.column("id"), Expressions.literal(index)),
                  Subjects.hasRole("r1"),
                  ORIGIN))
          .addColumnMask(
              ColumnMask.of(
                  name.column("secret"),
                  List.of(),
                  new Transform.Partial(0, 2, "*", FillMode.EACH_CHARACTER),
                  ORIGIN))
          .addGrant(Grant.allow(Subjects.hasRole("r1"), Set.of(Privilege.SELECT), name, ORIGIN));
    }
    Evaluator evaluator = Evaluator.compile(builder.build());
    PrincipalContext alice = PrincipalContext.user("alice");

    long start = System.nanoTime();
    for (int index = 0; index < tables; index++) {
      Decision decision =
          evaluator.decide(
              alice, Securable.table("db", "s" + (index % 50), "t" + index), Action.SELECT);
      assertThat(decision.rowFilter())
          .isEqualTo(Expressions.equal(Expressions.column("id"), Expressions.literal(index)));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    // A scan of all policies per decision would be 10^8 steps here; indexed decisions take well
    // under a second on any machine this runs on.
    assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    assertThat(evaluator.resolveTable("t9999")).isEqualTo(Securable.table("db", "s49", "t9999"));
  }
}
