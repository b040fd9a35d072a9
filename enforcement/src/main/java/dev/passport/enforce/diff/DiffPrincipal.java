package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

/**
 * A principal or principal class whose effective access is compared.
 *
 * @param name the user, role or group name; {@code *} for {@link DiffPrincipalKind#ANY_OTHER_USER};
 *     the attribute tests, {@code key = 'value'} joined by {@code or}, for {@link
 *     DiffPrincipalKind#SESSION_ATTRIBUTE}
 */
public record DiffPrincipal(DiffPrincipalKind kind, String name) {
  /** The class "any other user": a user neither set names, holding no role. */
  public static final DiffPrincipal ANY_OTHER_USER =
      new DiffPrincipal(DiffPrincipalKind.ANY_OTHER_USER, "*");

  public DiffPrincipal {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
  }

  /**
   * In words: {@code user alice}, {@code role analyst}, {@code any other user}, {@code sessions
   * with app.tier = 'gold'}.
   */
  public String label() {
    return switch (kind) {
      case USER -> "user " + name;
      case ROLE -> "role " + name;
      case GROUP -> "group " + name;
      case ANY_OTHER_USER -> "any other user";
      case SESSION_ATTRIBUTE -> "sessions with " + name;
    };
  }
}
