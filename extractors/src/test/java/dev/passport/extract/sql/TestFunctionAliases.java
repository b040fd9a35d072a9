package dev.passport.extract.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestFunctionAliases {
  @TempDir Path directory;

  @Test
  void testReadsEveryKindOfAlias() throws IOException {
    Path file = directory.resolve("aliases.json");
    Files.writeString(
        file,
        """
        {"functions": {
          "auth.uid": {"sessionAttribute": "request.jwt.claim.sub"},
          "app_public.current_user_id": {"sessionAttribute": "jwt.claims.user_id"},
          "app.is_admin": {"hasRole": "admin"},
          "app.in_finance": {"inGroup": "finance"},
          "app.whoami": {"currentUser": true},
          "app.my_role": {"currentRole": true}}}
        """);
    FunctionAliases aliases = FunctionAliases.read(file);
    assertThat(aliases.functions()).hasSize(6);
    assertThat(aliases.resolve("AUTH.UID"))
        .contains(Expressions.sessionAttribute("request.jwt.claim.sub"));
    assertThat(aliases.resolve("app.is_admin")).contains(Expressions.hasRole("admin"));
    assertThat(aliases.resolve("app.in_finance")).contains(Expressions.inGroup("finance"));
    assertThat(aliases.resolve("app.whoami")).contains(Expressions.currentUser());
    assertThat(aliases.resolve("app.my_role")).contains(Expressions.currentRole());
    assertThat(aliases.resolve("uid")).isEmpty();
    assertThat(FunctionAliases.none().isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"functions\": {\"auth.uid\": {\"sessionAttribute\": 3}}}|functions.\"auth.uid\".sessionAttribute",
        "{\"functions\": {\"auth.uid\": {\"hasRole\": \"a\", \"currentUser\": true}}}|functions.\"auth.uid\"",
        "{\"functions\": {\"auth.uid\": {\"guess\": \"a\"}}}|unknown kind \"guess\"",
        "{\"functions\": {\"app.whoami\": {\"currentUser\": false}}}|functions.\"app.whoami\".currentUser",
        "{\"functions\": []}|member \"functions\" must be an object",
        "{\"function\": {}}|unknown member \"function\"",
        "{\"functions\": {|is not valid JSON"
      })
  void testBadFilesNameTheFileAndTheMember(String json, String expected) throws IOException {
    Path file = directory.resolve("bad.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> FunctionAliases.read(file))
        .isInstanceOfSatisfying(
            PassportException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(error.getMessage()).contains(file.toString()).contains(expected);
            });
  }

  @Test
  void testMissingFileIsAnIoError() {
    assertThatThrownBy(() -> FunctionAliases.read(directory.resolve("absent.json")))
        .isInstanceOfSatisfying(
            PassportException.class,
            error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.IO_ERROR));
  }
}
