package dev.passport.cli.demo;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lake side of the demo's transfer: the policies an Iceberg catalog holds for the table the
 * customer directory lands in. {@link #matching} protects it as the warehouse protects the view
 * (the same grants, row filter and masks, moved to the lake table); {@link #withoutMask} is the
 * same with one mask dropped, as a careless hand-made copy would be.
 */
final class DemoDestinations {
  private static final SystemKind LAKE = SystemKind.ICEBERG;

  private DemoDestinations() {}

  /**
   * The source's principals, and its grants, row filters and masks on {@code sourceTable} moved to
   * {@code destinationTable}, whose columns are {@code columns} (same names as at the source).
   */
  static PolicySet matching(
      PolicySet source,
      Securable sourceTable,
      Securable destinationTable,
      List<ColumnInfo> columns) {
    requireNonNull(source, "source is null");
    requireNonNull(sourceTable, "sourceTable is null");
    requireNonNull(destinationTable, "destinationTable is null");
    requireNonNull(columns, "columns is null");
    PolicySet.Builder builder =
        PolicySet.builder(
            Source.of(
                LAKE,
                "lake catalog (derived from " + source.source().locator() + ")",
                ExtractionMethod.FILE));
    for (Principal principal : source.principals()) {
      builder.addPrincipal(
          new Principal(
              principal.name(),
              principal.kind(),
              principal.memberOf(),
              principal.attributes(),
              principal.flags(),
              origin(principal.name())));
    }
    builder.addTable(new Table(destinationTable, columns, Optional.empty(), RowSecurity.allAnd()));
    for (Grant grant : source.grants()) {
      if (!grant.securable().tableOnly().equals(sourceTable)) {
        continue;
      }
      Securable securable =
          grant.securable().column().map(destinationTable::column).orElse(destinationTable);
      builder.addGrant(
          new Grant(
              grant.grantee(),
              grant.privileges(),
              securable,
              grant.effect(),
              grant.withGrantOption(),
              grant.via(),
              origin(securable.qualifiedName())));
    }
    for (RowFilter filter : source.rowFilters()) {
      if (!filter.table().equals(sourceTable)) {
        continue;
      }
      builder.addRowFilter(
          new RowFilter(
              Optional.of(destinationTable.qualifiedName()),
              destinationTable,
              filter.predicate(),
              filter.check(),
              filter.appliesTo(),
              filter.actions(),
              filter.kind(),
              filter.priority(),
              Optional.empty(),
              filter.bindings(),
              filter.runAs(),
              origin(destinationTable.qualifiedName())));
    }
    for (ColumnMask mask : source.columnMasks()) {
      Optional<Securable> column = mask.column();
      if (column.isEmpty() || !column.get().tableOnly().equals(sourceTable)) {
        continue;
      }
      Securable moved = destinationTable.column(column.get().column().orElseThrow());
      builder.addColumnMask(
          new ColumnMask(
              Optional.of(moved.qualifiedName()),
              Optional.of(moved),
              Optional.empty(),
              mask.rules(),
              mask.otherwise(),
              mask.appliesTo(),
              mask.priority(),
              Optional.empty(),
              mask.bindings(),
              origin(moved.qualifiedName())));
    }
    return builder.build();
  }

  /** {@code destination} without the masks of {@code column}. */
  static PolicySet withoutMask(PolicySet destination, String column) {
    requireNonNull(destination, "destination is null");
    requireNonNull(column, "column is null");
    PolicySet.Builder builder = PolicySet.builder(destination.source());
    destination.principals().forEach(builder::addPrincipal);
    destination.tables().forEach(builder::addTable);
    destination.grants().forEach(builder::addGrant);
    destination.rowFilters().forEach(builder::addRowFilter);
    List<ColumnMask> kept = new ArrayList<>();
    for (ColumnMask mask : destination.columnMasks()) {
      boolean dropped = mask.column().flatMap(Securable::column).map(column::equals).orElse(false);
      if (!dropped) {
        kept.add(mask);
      }
    }
    kept.forEach(builder::addColumnMask);
    return builder.build();
  }

  private static Origin origin(String object) {
    return Origin.declared(LAKE, object).withKind(OriginKind.DERIVED);
  }
}
