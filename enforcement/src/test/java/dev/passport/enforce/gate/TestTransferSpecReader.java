package dev.passport.enforce.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.SystemKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestTransferSpecReader {
  private static final Path BASE = Path.of("/specs/orders");

  private static TransferSpec parse(String yaml) {
    return TransferSpecReader.parse(yaml, BASE, "transfer.yaml");
  }

  @Test
  void testMinimalFormFromTheIssue() {
    TransferSpec spec =
        parse(
            """
            source: {policies: source.json}          # a PolicySet file (or an extraction recipe)
            destination: {policies: destination.json} # the destination's PolicySet
            identityMap: identities.yaml             # optional
            tables:
              - source: sales.crm.customers
                destination: lake.crm.customers
                columns: all                         # or a list, or a map source → destination name
            inFlight:                                # optional: the export was rewritten by Passport
              audience: {user: etl_bot, roles: [analyst]}
            """);
    assertThat(spec.location()).isEqualTo("transfer.yaml");
    assertThat(spec.source()).isEqualTo(PolicySource.policySet(BASE.resolve("source.json")));
    assertThat(spec.destination())
        .isEqualTo(PolicySource.policySet(BASE.resolve("destination.json")));
    assertThat(spec.identityMap()).contains(BASE.resolve("identities.yaml"));
    assertThat(spec.tables())
        .containsExactly(
            new TableTransfer("sales.crm.customers", "lake.crm.customers", ColumnSelection.all()));
    assertThat(spec.inFlight()).isPresent();
    assertThat(spec.inFlight().get().audience().user()).isEqualTo("etl_bot");
    assertThat(spec.inFlight().get().audience().roles()).containsExactly("analyst");
  }

  @Test
  void testColumnFormsRecipesAndDefaults() {
    TransferSpec spec =
        parse(
            """
            source: {ddl: [../sql/a.sql, b.sql], system: PostgreSQL}
            destination:
              ddl: lake.sql
              system: snowflake
            x-ticket: DATA-123
            tables:
              - {source: s.a, destination: d.a}
              - source: s.b
                destination: d.b
                columns: [id, name]
              - source: s.c
                destination: d.c
                columns: {ssn: social_security_number, id: id}
            inFlight:
              audience:
                user: etl
                groups: [loaders]
                attributes: {app.tenant: "7"}
            """);
    assertThat(spec.source())
        .isEqualTo(
            PolicySource.ddl(
                SystemKind.POSTGRESQL,
                List.of(Path.of("/specs/sql/a.sql"), BASE.resolve("b.sql"))));
    assertThat(spec.destination())
        .isEqualTo(PolicySource.ddl(SystemKind.SNOWFLAKE, List.of(BASE.resolve("lake.sql"))));
    assertThat(spec.identityMap()).isEmpty();
    assertThat(spec.tables().get(0).columns()).isEqualTo(ColumnSelection.all());
    assertThat(spec.tables().get(1).columns()).isEqualTo(ColumnSelection.of(List.of("id", "name")));
    assertThat(spec.tables().get(2).columns().renames())
        .containsExactly(Map.entry("ssn", "social_security_number"), Map.entry("id", "id"));
    assertThat(spec.inFlight().get().audience().groups()).containsExactly("loaders");
    assertThat(spec.inFlight().get().audience().attributes()).containsEntry("app.tenant", "7");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top-level key | tables: []\\ninflight: {} | 2:1: unknown key 'inflight' in the"
            + " transfer spec (known: source, destination, identityMap, tables, inFlight;",
        "empty tables | source: {policies: a.json}\\ndestination: {policies: b.json}\\ntables: []"
            + " | 3:9: 'tables' is a list of at least one table",
        "misspelt key | source: {policies: a.json}\\ndestination: {policies: b.json}\\n"
            + "identitymap: x.yaml\\ntables: [{source: a, destination: b}] | 3:1: unknown key"
            + " 'identitymap' in the transfer spec",
        "missing destination | source: {policies: a.json}\\ntables: [{source: a, destination: b}]"
            + " | needs 'destination'",
        "both policies and ddl | source: {policies: a.json, ddl: a.sql, system: postgresql}\\n"
            + "destination: {policies: b.json}\\ntables: [{source: a, destination: b}]"
            + " | 1:9: 'source' gives either 'policies'",
        "unknown system | source: {ddl: a.sql, system: oracle}\\ndestination: {policies: b.json}\\n"
            + "tables: [{source: a, destination: b}] | 1:30: unknown system 'oracle'",
        "bad columns | source: {policies: a.json}\\ndestination: {policies: b.json}\\n"
            + "tables:\\n  - source: a\\n    destination: b\\n    columns: some"
            + " | 6:14: 'columns' is 'all', a list",
        "two columns into one | source: {policies: a.json}\\ndestination: {policies: b.json}\\n"
            + "tables:\\n  - source: a\\n    destination: b\\n    columns: {x: z, y: z}"
            + " | 6:14: two source columns land in destination column z",
        "bad table name | source: {policies: a.json}\\ndestination: {policies: b.json}\\n"
            + "tables: [{source: a..b, destination: b}] | 3:19: 'a..b' is not a dotted table name",
        "not yaml | source: {policies: [\\n | not YAML",
        "duplicate key | source: {policies: a.json}\\nsource: {policies: b.json} | 2:1: key"
            + " 'source' appears twice",
        "audience without user | source: {policies: a.json}\\ndestination: {policies: b.json}\\n"
            + "tables: [{source: a, destination: b}]\\ninFlight: {audience: {roles: [r]}}"
            + " | 'inFlight.audience' needs 'user'",
        "empty | '' | the transfer spec is empty",
      })
  void testErrorsNameFileLineAndColumn(String name, String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
        .isInstanceOf(PassportException.class)
        .hasMessageStartingWith("transfer.yaml:")
        .hasMessageContaining(message)
        .extracting(e -> ((PassportException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void testMissingFileIsAnIoError() {
    assertThatThrownBy(() -> TransferSpecReader.read(Path.of("/no/such/transfer.yaml")))
        .isInstanceOf(PassportException.class)
        .extracting(e -> ((PassportException) e).errorCode())
        .isEqualTo(ErrorCode.IO_ERROR);
  }

  @Test
  void testAbsentOptionalKeysAndNulls() {
    TransferSpec spec =
        parse(
            """
            source: {policies: a.json}
            destination: {policies: b.json}
            identityMap:
            tables: [{source: a, destination: b}]
            """);
    assertThat(spec.identityMap()).isEqualTo(Optional.empty());
    assertThat(spec.inFlight()).isEmpty();
  }
}
