package dev.passport.extract.postgresql;

import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.RowFilter;
import dev.passport.model.Source;
import dev.passport.model.View;

/** Test helper: a policy set with every origin (and the source) replaced by a neutral one. */
final class Origins {
  private Origins() {}

  static PolicySet withoutOrigins(PolicySet set) {
    Origin neutral = Origin.of(set.source().system());
    PolicySet.Builder builder =
        PolicySet.builder(Source.of(set.source().system(), "-", ExtractionMethod.DDL));
    for (Principal principal : set.principals()) {
      builder.addPrincipal(
          new Principal(
              principal.name(),
              principal.kind(),
              principal.memberOf(),
              principal.attributes(),
              principal.flags(),
              neutral));
    }
    set.tables().forEach(builder::addTable);
    for (Grant grant : set.grants()) {
      builder.addGrant(
          new Grant(
              grant.grantee(),
              grant.privileges(),
              grant.securable(),
              grant.effect(),
              grant.withGrantOption(),
              grant.via(),
              neutral));
    }
    set.definitions().forEach(builder::addDefinition);
    for (RowFilter filter : set.rowFilters()) {
      builder.addRowFilter(
          new RowFilter(
              filter.name(),
              filter.table(),
              filter.predicate(),
              filter.check(),
              filter.appliesTo(),
              filter.actions(),
              filter.kind(),
              filter.priority(),
              filter.definition(),
              filter.bindings(),
              filter.runAs(),
              neutral));
    }
    set.columnMasks().forEach(builder::addColumnMask);
    set.tags().forEach(builder::addTag);
    for (View view : set.views()) {
      builder.addView(
          new View(
              view.name(), view.sql(), view.baseTables(), view.options(), view.owner(), neutral));
    }
    for (Loss loss : set.losses()) {
      builder.addLoss(new Loss(neutral, loss.reason(), loss.direction()));
    }
    return builder.build();
  }
}
