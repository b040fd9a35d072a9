package dev.passport.translate.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.PolicySet;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityDefaults;
import dev.passport.translate.identity.IdentityMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestRangerEquivalence {
  static Stream<Arguments> samples() {
    Stream.Builder<Arguments> arguments = Stream.builder();
    for (String name : SamplePolicySets.NAMES) {
      for (RangerServiceType service : RangerServiceType.values()) {
        arguments.add(Arguments.of(name, service, "roles as groups"));
        arguments.add(Arguments.of(name, service, "roles as roles"));
      }
    }
    return arguments.build();
  }

  @ParameterizedTest(name = "{0} as {1}, {2}")
  @MethodSource("samples")
  void testSamplePolicySetAgreesWithRanger(String name, RangerServiceType service, String roles)
      throws Exception {
    PolicySet set = SamplePolicySets.byName(name);
    IdentityMap identities =
        roles.equals("roles as roles")
            ? new IdentityMap(
                new IdentityDefaults(
                    IdentityDefaults.UserDefault.SAME_NAME,
                    IdentityDefaults.RoleDefault.ROLE,
                    IdentityDefaults.GroupDefault.GROUP),
                List.of())
            : IdentityMap.standard();
    EquivalenceMatrix.Result result =
        EquivalenceMatrix.run(set, identities, EquivalenceMatrix.options(service));
    System.out.println(name + " " + service + ": " + result.comparisons() + " comparisons");
    result.disagreements().forEach(System.out::println);
    assertThat(result.comparisons()).isPositive();
    assertThat(result.disagreements()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void testMatrixNoticesAWrongPolicy(String what, String from, String to) throws Exception {
    EquivalenceMatrix.Result result =
        EquivalenceMatrix.run(
            SamplePolicySets.tiny(),
            IdentityMap.standard(),
            EquivalenceMatrix.options(RangerServiceType.TRINO),
            translation -> {
              Map<String, String> artifacts = new LinkedHashMap<>(translation.artifacts());
              String file = "dev_trino.json";
              assertThat(artifacts.get(file)).contains(from);
              artifacts.put(file, artifacts.get(file).replace(from, to));
              return new Translation(artifacts, translation.losses());
            });
    assertThat(result.disagreements()).anyMatch(line -> line.startsWith(what));
  }

  static Stream<Arguments> tamperings() {
    return Stream.of(
        Arguments.of("FILTER", "owner = 'alice'", "owner = 'bob'"),
        Arguments.of("MASK", "\"MASK_NONE\"", "\"MASK_NULL\""),
        Arguments.of(
            "ACCESS",
            "\"users\" : [ \"alice\", \"root\" ],\n      \"groups\" : [ \"admin\", \"reader\" ]",
            "\"users\" : [ \"root\" ],\n      \"groups\" : [ \"admin\" ]"));
  }
}
