package dev.passport.translate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PrincipalKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity maps written in YAML read as their JSON twins do. */
class TestIdentityMapYaml {
  private static final String YAML =
      """
      # Source roles -> destination principals.
      defaults: {user: deny, role: role}
      mappings:
        - source: {role: ANALYST}
          target: {groups: [analysts]}
        - source: {user: bob}
          target:
            users: [bob@example.com]
      """;

  private static final String JSON =
      """
      {"defaults": {"user": "deny", "role": "role"},
       "mappings": [
         {"source": {"role": "ANALYST"}, "target": {"groups": ["analysts"]}},
         {"source": {"user": "bob"}, "target": {"users": ["bob@example.com"]}}]}
      """;

  @Test
  void testYamlFileReadsLikeTheJsonFile(@TempDir Path directory) throws Exception {
    Path yaml = directory.resolve("identities.yaml");
    Files.writeString(yaml, YAML);
    Path yml = directory.resolve("identities.YML");
    Files.writeString(yml, YAML);
    Path json = directory.resolve("identities.json");
    Files.writeString(json, JSON);
    IdentityMap fromJson = IdentityMap.read(json);
    assertThat(IdentityMap.read(yaml)).isEqualTo(fromJson);
    assertThat(IdentityMap.read(yml)).isEqualTo(fromJson);
    assertThat(fromJson.map(PrincipalKind.ROLE, "ANALYST"))
        .contains(new TargetPrincipals(List.of(), List.of("analysts"), List.of()));
    assertThat(fromJson.map(PrincipalKind.ROLE, "AUDITOR"))
        .contains(TargetPrincipals.role("AUDITOR"));
    assertThat(fromJson.map(PrincipalKind.USER, "carol")).isEmpty();
  }

  @Test
  void testYamlIsCheckedLikeJson() {
    assertThatThrownBy(() -> IdentityMap.parseYaml("mapping: []\n", "ids.yaml"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("ids.yaml")
        .hasMessageContaining("unknown member \"mapping\"")
        .extracting(e -> ((PassportException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_JSON);
    assertThatThrownBy(() -> IdentityMap.parseYaml("mappings: [\n", "ids.yaml"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("not YAML");
  }
}
