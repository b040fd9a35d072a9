package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Copying helpers for the compact constructors: the JDK's immutable maps lose insertion order. */
final class Checks {
  private Checks() {}

  static <K, V> Map<K, V> orderedCopy(Map<K, V> map, String name) {
    requireNonNull(map, name + " is null");
    LinkedHashMap<K, V> copy = new LinkedHashMap<>();
    map.forEach(
        (key, value) ->
            copy.put(
                requireNonNull(key, name + " has a null key"),
                requireNonNull(value, name + " has a null value")));
    return Collections.unmodifiableMap(copy);
  }

  static <E extends Enum<E>> Set<E> enumCopy(Set<E> set, Class<E> type, String name) {
    requireNonNull(set, name + " is null");
    EnumSet<E> copy = EnumSet.noneOf(type);
    for (E element : set) {
      copy.add(requireNonNull(element, name + " has a null element"));
    }
    return Collections.unmodifiableSet(copy);
  }

  static String requireNonBlank(String value, String name) {
    requireNonNull(value, name + " is null");
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
    return value;
  }
}
