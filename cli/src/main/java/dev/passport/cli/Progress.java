package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One updating line on stderr while a live catalog is read, e.g. {@code passport: reading roles…
 * tables… grants…}. Silent unless stderr is a terminal: a log file or a pipe gets no carriage
 * returns.
 */
final class Progress {
  private static final String PREFIX = "passport: ";
  private static final int MAX_LOCATOR = 60;

  // Catalog names in the readers' queries, most telling first: a grant query also joins pg_class.
  private static final String[][] STEPS = {
    {"acl", "grants"},
    {"privilege", "grants"},
    {"pg_policy", "policies"},
    {"svv_rls", "policies"},
    {"masking", "masks"},
    {"pg_attribute", "columns"},
    {"columns", "columns"},
    {"pg_auth_members", "roles"},
    {"pg_roles", "roles"},
    {"pg_user", "users"},
    {"role_grants", "roles"},
    {"user_grants", "roles"},
    {"pg_views", "views"},
    {"pg_class", "tables"},
    {"pg_tables", "tables"},
    {"svv_tables", "tables"},
  };

  private final PrintWriter err;
  private final boolean enabled;
  private final List<String> steps = new ArrayList<>();
  private int shown;

  Progress(PrintWriter err, boolean enabled) {
    this.err = requireNonNull(err, "err is null");
    this.enabled = enabled;
  }

  /** Shows that a connection is being opened. */
  void connecting(String locator) {
    requireNonNull(locator, "locator is null");
    String shortened = locator.length() > MAX_LOCATOR ? locator.substring(0, MAX_LOCATOR) : locator;
    show(PREFIX + "connecting to " + shortened + "…");
  }

  /** Adds a step to the line, e.g. {@code tables}; a step already shown is not repeated. */
  void step(String step) {
    requireNonNull(step, "step is null");
    if (!enabled || steps.contains(step)) {
      return;
    }
    steps.add(step);
    show(PREFIX + "reading " + String.join("… ", steps) + "…");
  }

  private void show(String line) {
    if (!enabled) {
      return;
    }
    StringBuilder text = new StringBuilder("\r").append(line);
    for (int index = line.length(); index < shown; index++) {
      text.append(' ');
    }
    shown = line.length();
    err.print(text);
    err.flush();
  }

  /** Clears the line, so that the summary starts on a clean one. */
  void done() {
    if (!enabled || shown == 0) {
      return;
    }
    err.print("\r" + " ".repeat(shown) + "\r");
    err.flush();
    shown = 0;
  }

  /**
   * The connection, reporting a step for each catalog query prepared on it. The readers know
   * nothing of progress; watching their queries keeps it that way.
   */
  Connection watch(Connection connection) {
    requireNonNull(connection, "connection is null");
    if (!enabled) {
      return connection;
    }
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          if (method.getName().startsWith("prepare")
              && arguments != null
              && arguments.length > 0
              && arguments[0] instanceof String sql) {
            stepFor(sql);
          }
          return invoke(connection, method, arguments);
        };
    return (Connection)
        Proxy.newProxyInstance(
            Progress.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private void stepFor(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    for (String[] candidate : STEPS) {
      if (lower.contains(candidate[0])) {
        step(candidate[1]);
        return;
      }
    }
  }

  private static Object invoke(Connection connection, Method method, Object[] arguments)
      throws Throwable {
    try {
      return method.invoke(connection, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
