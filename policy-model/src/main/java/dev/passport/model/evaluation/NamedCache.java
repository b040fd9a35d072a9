package dev.passport.model.evaluation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A thread-safe memo of a pure function whose keys are found by a name they carry (a user name, a
 * table name) and told apart by a predicate. A hit hashes only the name, a string whose hash the
 * JDK keeps once computed, and compares the few keys filed under it, the very object first; so it
 * allocates nothing and never hashes a whole record, which profiling showed to dominate a fast-path
 * call with keys built per lookup. Bounded like {@link BoundedCache}: when the number of names
 * reaches the bound, or one name has more than a few keys, the older entries are dropped.
 *
 * @param <K> the key
 * @param <V> the memoised value
 */
final class NamedCache<K, V> {
  // Keys per name: one user with many session-role sets, or one table name in many schemas.
  private static final int KEYS_PER_NAME = 8;

  private final int bound;
  private final BiPredicate<K, K> same;
  private final ConcurrentHashMap<String, Entry<K, V>> entries = new ConcurrentHashMap<>();

  /**
   * @param bound the number of names kept
   * @param same whether two keys filed under one name stand for the same thing
   */
  NamedCache(int bound, BiPredicate<K, K> same) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    this.bound = bound;
    this.same = same;
  }

  /**
   * The value for {@code key}, filed under {@code name}, computed when absent. The function is
   * passed in rather than captured so that a hit allocates nothing.
   */
  V get(String name, K key, Function<K, V> compute) {
    for (Entry<K, V> entry = entries.get(name); entry != null; entry = entry.next) {
      if (entry.key == key || same.test(entry.key, key)) {
        return entry.value;
      }
    }
    V value = compute.apply(key);
    if (entries.size() >= bound) {
      entries.clear();
    }
    Entry<K, V> head =
        entries.compute(
            name,
            (ignored, existing) -> {
              for (Entry<K, V> entry = existing; entry != null; entry = entry.next) {
                if (same.test(entry.key, key)) {
                  return existing;
                }
              }
              return new Entry<>(key, value, truncated(existing, KEYS_PER_NAME - 1));
            });
    for (Entry<K, V> entry = head; entry != null; entry = entry.next) {
      if (same.test(entry.key, key)) {
        return entry.value;
      }
    }
    return value;
  }

  void clear() {
    entries.clear();
  }

  private static <K, V> Entry<K, V> truncated(Entry<K, V> entry, int keep) {
    if (entry == null || keep == 0) {
      return null;
    }
    return new Entry<>(entry.key, entry.value, truncated(entry.next, keep - 1));
  }

  /** An immutable list of the keys filed under one name, newest first. */
  private static final class Entry<K, V> {
    private final K key;
    private final V value;
    private final Entry<K, V> next;

    Entry(K key, V value, Entry<K, V> next) {
      this.key = key;
      this.value = value;
      this.next = next;
    }
  }
}
