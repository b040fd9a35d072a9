package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything Passport knows about one system's policies: principals and their roles, tables,
 * grants, named policy definitions, row filters, column masks, tags, views, and the losses met
 * while reading them. Immutable; its JSON form (see {@code dev.passport.model.json}) is the public
 * interchange format.
 *
 * <pre>{@code
 * PolicySet set = PolicySet.builder(Source.of(SystemKind.POSTGRESQL, "schema.sql", DDL))
 *     .addPrincipal(Principal.role("analyst", origin))
 *     .addRowFilter(RowFilter.of(accounts, filter, Subjects.hasRole("analyst"), origin))
 *     .build();
 * }</pre>
 */
public record PolicySet(
    Source source,
    List<Principal> principals,
    List<Table> tables,
    List<Grant> grants,
    List<Definition> definitions,
    List<RowFilter> rowFilters,
    List<ColumnMask> columnMasks,
    List<Tag> tags,
    List<View> views,
    List<Loss> losses) {
  /** The version of the JSON format this build writes, the {@code "passport"} member. */
  public static final int FORMAT_VERSION = 1;

  public PolicySet {
    requireNonNull(source, "source is null");
    principals = List.copyOf(requireNonNull(principals, "principals is null"));
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
    grants = List.copyOf(requireNonNull(grants, "grants is null"));
    definitions = List.copyOf(requireNonNull(definitions, "definitions is null"));
    rowFilters = List.copyOf(requireNonNull(rowFilters, "rowFilters is null"));
    columnMasks = List.copyOf(requireNonNull(columnMasks, "columnMasks is null"));
    tags = List.copyOf(requireNonNull(tags, "tags is null"));
    views = List.copyOf(requireNonNull(views, "views is null"));
    losses = List.copyOf(requireNonNull(losses, "losses is null"));
  }

  public static Builder builder(Source source) {
    return new Builder(source);
  }

  /** A builder holding this set's contents, to add to it. */
  public Builder toBuilder() {
    Builder builder = new Builder(source);
    builder.principals.addAll(principals);
    builder.tables.addAll(tables);
    builder.grants.addAll(grants);
    builder.definitions.addAll(definitions);
    builder.rowFilters.addAll(rowFilters);
    builder.columnMasks.addAll(columnMasks);
    builder.tags.addAll(tags);
    builder.views.addAll(views);
    builder.losses.addAll(losses);
    return builder;
  }

  public Optional<Principal> principal(String name) {
    for (Principal principal : principals) {
      if (principal.name().equals(name)) {
        return Optional.of(principal);
      }
    }
    return Optional.empty();
  }

  public Optional<Definition> definition(String name) {
    for (Definition definition : definitions) {
      if (definition.name().equals(name)) {
        return Optional.of(definition);
      }
    }
    return Optional.empty();
  }

  /** Accumulates the parts of a {@link PolicySet}, keeping insertion order. */
  public static final class Builder {
    private Source source;
    private final List<Principal> principals = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();
    private final List<Definition> definitions = new ArrayList<>();
    private final List<RowFilter> rowFilters = new ArrayList<>();
    private final List<ColumnMask> columnMasks = new ArrayList<>();
    private final List<Tag> tags = new ArrayList<>();
    private final List<View> views = new ArrayList<>();
    private final List<Loss> losses = new ArrayList<>();

    private Builder(Source source) {
      this.source = requireNonNull(source, "source is null");
    }

    public Builder source(Source newSource) {
      this.source = requireNonNull(newSource, "source is null");
      return this;
    }

    public Builder addPrincipal(Principal principal) {
      principals.add(requireNonNull(principal, "principal is null"));
      return this;
    }

    public Builder addTable(Table table) {
      tables.add(requireNonNull(table, "table is null"));
      return this;
    }

    public Builder addGrant(Grant grant) {
      grants.add(requireNonNull(grant, "grant is null"));
      return this;
    }

    public Builder addDefinition(Definition definition) {
      definitions.add(requireNonNull(definition, "definition is null"));
      return this;
    }

    public Builder addRowFilter(RowFilter rowFilter) {
      rowFilters.add(requireNonNull(rowFilter, "rowFilter is null"));
      return this;
    }

    public Builder addColumnMask(ColumnMask columnMask) {
      columnMasks.add(requireNonNull(columnMask, "columnMask is null"));
      return this;
    }

    public Builder addTag(Tag tag) {
      tags.add(requireNonNull(tag, "tag is null"));
      return this;
    }

    public Builder addView(View view) {
      views.add(requireNonNull(view, "view is null"));
      return this;
    }

    public Builder addLoss(Loss loss) {
      losses.add(requireNonNull(loss, "loss is null"));
      return this;
    }

    public PolicySet build() {
      return new PolicySet(
          source,
          principals,
          tables,
          grants,
          definitions,
          rowFilters,
          columnMasks,
          tags,
          views,
          losses);
    }
  }
}
