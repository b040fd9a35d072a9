package dev.passport.translate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ErrorCode;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import dev.passport.model.SystemKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestIdentityMap {
  @Test
  void testStandardDefaultsMapSameNamesAndRolesToGroups() {
    IdentityMap map = IdentityMap.standard();
    assertThat(map.map(PrincipalKind.USER, "alice")).contains(TargetPrincipals.user("alice"));
    assertThat(map.map(PrincipalKind.ROLE, "ANALYST")).contains(TargetPrincipals.group("ANALYST"));
    assertThat(map.map(PrincipalKind.GROUP, "bi")).contains(TargetPrincipals.group("bi"));
  }

  @Test
  void testExplicitEntriesAndDefaults(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("identities.json");
    Files.writeString(
        file,
        """
        {
          "defaults": {"user": "deny", "role": "role"},
          "mappings": [
            {"source": {"role": "ANALYST"},
             "target": {"groups": ["analysts"], "roles": [], "users": []}},
            {"source": {"user": "bob"}, "target": {"users": ["bob@example.com"]}},
            {"source": {"role": "RETIRED"}, "target": {}}
          ]
        }
        """);
    IdentityMap map = IdentityMap.read(file);
    assertThat(map.defaults())
        .isEqualTo(
            new IdentityDefaults(
                IdentityDefaults.UserDefault.DENY,
                IdentityDefaults.RoleDefault.ROLE,
                IdentityDefaults.GroupDefault.GROUP));
    assertThat(map.map(PrincipalKind.ROLE, "ANALYST"))
        .contains(new TargetPrincipals(List.of(), List.of("analysts"), List.of()));
    assertThat(map.map(Principal.user("bob", Origin.of(SystemKind.SNOWFLAKE))))
        .contains(TargetPrincipals.user("bob@example.com"));
    assertThat(map.map(PrincipalKind.USER, "carol")).isEmpty();
    assertThat(map.map(PrincipalKind.ROLE, "RETIRED")).isEmpty();
    assertThat(map.map(PrincipalKind.ROLE, "AUDITOR")).contains(TargetPrincipals.role("AUDITOR"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{\"mapping\": []}",
        "{\"defaults\": {\"role\": \"user\"}}",
        "{\"mappings\": [{\"source\": {\"team\": \"x\"}, \"target\": {}}]}",
        "{\"mappings\": [{\"source\": {\"user\": \"x\", \"role\": \"y\"}, \"target\": {}}]}",
        "{\"mappings\": [{\"source\": {\"user\": \"x\"}}]}",
        "{\"mappings\": [{\"source\": {\"user\": \"x\"}, \"target\": {\"users\": \"y\"}}]}",
        "{\"mappings\": [{\"source\": {\"user\": \"x\"}, \"target\": {}},"
            + " {\"source\": {\"user\": \"x\"}, \"target\": {}}]}",
        "not json"
      })
  void testInvalidMapsAreRejected(String json) {
    assertThatThrownBy(() -> IdentityMap.parse(json, "bad.json"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("bad.json")
        .satisfies(
            error ->
                assertThat(((PassportException) error).errorCode())
                    .isEqualTo(ErrorCode.INVALID_JSON));
  }

  @Test
  void testMissingFileIsAnIoError(@TempDir Path directory) {
    assertThatThrownBy(() -> IdentityMap.read(directory.resolve("absent.json")))
        .isInstanceOf(PassportException.class)
        .satisfies(
            error ->
                assertThat(((PassportException) error).errorCode()).isEqualTo(ErrorCode.IO_ERROR));
  }

  @Test
  void testUnionKeepsEachNameOnce() {
    TargetPrincipals union =
        TargetPrincipals.group("a")
            .union(new TargetPrincipals(List.of("u"), List.of("a", "b"), List.of()));
    assertThat(union).isEqualTo(new TargetPrincipals(List.of("u"), List.of("a", "b"), List.of()));
    assertThat(Optional.of(TargetPrincipals.none()).get().isEmpty()).isTrue();
  }
}
