package dev.passport.model.json;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** JSON paths ({@code $.rowFilters[2].predicate}) for error messages. */
final class JsonPaths {
  static final String ROOT = "$";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonPaths() {}

  static String member(String parent, String name) {
    if (IDENTIFIER.matcher(name).matches()) {
      return parent + "." + name;
    }
    // Member names are user input here (unknown members, map keys): quote them so the path stays
    // unambiguous whatever they contain.
    return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The path of the value a parser or generator is at. */
  static String of(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext current = context; current != null; current = current.getParent()) {
      chain.push(current);
    }
    String path = ROOT;
    for (JsonStreamContext current : chain) {
      if (current.inArray() && current.getCurrentIndex() >= 0) {
        path = index(path, current.getCurrentIndex());
      } else if (current.inObject() && current.getCurrentName() != null) {
        path = member(path, current.getCurrentName());
      }
    }
    return path;
  }
}
