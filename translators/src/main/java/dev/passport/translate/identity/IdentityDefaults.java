package dev.passport.translate.identity;

import static java.util.Objects.requireNonNull;

/**
 * What becomes of a source principal that the identity map does not name.
 *
 * @param user an unnamed user: a same-name user, or denied
 * @param role an unnamed role: a same-name group (the usual case: warehouse roles become
 *     identity-provider groups), a same-name role, or denied
 * @param group an unnamed group: a same-name group, or denied
 */
public record IdentityDefaults(UserDefault user, RoleDefault role, GroupDefault group) {
  public IdentityDefaults {
    requireNonNull(user, "user is null");
    requireNonNull(role, "role is null");
    requireNonNull(group, "group is null");
  }

  /** Same-name users and groups, roles as same-name groups. */
  public static IdentityDefaults standard() {
    return new IdentityDefaults(UserDefault.SAME_NAME, RoleDefault.GROUP, GroupDefault.GROUP);
  }

  /** Nothing maps unless the map names it. */
  public static IdentityDefaults denyAll() {
    return new IdentityDefaults(UserDefault.DENY, RoleDefault.DENY, GroupDefault.DENY);
  }

  /** The default for unnamed users; JSON {@code "same-name"} or {@code "deny"}. */
  public enum UserDefault {
    SAME_NAME("same-name"),
    DENY("deny");

    private final String id;

    UserDefault(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static UserDefault fromId(String id) {
      for (UserDefault value : values()) {
        if (value.id.equals(id)) {
          return value;
        }
      }
      throw new IllegalArgumentException("user default is \"same-name\" or \"deny\": " + id);
    }
  }

  /** The default for unnamed roles; JSON {@code "group"}, {@code "role"} or {@code "deny"}. */
  public enum RoleDefault {
    GROUP("group"),
    ROLE("role"),
    DENY("deny");

    private final String id;

    RoleDefault(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static RoleDefault fromId(String id) {
      for (RoleDefault value : values()) {
        if (value.id.equals(id)) {
          return value;
        }
      }
      throw new IllegalArgumentException("role default is \"group\", \"role\" or \"deny\": " + id);
    }
  }

  /** The default for unnamed groups; JSON {@code "group"} or {@code "deny"}. */
  public enum GroupDefault {
    GROUP("group"),
    DENY("deny");

    private final String id;

    GroupDefault(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static GroupDefault fromId(String id) {
      for (GroupDefault value : values()) {
        if (value.id.equals(id)) {
          return value;
        }
      }
      throw new IllegalArgumentException("group default is \"group\" or \"deny\": " + id);
    }
  }
}
