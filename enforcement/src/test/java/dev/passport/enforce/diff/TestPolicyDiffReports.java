package dev.passport.enforce.diff;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
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
import org.junit.jupiter.api.Test;

final class TestPolicyDiffReports {
  private static final Securable CUSTOMERS = Securable.table("crm", "customers");

  private static Origin at(String file, int line) {
    return Origin.declared(SystemKind.POSTGRESQL, "customers").at(file, line);
  }

  /** Before: analysts see EU rows, emails hashed. After: EU rows with a small id, emails shown. */
  private static PolicySet set(String file, boolean after) {
    PolicySet.Builder builder =
        PolicySet.builder(Source.of(SystemKind.POSTGRESQL, file, ExtractionMethod.DDL))
            .addPrincipal(Principal.role("analyst", at(file, 1)))
            .addTable(
                new Table(
                    CUSTOMERS,
                    List.of(
                        new ColumnInfo("id", "integer", false),
                        new ColumnInfo("region", "text", true),
                        new ColumnInfo("email", "text", true)),
                    Optional.empty(),
                    RowSecurity.postgresql(false)))
            .addGrant(
                Grant.allow(
                    Subjects.hasRole("analyst"), Set.of(Privilege.SELECT), CUSTOMERS, at(file, 2)));
    if (after) {
      builder.addRowFilter(
          RowFilter.of(
                  CUSTOMERS,
                  Expressions.and(
                      equal(column("region"), literal("EU")),
                      Expressions.compare(
                          ComparisonOperator.LESS_THAN, column("id"), literal(100))),
                  Subjects.hasRole("analyst"),
                  at(file, 3))
              .withName("eu_rows"));
    } else {
      builder
          .addRowFilter(
              RowFilter.of(
                      CUSTOMERS,
                      equal(column("region"), literal("EU")),
                      Subjects.hasRole("analyst"),
                      at(file, 3))
                  .withName("eu_rows"))
          .addColumnMask(
              ColumnMask.of(
                  CUSTOMERS.column("email"),
                  List.of(),
                  new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                  at(file, 4)));
    }
    return builder.build();
  }

  private static PolicyDiffResult result() {
    return PolicyDiff.compare(set("before.sql", false), set("after.sql", true));
  }

  @Test
  void testJsonGolden() throws Exception {
    String json = PolicyDiffReports.json(result());

    assertThat(json)
        .isEqualTo(
            """
        {
          "passportDiff" : 1,
          "left" : {
            "system" : "postgresql",
            "locator" : "before.sql"
          },
          "right" : {
            "system" : "postgresql",
            "locator" : "after.sql"
          },
          "differences" : true,
          "summary" : {
            "structuralChanges" : 2,
            "added" : 0,
            "removed" : 1,
            "changed" : 1,
            "accessDifferences" : 2,
            "leftStricter" : 1,
            "rightStricter" : 1,
            "neither" : 0,
            "unknown" : 0,
            "notes" : 0
          },
          "structuralChanges" : [
            {
              "change" : "changed",
              "element" : "row_filter",
              "key" : "crm.customers filter eu_rows",
              "left" : {
                "description" : "permissive filter eu_rows on crm.customers to role analyst using (region = 'EU')",
                "origins" : [
                  {
                    "system" : "postgresql",
                    "object" : "customers",
                    "file" : "before.sql",
                    "line" : 3
                  }
                ]
              },
              "right" : {
                "description" : "permissive filter eu_rows on crm.customers to role analyst using (region = 'EU' AND id < 100)",
                "origins" : [
                  {
                    "system" : "postgresql",
                    "object" : "customers",
                    "file" : "after.sql",
                    "line" : 3
                  }
                ]
              }
            },
            {
              "change" : "removed",
              "element" : "column_mask",
              "key" : "crm.customers.email unnamed mask for everyone",
              "left" : {
                "description" : "mask on crm.customers.email for everyone: hash SHA-256",
                "origins" : [
                  {
                    "system" : "postgresql",
                    "object" : "customers",
                    "file" : "before.sql",
                    "line" : 4
                  }
                ]
              },
              "right" : null
            }
          ],
          "accessDifferences" : [
            {
              "principal" : {
                "kind" : "role",
                "name" : "analyst"
              },
              "table" : "crm.customers",
              "column" : null,
              "aspect" : "row_filter",
              "stricter" : "right",
              "left" : {
                "description" : "rows where region = 'EU'",
                "origins" : [
                  {
                    "system" : "postgresql",
                    "object" : "customers",
                    "file" : "before.sql",
                    "line" : 3
                  }
                ]
              },
              "right" : {
                "description" : "rows where region = 'EU' AND id < 100",
                "origins" : [
                  {
                    "system" : "postgresql",
                    "object" : "customers",
                    "file" : "after.sql",
                    "line" : 3
                  }
                ]
              }
            },
            {
              "principal" : {
                "kind" : "role",
                "name" : "analyst"
              },
              "table" : "crm.customers",
              "column" : "email",
              "aspect" : "column",
              "stricter" : "left",
              "left" : {
                "description" : "hash SHA-256",
                "origins" : [
                  {
                    "system" : "postgresql",
                    "object" : "customers",
                    "file" : "before.sql",
                    "line" : 4
                  }
                ]
              },
              "right" : {
                "description" : "identity",
                "origins" : [ ]
              }
            }
          ],
          "notes" : [ ]
        }
        """);
    // Valid JSON, the same bytes every time.
    JsonNode parsed = new ObjectMapper().readTree(json);
    assertThat(parsed.get("accessDifferences")).hasSize(2);
    assertThat(PolicyDiffReports.json(result())).isEqualTo(json);
  }

  @Test
  void testMarkdownGolden() {
    String markdown = PolicyDiffReports.markdown(result(), "before.sql", "after.sql");

    assertThat(markdown)
        .isEqualTo(
            """
        ## Policy diff: `before.sql` → `after.sql`

        **2 structural changes** (0 added, 1 removed, 1 changed) · **2 effective-access differences** (left stricter 1, right stricter 1, incomparable 0, undecided 0)

        Left is `before.sql`, right is `after.sql`.

        ### Structural changes

        | change | element | key | left | right |
        | --- | --- | --- | --- | --- |
        | changed | row filter | crm.customers filter eu_rows | permissive filter eu_rows on crm.customers to role analyst using (region = 'EU') <sub>(before.sql:3)</sub> | permissive filter eu_rows on crm.customers to role analyst using (region = 'EU' AND id &lt; 100) <sub>(after.sql:3)</sub> |
        | removed | column mask | crm.customers.email unnamed mask for everyone | mask on crm.customers.email for everyone: hash SHA-256 <sub>(before.sql:4)</sub> | — |

        ### Effective access

        | principal | table | column | aspect | left | right | stricter |
        | --- | --- | --- | --- | --- | --- | --- |
        | role analyst | crm.customers | — | row filter | rows where region = 'EU' <sub>(before.sql:3)</sub> | rows where region = 'EU' AND id &lt; 100 <sub>(after.sql:3)</sub> | right |
        | role analyst | crm.customers | email | column | hash SHA-256 <sub>(before.sql:4)</sub> | identity | left |
        """);
  }

  @Test
  void testNoDifferences() {
    PolicySet set = set("same.sql", false);
    PolicyDiffResult result = PolicyDiff.compare(set, set);

    assertThat(PolicyDiffReports.markdown(result))
        .isEqualTo(
            """
            ## Policy diff: `same.sql` → `same.sql`

            No differences: the policies and what they disclose are the same.
            """);
    assertThat(PolicyDiffReports.json(result))
        .contains("\"differences\" : false")
        .contains("\"structuralChanges\" : [ ]")
        .contains("\"accessDifferences\" : [ ]");
  }

  @Test
  void testMarkdownCellsEscapePipesAndLineBreaks() {
    PolicySet before = set("a|b.sql", false);
    PolicySet after =
        before.toBuilder().addPrincipal(Principal.user("x|y\nz", at("a|b.sql", 9))).build();

    String markdown = PolicyDiffReports.markdown(PolicyDiff.compare(before, after));

    assertThat(markdown).contains("| added | principal | user x\\|y z | — | user x\\|y z");
  }
}
