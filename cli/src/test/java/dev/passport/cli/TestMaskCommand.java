package dev.passport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.json.PolicySetCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMaskCommand {
  private static final String CUSTOMERS_CSV =
      """
      customer_id,region,name,ssn,birth_date
      1,WEST,Ann,123-45-6789,1980-05-17
      2,EAST,Bo,987-65-4321,1990-12-01
      3,NORTH,"Cy, Jr.",,1975-01-31
      """;

  @TempDir Path directory;
  private Path sales;

  private static CliResult run(InputStream input, String... args) {
    return CliRun.run(
        Environment.of(Map.of("PASSPORT_SALT", "pepper"), false).withInput(input), args);
  }

  private static CliResult run(String input, String... args) {
    return run(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args);
  }

  @BeforeEach
  void writePolicySet() {
    sales = directory.resolve("sales.json");
    PolicySetCodec.write(SamplePolicySets.redshiftSales(), sales);
  }

  @Test
  void testCsvRowsAreFilteredAndMasked() {
    CliResult result =
        run(
            CUSTOMERS_CSV,
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "alice");
    assertThat(result.exitCode()).as(result.err()).isZero();
    // alice sees WEST and NORTH; ssn is nulled, birth_date truncated to the year.
    assertThat(result.out())
        .isEqualTo(
            "customer_id,region,name,ssn,birth_date\r\n"
                + "1,WEST,Ann,,1980-01-01\r\n"
                + "3,NORTH,\"Cy, Jr.\",,1975-01-01\r\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void testCsvHeaderMayListColumnsInAnyOrder() {
    CliResult result =
        run(
            """
            name,birth_date,region
            Ann,1980-05-17,WEST
            Bo,1990-12-01,EAST
            """,
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "dev.public.customers",
            "--user",
            "alice",
            "--format",
            "csv");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("name,birth_date,region\r\nAnn,1980-01-01,WEST\r\n");
  }

  @Test
  void testJsonLinesRowsAreFilteredAndMasked() {
    CliResult result =
        run(
            """
            {"customer_id":1,"region":"WEST","name":"Ann","ssn":"123-45-6789","birth_date":"1980-05-17"}
            {"customer_id":2,"region":"EAST","name":"Bo","ssn":"987-65-4321","birth_date":"1990-12-01"}
            {"customer_id":3,"region":"NORTH","name":"Cy","birth_date":"1975-01-31"}
            """,
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "alice",
            "--format",
            "jsonl");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            {"customer_id":1,"region":"WEST","name":"Ann","ssn":null,"birth_date":"1980-01-01"}
            {"customer_id":3,"region":"NORTH","name":"Cy","ssn":null,"birth_date":"1975-01-01"}
            """);
  }

  @Test
  void testSessionDecidesTheMaskAndTheRows() {
    String input =
        """
        sale_id,region,rep,amount,card_number,customer_email,sold_at
        1,WEST,alice,10.50,4111111111111111,a@example.com,2024-01-02 03:04:05
        2,WEST,bob,1,4111111111111111,b@example.com,2024-01-02 03:04:05
        """;
    CliResult alice =
        run(input, "mask", "--policies", sales.toString(), "--table", "sales", "--user", "alice");
    assertThat(alice.exitCode()).as(alice.err()).isZero();
    assertThat(alice.out())
        .isEqualTo(
            "sale_id,region,rep,amount,card_number,customer_email,sold_at\r\n"
                + "1,WEST,alice,10.50,XXXXXXXXXXXX1111,a@example.com,2024-01-02 03:04:05\r\n");
    CliResult bob =
        run(input, "mask", "--policies", sales.toString(), "--table", "sales", "--user", "bob");
    assertThat(bob.exitCode()).as(bob.err()).isZero();
    assertThat(bob.out())
        .isEqualTo(
            "sale_id,region,rep,amount,card_number,customer_email,sold_at\r\n"
                + "2,WEST,bob,1,4111111111111111,b@example.com,2024-01-02 03:04:05\r\n");
  }

  @Test
  void testDeniedTableIsExitTwoWithTheReasonBeforeReadingInput() {
    InputStream untouchable =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("standard input must not be read");
          }
        };
    CliResult result =
        run(
            untouchable,
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "carol");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("passport: 'carol' may not read dev.public.customers: ")
        .contains("no grant allows SELECT");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void testBadInputIsExitTwo() {
    CliResult ragged =
        run(
            "customer_id,region\n1,WEST,extra\n",
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "alice");
    assertThat(ragged.exitCode()).isEqualTo(2);
    assertThat(ragged.err()).startsWith("passport: Invalid input: line 2 has 3 fields");

    CliResult notJson =
        run(
            "{\"region\": \"WEST\"}\nnot json\n",
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "alice",
            "--format",
            "jsonl");
    assertThat(notJson.exitCode()).isEqualTo(2);
    assertThat(notJson.err()).startsWith("passport: Invalid input: line 2 is not JSON");

    CliResult unknownTable =
        run("", "mask", "--policies", sales.toString(), "--table", "nope", "--user", "alice");
    assertThat(unknownTable.exitCode()).isEqualTo(2);
    assertThat(unknownTable.err()).startsWith("passport: " + sales + ": ");

    CliResult badFormat =
        run(
            "",
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "alice",
            "--format",
            "xml");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.err()).contains("'xml' is not a format; expected csv or jsonl");

    CliResult missingSalt =
        run(
            "",
            "mask",
            "--policies",
            sales.toString(),
            "--table",
            "customers",
            "--user",
            "alice",
            "--salt-env",
            "NO_SUCH_VARIABLE");
    assertThat(missingSalt.exitCode()).isEqualTo(2);
    assertThat(missingSalt.err())
        .isEqualTo(
            "passport: The environment variable NO_SUCH_VARIABLE that --salt-env names is not set."
                + System.lineSeparator());
  }

  @Test
  void testRowsStreamThrough() {
    int rows = 200_000;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] writtenWhenInputEnded = {-1};
    InputStream input =
        new InputStream() {
          private final byte[] header =
              "customer_id,region,name,ssn,birth_date\n".getBytes(StandardCharsets.UTF_8);
          private byte[] current = header;
          private int position;
          private int row;

          @Override
          public int read() {
            while (position == current.length) {
              if (row == rows) {
                if (writtenWhenInputEnded[0] < 0) {
                  writtenWhenInputEnded[0] = out.size();
                }
                return -1;
              }
              row++;
              current =
                  (row + "," + (row % 2 == 0 ? "WEST" : "EAST") + ",n" + row + ",1,2000-06-30\n")
                      .getBytes(StandardCharsets.UTF_8);
              position = 0;
            }
            return current[position++];
          }
        };
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(new ByteArrayOutputStream(), true)) {
      exitCode =
          Main.run(
              outStream,
              errStream,
              Environment.of(Map.of(), false).withInput(input),
              "mask",
              "--policies",
              sales.toString(),
              "--table",
              "customers",
              "--user",
              "alice");
    }
    assertThat(exitCode).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().count()).isEqualTo(1 + rows / 2);
    assertThat(text).contains("\r\n200000,WEST,n200000,,2000-01-01\r\n");
    // Masked rows left before the last input row was read: nothing waits for the whole input.
    assertThat(writtenWhenInputEnded[0]).isGreaterThan(1_000_000L);
  }

  @Test
  void testEmptyInputWritesNothing() {
    CliResult result =
        run("", "mask", "--policies", sales.toString(), "--table", "customers", "--user", "alice");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
  }
}
