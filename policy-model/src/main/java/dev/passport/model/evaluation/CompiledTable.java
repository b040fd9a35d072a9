package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expr;
import dev.passport.model.Grant;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything about one table that does not depend on who asks, gathered once by {@link Evaluator}
 * the first time the table is asked about: the grants covering it, its row filters (identity-free
 * predicates already folded), and per column its type, candidate masks and tags. A decision then
 * only matches subjects and folds identity.
 */
final class CompiledTable {
  private final Securable name;
  private final Optional<Table> entry;
  private final Optional<String> owner;
  private final RowSecurity security;
  private final List<CompiledGrant> grants;
  private final List<CompiledFilter> filters;
  private final boolean filtersMayHoldOpaque;
  private final List<CompiledColumn> columns;
  private final String[] columnNames;
  private final Map<String, Integer> columnPositions;
  private final Map<String, String> tableTags;
  private final Map<String, Map<String, String>> columnTags;
  private final ConcurrentHashMap<ResolvedPrincipal, Evaluator.Memo> memos =
      new ConcurrentHashMap<>();

  CompiledTable(
      Securable name,
      Optional<Table> entry,
      List<CompiledGrant> grants,
      List<CompiledFilter> filters,
      List<CompiledColumn> columns,
      Map<String, String> tableTags,
      Map<String, Map<String, String>> columnTags) {
    this.name = requireNonNull(name, "name is null");
    this.entry = requireNonNull(entry, "entry is null");
    this.owner = entry.flatMap(Table::owner);
    this.security = entry.map(Table::rowSecurity).orElse(RowSecurity.allAnd());
    this.grants = List.copyOf(grants);
    this.filters = List.copyOf(filters);
    boolean opaque = false;
    for (CompiledFilter filter : filters) {
      opaque |= filter.mayHoldOpaque();
    }
    this.filtersMayHoldOpaque = opaque;
    this.columns = List.copyOf(columns);
    this.columnNames = new String[columns.size()];
    Map<String, Integer> positions = new HashMap<>();
    for (int index = 0; index < columns.size(); index++) {
      columnNames[index] = columns.get(index).name();
      positions.put(columnNames[index], index);
    }
    this.columnPositions = Map.copyOf(positions);
    this.tableTags = requireNonNull(tableTags, "tableTags is null");
    this.columnTags = requireNonNull(columnTags, "columnTags is null");
  }

  /**
   * The table as the policy set names it (its entry's name when it has one, else the name of the
   * first request, which may be spelled differently from later ones: use it for matching and
   * messages, not as the caller's table).
   */
  Securable name() {
    return name;
  }

  Optional<Table> entry() {
    return entry;
  }

  Optional<String> owner() {
    return owner;
  }

  RowSecurity security() {
    return security;
  }

  List<CompiledGrant> grants() {
    return grants;
  }

  List<CompiledFilter> filters() {
    return filters;
  }

  /** False when no filter's predicate holds opaque SQL, so no residual can. */
  boolean filtersMayHoldOpaque() {
    return filtersMayHoldOpaque;
  }

  /** The columns a decision lists, in its order. */
  List<CompiledColumn> columns() {
    return columns;
  }

  /** The column a decision lists under this name, when it lists one. */
  Optional<CompiledColumn> column(String column) {
    Integer position = columnPositions.get(column);
    return position == null ? Optional.empty() : Optional.of(columns.get(position));
  }

  /** The position in {@link #columns()} of the column listed under this name, else -1. */
  int position(String column) {
    Integer position = columnPositions.get(column);
    return position == null ? -1 : position;
  }

  /** The fast-path answers memoised for the principal (by identity), or null. */
  Evaluator.Memo memo(ResolvedPrincipal principal) {
    return memos.get(principal);
  }

  /** Files the memo unless a racing call filed one first; the one filed. */
  Evaluator.Memo addMemo(ResolvedPrincipal principal, Evaluator.Memo memo) {
    Evaluator.Memo raced = memos.putIfAbsent(principal, memo);
    return raced != null ? raced : memo;
  }

  /** The table's tags, then the column's own assignments over them. */
  Map<String, String> tagsOf(String column) {
    return mergeTags(tableTags, Optional.ofNullable(columnTags.get(column)));
  }

  static Map<String, String> mergeTags(
      Map<String, String> tableTags, Optional<Map<String, String>> columnTags) {
    if (columnTags.isEmpty()) {
      return tableTags;
    }
    Map<String, String> tags = new LinkedHashMap<>(tableTags);
    tags.putAll(columnTags.get());
    return Collections.unmodifiableMap(tags);
  }

  /** The decisions, one per {@link #columns()} entry in order, as the map a Decision carries. */
  Map<String, ColumnDecision> columnMap(ColumnDecision[] decisions) {
    return new ColumnDecisions(columnNames, columnPositions, decisions);
  }

  /** A grant with the actions its privileges allow worked out. */
  record CompiledGrant(Grant grant, Set<Action> actions, Optional<String> column) {
    CompiledGrant {
      requireNonNull(grant, "grant is null");
      requireNonNull(actions, "actions is null");
      requireNonNull(column, "column is null");
    }

    static CompiledGrant of(Grant grant) {
      Set<Action> actions = EnumSet.noneOf(Action.class);
      for (Action action : Action.values()) {
        if (grant.allows(action)) {
          actions.add(action);
        }
      }
      Optional<String> column =
          grant.securable().level() == SecurableLevel.COLUMN
              ? grant.securable().column()
              : Optional.empty();
      return new CompiledGrant(grant, actions, column);
    }
  }

  /**
   * A row filter with its residual when the predicate does not depend on identity (the same for
   * every principal, so folded once).
   */
  record CompiledFilter(RowFilter filter, Optional<Expr> fixedResidual, boolean mayHoldOpaque) {
    CompiledFilter {
      requireNonNull(filter, "filter is null");
      requireNonNull(fixedResidual, "fixedResidual is null");
    }

    Expr residual(PartialEvaluator partial) {
      return fixedResidual.isPresent() ? fixedResidual.get() : partial.apply(filter.predicate());
    }
  }

  /**
   * One column: its type when the table entry gives it, its direct masks and the tag masks whose
   * tag, value and data type match it (whose subjects are left for the decision), its tags, and the
   * two decisions that need no work.
   */
  record CompiledColumn(
      String name,
      Optional<String> type,
      List<IndexedMask> directMasks,
      List<IndexedMask> tagMasks,
      Map<String, String> tags,
      ColumnDecision identity,
      ColumnDecision denied) {
    CompiledColumn {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      directMasks = List.copyOf(directMasks);
      tagMasks = List.copyOf(tagMasks);
      requireNonNull(tags, "tags is null");
      requireNonNull(identity, "identity is null");
      requireNonNull(denied, "denied is null");
    }

    static CompiledColumn of(
        String name,
        Optional<String> type,
        List<IndexedMask> directMasks,
        List<IndexedMask> tagMasks,
        Map<String, String> tags) {
      return new CompiledColumn(
          name,
          type,
          directMasks,
          tagMasks,
          tags,
          new ColumnDecision(name, true, List.of(), new Transform.Identity()),
          new ColumnDecision(name, false, List.of(), new Transform.Nullify()));
    }
  }

  /** A mask with its position in the policy set, for "first listed wins" on equal priority. */
  record IndexedMask(int index, ColumnMask mask) {
    static IndexedMask better(IndexedMask left, IndexedMask right) {
      if (left.mask().priority() != right.mask().priority()) {
        return left.mask().priority() > right.mask().priority() ? left : right;
      }
      return left.index() <= right.index() ? left : right;
    }
  }
}
