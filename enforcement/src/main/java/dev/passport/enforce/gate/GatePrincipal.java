package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A principal the gate compares: a user, a role or group (standing for "a user holding it"), or
 * "any other user" (someone the policy set does not name, who gets only what everyone gets).
 */
public record GatePrincipal(Kind kind, String name) {
  private static final GatePrincipal ANY_OTHER_USER = new GatePrincipal(Kind.ANY_OTHER_USER, "*");

  public GatePrincipal {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
  }

  public static GatePrincipal user(String name) {
    return new GatePrincipal(Kind.USER, name);
  }

  public static GatePrincipal role(String name) {
    return new GatePrincipal(Kind.ROLE, name);
  }

  public static GatePrincipal group(String name) {
    return new GatePrincipal(Kind.GROUP, name);
  }

  /** Someone the policy set does not name. */
  public static GatePrincipal anyOtherUser() {
    return ANY_OTHER_USER;
  }

  /** {@code role analyst}, {@code user bob}, {@code any other user}. */
  public String describe() {
    if (kind == Kind.ANY_OTHER_USER) {
      return "any other user";
    }
    return kind.id() + " " + name;
  }

  @Override
  public String toString() {
    return describe();
  }

  /** What the principal stands for. */
  public enum Kind {
    USER,
    ROLE,
    GROUP,
    ANY_OTHER_USER;

    /** The lower-case identifier of the JSON report, e.g. {@code any_other_user}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
