package dev.passport.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.Action;
import dev.passport.model.Grant;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Subjects;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestSyntheticCatalogs {
  @ParameterizedTest
  @ValueSource(ints = {1, 100, 1000, 2500})
  void testPolicySetHasTheRangerBenchmarkShape(int policies) {
    PolicySet set = SyntheticCatalogs.policySet(policies);

    assertThat(set.grants()).hasSize(policies);
    assertThat(set.tables()).hasSize(policies);
    assertThat(set.rowFilters()).hasSize((policies + 1) / 2);
    assertThat(set.columnMasks()).hasSize((policies + 2) / 3);
    assertThat(set.principals())
        .filteredOn(principal -> principal.kind() == PrincipalKind.USER)
        .hasSize(Math.min(policies, 1000));
    assertThat(set.principals())
        .filteredOn(principal -> principal.kind() == PrincipalKind.GROUP)
        .hasSize(Math.min(policies, 200));
    assertThat(set.principals())
        .filteredOn(principal -> principal.kind() == PrincipalKind.ROLE)
        .hasSize(50);
  }

  @Test
  void testPolicyNamesTableUserAndGroupByIndex() {
    Grant grant = SyntheticCatalogs.policySet(2500).grants().get(1234);

    assertThat(grant.securable().qualifiedName()).isEqualTo("cat4.s34.t1234");
    assertThat(grant.grantee())
        .isEqualTo(Subjects.anyOf(Subjects.isUser("u234"), Subjects.inGroup("g34")));
    assertThat(grant.allows(Action.SELECT)).isTrue();
    assertThat(grant.allows(Action.INSERT)).isTrue();
    assertThat(grant.allows(Action.DELETE)).isFalse();
  }

  @Test
  void testRolesFormATreeAFewLevelsDeep() {
    PolicySet set = SyntheticCatalogs.policySet(100);

    assertThat(set.principal("r0").orElseThrow().memberOf()).isEmpty();
    assertThat(set.principal("r49").orElseThrow().memberOf()).containsExactly("r12");
    assertThat(set.principal("r12").orElseThrow().memberOf()).containsExactly("r2");
    assertThat(set.principal("r2").orElseThrow().memberOf()).containsExactly("r0");
    assertThat(set.principal("u149")).isEmpty();
    assertThat(set.principal("u49").orElseThrow().memberOf()).containsExactly("r49", "g49");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1000, 10000})
  void testThreeRequestsInFourAreAllowedByTheGrants(int policies) {
    List<SyntheticCatalogs.Request> requests = SyntheticCatalogs.requests(policies, 4096, 7);

    assertThat(requests).hasSize(4096);
    assertThat(requests).filteredOn(SyntheticCatalogs.Request::expectedAllowed).hasSize(3072);
    for (SyntheticCatalogs.Request request : requests) {
      int index = Integer.parseInt(request.table().table().orElseThrow().substring(1));
      boolean ownUser = request.principal().user().equals("u" + index % 1000);
      boolean ownGroup = request.principal().groups().contains("g" + index % 200);
      boolean grantedAction =
          request.action() == Action.SELECT || request.action() == Action.INSERT;
      assertThat(index).isBetween(0, policies - 1);
      assertThat(ownUser).isEqualTo(ownGroup);
      assertThat((ownUser || ownGroup) && grantedAction).isEqualTo(request.expectedAllowed());
    }
  }

  @Test
  void testRequestsAreRepeatableForASeed() {
    assertThat(SyntheticCatalogs.requests(1000, 256, 3))
        .isEqualTo(SyntheticCatalogs.requests(1000, 256, 3))
        .isNotEqualTo(SyntheticCatalogs.requests(1000, 256, 4));
  }

  @Test
  void testRejectsEmptyCatalogs() {
    assertThatThrownBy(() -> SyntheticCatalogs.policySet(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
