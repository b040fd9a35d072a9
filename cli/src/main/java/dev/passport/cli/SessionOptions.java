package dev.passport.cli;

import dev.passport.model.evaluation.PrincipalContext;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The session of the principal a command acts for, beside its user name: roles, groups and
 * attributes, spelt as {@code explain} spells them.
 */
final class SessionOptions {
  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description =
          "A role active in the session; repeat for several, the first being the primary role."
              + " Default: the user's roles as the PolicySet records them.")
  private List<String> roles = new ArrayList<>();

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description =
          "An identity-provider group of the user; repeat for several. Default: the groups the"
              + " PolicySet records.")
  private List<String> groups = new ArrayList<>();

  @Option(
      names = "--attr",
      paramLabel = "KEY=VALUE",
      description =
          "A session or principal attribute (a PostgreSQL setting such as app.tenant, a JWT"
              + " claim); repeat for several.")
  private List<String> attributes = new ArrayList<>();

  /** The session of {@code user}, which {@code userOption} named on the command line. */
  PrincipalContext context(CommandSpec spec, String userOption, String user) {
    if (user.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "Option '" + userOption + "' needs a user name");
    }
    PrincipalContext context =
        PrincipalContext.user(user).withRoles(List.copyOf(roles)).withGroups(List.copyOf(groups));
    for (String attribute : attributes) {
      int equals = attribute.indexOf('=');
      if (equals <= 0) {
        throw new ParameterException(
            spec.commandLine(),
            "Invalid value for option '--attr': '" + attribute + "' is not KEY=VALUE");
      }
      context =
          context.withAttribute(attribute.substring(0, equals), attribute.substring(equals + 1));
    }
    return context;
  }

  /** Whether any of the options was given. */
  boolean given() {
    return !roles.isEmpty() || !groups.isEmpty() || !attributes.isEmpty();
  }
}
