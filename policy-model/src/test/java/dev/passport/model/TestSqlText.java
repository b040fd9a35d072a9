package dev.passport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestSqlText {
  @Test
  void testLayoutAndKeywordCaseDoNotMatter() {
    assertThat(SqlText.normalise("  SELECT  Region\n FROM\tcrm.Customers ", "(),"))
        .isEqualTo("select region from crm.customers");
  }

  @Test
  void testSpacesBeforeTightCharactersAndAfterOpeningBracketsAreDropped() {
    assertThat(SqlText.normalise("lower( email ) , upper ( name ) ;", "(),"))
        .isEqualTo("lower(email), upper(name) ;");
    assertThat(SqlText.normalise("lower( email ) , upper ( name ) ;", "(),;"))
        .isEqualTo("lower(email), upper(name);");
  }

  @Test
  void testQuotedTextIsKeptAsWritten() {
    assertThat(SqlText.normalise("Region = 'EU  West' AND \"Mixed  Case\" = 1", "(),"))
        .isEqualTo("region = 'EU  West' and \"Mixed  Case\" = 1");
  }

  @Test
  void testArgumentsAreChecked() {
    assertThatThrownBy(() -> SqlText.normalise(null, "(),"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sql is null");
  }
}
