package dev.passport.model.evaluation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe memo of a pure function with a size bound. Every value can be computed again, so
 * when the bound is reached the whole cache is dropped: that keeps memory bounded for callers that
 * present endless distinct keys, without the bookkeeping an LRU would add to every hit.
 */
final class BoundedCache<K, V> {
  private final int bound;
  private final Map<K, V> values = new ConcurrentHashMap<>();

  BoundedCache(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    this.bound = bound;
  }

  /**
   * The value for {@code key}, computed from {@code source} (what the key stands for) when absent.
   * The function is passed in rather than captured so that a hit allocates nothing.
   */
  <S> V get(K key, S source, Function<S, V> compute) {
    V value = values.get(key);
    if (value != null) {
      return value;
    }
    value = compute.apply(source);
    if (values.size() >= bound) {
      values.clear();
    }
    V raced = values.putIfAbsent(key, value);
    return raced != null ? raced : value;
  }
}
