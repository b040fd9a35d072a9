package dev.passport.model.evaluation;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The column decisions of one {@link Decision}: an immutable map in table order over arrays, whose
 * column names and positions are shared by every decision on the table. {@link Decision} keeps it
 * without copying, which saves a LinkedHashMap per decision.
 */
final class ColumnDecisions extends AbstractMap<String, ColumnDecision> {
  private final String[] names;
  private final Map<String, Integer> positions;
  private final ColumnDecision[] decisions;

  /**
   * @param names the columns in order, owned by the caller and never changed
   * @param positions each name's index in {@code names}, likewise
   * @param decisions one per name; this map takes ownership of the array
   */
  ColumnDecisions(String[] names, Map<String, Integer> positions, ColumnDecision[] decisions) {
    if (names.length != decisions.length) {
      throw new IllegalArgumentException("one decision per column");
    }
    this.names = names;
    this.positions = positions;
    this.decisions = decisions;
  }

  @Override
  public ColumnDecision get(Object key) {
    Integer position = positions.get(key);
    return position == null ? null : decisions[position];
  }

  @Override
  public boolean containsKey(Object key) {
    return positions.containsKey(key);
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public Set<Map.Entry<String, ColumnDecision>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, ColumnDecision>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, ColumnDecision> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, ColumnDecision> entry =
                new AbstractMap.SimpleImmutableEntry<>(names[next], decisions[next]);
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }
}
