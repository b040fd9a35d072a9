package dev.passport.enforce.diff;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.Loss;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The structural half of a diff: every element of both sets under a key that identifies it in
 * either, with a normalised value whose equality means "the same policy", a description and its
 * origins.
 */
final class StructuralDiff {
  /** Keys print expressions in one dialect, so that sets from two systems share keys. */
  private static final SqlDialect KEY_DIALECT = SqlDialect.TRINO;

  private StructuralDiff() {}

  /** The elements of one kind under one key (usually one; unnamed duplicates share a key). */
  private static final class Entry {
    final List<Object> values = new ArrayList<>();
    final List<String> descriptions = new ArrayList<>();
    final List<Origin> origins = new ArrayList<>();

    void add(Object value, String description, List<Origin> elementOrigins) {
      values.add(value);
      descriptions.add(description);
      origins.addAll(elementOrigins);
    }

    /** The values as a multiset, in a fixed order, so that list order never counts. */
    List<String> comparable() {
      List<String> sorted = new ArrayList<>();
      for (Object value : values) {
        sorted.add(value.toString());
      }
      sorted.sort(null);
      return sorted;
    }

    DiffSide side() {
      List<String> sorted = new ArrayList<>(descriptions);
      sorted.sort(null);
      return new DiffSide(String.join("; ", new TreeSet<>(sorted)), origins);
    }
  }

  /** Elements by kind, then by key. */
  private static final class Elements {
    final Map<ElementKind, TreeMap<String, Entry>> byKind = new TreeMap<>();

    void add(ElementKind kind, String key, Object value, String description, Origin origin) {
      add(kind, key, value, description, List.of(origin));
    }

    void add(ElementKind kind, String key, Object value, String description, List<Origin> origins) {
      byKind
          .computeIfAbsent(kind, ignored -> new TreeMap<>())
          .computeIfAbsent(key, ignored -> new Entry())
          .add(value, description, origins);
    }

    TreeMap<String, Entry> of(ElementKind kind) {
      return byKind.getOrDefault(kind, new TreeMap<>());
    }
  }

  static List<StructuralChange> compare(PolicySet left, PolicySet right) {
    Elements leftElements = elements(left);
    Elements rightElements = elements(right);
    List<StructuralChange> changes = new ArrayList<>();
    for (ElementKind kind : ElementKind.values()) {
      TreeMap<String, Entry> leftEntries = leftElements.of(kind);
      TreeMap<String, Entry> rightEntries = rightElements.of(kind);
      TreeSet<String> keys = new TreeSet<>(leftEntries.keySet());
      keys.addAll(rightEntries.keySet());
      for (String key : keys) {
        Entry leftEntry = leftEntries.get(key);
        Entry rightEntry = rightEntries.get(key);
        if ((leftEntry == null || rightEntry == null) && kind == ElementKind.ROW_SECURITY) {
          // A table added or removed says so, row security and all.
          continue;
        }
        if (leftEntry == null) {
          changes.add(
              new StructuralChange(
                  ChangeKind.ADDED, kind, key, Optional.empty(), Optional.of(rightEntry.side())));
        } else if (rightEntry == null) {
          changes.add(
              new StructuralChange(
                  ChangeKind.REMOVED, kind, key, Optional.of(leftEntry.side()), Optional.empty()));
        } else if (!leftEntry.comparable().equals(rightEntry.comparable())) {
          changes.add(
              new StructuralChange(
                  ChangeKind.CHANGED,
                  kind,
                  key,
                  Optional.of(leftEntry.side()),
                  Optional.of(rightEntry.side())));
        }
      }
    }
    return changes;
  }

  private static Elements elements(PolicySet set) {
    SqlDialect dialect = SqlDialect.forSystem(set.source().system());
    Elements elements = new Elements();
    for (Principal principal : set.principals()) {
      elements.add(
          ElementKind.PRINCIPAL,
          principal.kind().name().toLowerCase(Locale.ROOT) + " " + principal.name(),
          List.of(
              principal.kind(),
              new TreeSet<>(principal.memberOf()),
              new TreeMap<>(principal.attributes()),
              sortedFlags(principal.flags())),
          DiffDescriptions.principal(principal),
          principal.origin());
    }
    for (Table table : set.tables()) {
      String name = table.name().qualifiedName();
      List<String> columns = new ArrayList<>();
      for (ColumnInfo column : table.columns()) {
        columns.add(
            column.name() + " " + column.type().toLowerCase(Locale.ROOT) + " " + column.nullable());
      }
      columns.sort(null);
      // Tables carry no origin of their own; the key names them.
      List<Origin> origin = List.of();
      elements.add(
          ElementKind.TABLE,
          name,
          List.of(columns, table.owner()),
          DiffDescriptions.table(table),
          origin);
      RowSecurity rowSecurity = DiffNormaliser.rowSecurity(table.rowSecurity());
      elements.add(
          ElementKind.ROW_SECURITY,
          name,
          rowSecurity,
          DiffDescriptions.rowSecurity(table.rowSecurity()),
          origin);
    }
    addGrants(set, elements);
    for (Definition definition : set.definitions()) {
      elements.add(
          ElementKind.DEFINITION,
          definition.name(),
          DiffNormaliser.definition(definition),
          DiffDescriptions.definition(definition, dialect),
          definition.origin());
    }
    for (RowFilter filter : set.rowFilters()) {
      RowFilter normalised = DiffNormaliser.rowFilter(filter);
      String key =
          filter.table().qualifiedName()
              + " "
              + filter
                  .name()
                  .map(name -> "filter " + name)
                  .orElse(
                      "unnamed filter to "
                          + Subjects.describe(normalised.appliesTo())
                          + " using "
                          + DiffDescriptions.sql(normalised.predicate(), KEY_DIALECT));
      elements.add(
          ElementKind.ROW_FILTER,
          key,
          normalised,
          DiffDescriptions.rowFilter(filter, dialect),
          filter.origin());
    }
    for (ColumnMask mask : set.columnMasks()) {
      ColumnMask normalised = DiffNormaliser.columnMask(mask);
      String key =
          DiffDescriptions.maskTarget(normalised)
              + mask.name().map(name -> " mask " + name).orElse(" unnamed mask")
              + " for "
              + Subjects.describe(normalised.appliesTo());
      elements.add(
          ElementKind.COLUMN_MASK,
          key,
          normalised,
          DiffDescriptions.columnMask(mask, dialect),
          mask.origin());
    }
    for (Tag tag : set.tags()) {
      List<String> allowed = new ArrayList<>(tag.allowedValues());
      allowed.sort(null);
      elements.add(
          ElementKind.TAG,
          tag.name(),
          allowed,
          "tag "
              + tag.name()
              + (allowed.isEmpty() ? "" : " (values " + String.join(", ", allowed) + ")"),
          tag.origin());
      for (TagAssignment assignment : tag.assignments()) {
        String target = assignment.target().qualifiedName();
        elements.add(
            ElementKind.TAG_ASSIGNMENT,
            tag.name() + " on " + target,
            assignment.value(),
            tag.name() + " = '" + assignment.value() + "' on " + target,
            assignment.origin());
      }
    }
    for (View view : set.views()) {
      List<String> baseTables = new ArrayList<>();
      for (Securable table : view.baseTables()) {
        baseTables.add(table.qualifiedName());
      }
      baseTables.sort(null);
      List<String> options = new ArrayList<>();
      for (ViewOption option : view.options()) {
        options.add(option.name());
      }
      elements.add(
          ElementKind.VIEW,
          view.name().qualifiedName(),
          List.of(view.sql().map(DiffNormaliser::sqlText), baseTables, options, view.owner()),
          DiffDescriptions.view(view),
          view.origin());
    }
    for (Loss loss : set.losses()) {
      elements.add(
          ElementKind.LOSS,
          loss.reason(),
          loss.direction(),
          DiffDescriptions.loss(loss),
          loss.origin());
    }
    return elements;
  }

  /**
   * Grants under grantee, securable and effect, their privileges merged: {@code GRANT SELECT,
   * INSERT} and two grants of one privilege each are the same policy.
   */
  private static void addGrants(PolicySet set, Elements elements) {
    Map<String, List<Grant>> byKey = new TreeMap<>();
    for (Grant grant : set.grants()) {
      Subject grantee = DiffNormaliser.subject(grant.grantee());
      String key =
          (grant.effect() == GrantEffect.DENY ? "DENY on " : "on ")
              + grant.securable().qualifiedName()
              + " to "
              + Subjects.describe(grantee);
      byKey.computeIfAbsent(key, ignored -> new ArrayList<>()).add(grant);
    }
    for (Map.Entry<String, List<Grant>> entry : byKey.entrySet()) {
      Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
      Set<Privilege> grantable = EnumSet.noneOf(Privilege.class);
      Set<GrantVia> via = EnumSet.noneOf(GrantVia.class);
      for (Grant grant : entry.getValue()) {
        privileges.addAll(grant.privileges());
        if (grant.withGrantOption()) {
          grantable.addAll(grant.privileges());
        }
        via.add(grant.via());
      }
      Grant first = entry.getValue().get(0);
      StringBuilder description = new StringBuilder();
      if (first.effect() == GrantEffect.DENY) {
        description.append("DENY ");
      }
      description.append(joined(privileges));
      description.append(" on ").append(first.securable().qualifiedName());
      description.append(" to ").append(Subjects.describe(DiffNormaliser.subject(first.grantee())));
      if (!grantable.isEmpty()) {
        description.append(" with grant option on ").append(joined(grantable));
      }
      if (!via.equals(EnumSet.of(GrantVia.DIRECT))) {
        description.append(" (via ").append(joined(via)).append(')');
      }
      List<Origin> origins = new ArrayList<>();
      for (Grant grant : entry.getValue()) {
        origins.add(grant.origin());
      }
      Entry merged = new Entry();
      merged.values.add(List.of(privileges, grantable, via));
      merged.descriptions.add(description.toString());
      merged.origins.addAll(origins);
      elements
          .byKind
          .computeIfAbsent(ElementKind.GRANT, ignored -> new TreeMap<>())
          .put(entry.getKey(), merged);
    }
  }

  private static List<String> sortedFlags(Set<PrincipalFlag> flags) {
    List<String> names = new ArrayList<>();
    for (PrincipalFlag flag : flags) {
      names.add(flag.name());
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  private static <E extends Enum<E>> String joined(Set<E> values) {
    List<String> names = new ArrayList<>();
    for (E value : values) {
      names.add(value.name());
    }
    return String.join(", ", names);
  }
}
