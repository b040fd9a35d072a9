package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.enforce.report.DecidingRules;
import dev.passport.enforce.report.SessionAttributeRules;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Disclosure;
import dev.passport.model.DisclosureOrder;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.Implication;
import dev.passport.model.Implications;
import dev.passport.model.Loss;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subject;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** One evaluation of a transfer; see {@link ComplianceGate} for the rules it applies. */
final class GateRun {
  /**
   * The user name of every synthetic principal (a role holder, any other user), the same on both
   * sides: a filter on {@code CURRENT_USER} then folds to the same literal at the source and the
   * destination instead of showing as a difference.
   */
  private static final String SOMEONE = "passport:someone";

  /** A source column that does not move keeps this prefix, which no destination column has. */
  private static final String NOT_TRANSFERRED = "passport:not-transferred:";

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::cause)
          .thenComparing(Finding::object)
          .thenComparing(finding -> finding.principal().map(GatePrincipal::describe).orElse(""))
          .thenComparing(
              finding -> finding.sourcePrincipal().map(GatePrincipal::describe).orElse(""))
          .thenComparing(Finding::message);

  private final Side source;
  private final Side destination;
  private final Optional<IdentityMap> identityMap;
  private final List<TableTransfer> tables;
  private final Optional<InFlight> inFlight;
  private final PrincipalContext audienceContext;
  private final boolean accessComparable;
  private final Set<Finding> findings = new LinkedHashSet<>();
  private final List<AccessRow> matrix = new ArrayList<>();

  GateRun(
      PolicySet source,
      String sourceLabel,
      PolicySet destination,
      String destinationLabel,
      Optional<IdentityMap> identityMap,
      List<TableTransfer> tables,
      Optional<InFlight> inFlight) {
    this.source = new Side("source", sourceLabel, requireNonNull(source, "source is null"));
    this.destination =
        new Side(
            "destination", destinationLabel, requireNonNull(destination, "destination is null"));
    this.identityMap = requireNonNull(identityMap, "identityMap is null");
    this.tables = List.copyOf(requireNonNull(tables, "tables is null"));
    this.inFlight = requireNonNull(inFlight, "inFlight is null");
    this.audienceContext =
        inFlight
            .map(flight -> resolveAudience(flight.audience()))
            .orElse(context(GatePrincipal.anyOtherUser()));
    // Who may read is only compared when both sets record grants; NO_GRANTS stands in otherwise.
    this.accessComparable = !source.grants().isEmpty() && !destination.grants().isEmpty();
  }

  /**
   * The audience with its names spelt as the source spells them: a spec written {@code roles:
   * [analyst]} means Snowflake's {@code ANALYST}. A name matches exactly, else ignoring case when
   * only one principal matches; otherwise it stays as written.
   */
  private PrincipalContext resolveAudience(PrincipalContext audience) {
    List<String> names = new ArrayList<>();
    for (GatePrincipal principal : this.source.principals()) {
      if (principal.kind() != GatePrincipal.Kind.ANY_OTHER_USER) {
        names.add(principal.name());
      }
    }
    List<String> roles = new ArrayList<>();
    for (String role : audience.roles()) {
      roles.add(match(names, role).orElse(role));
    }
    List<String> groups = new ArrayList<>();
    for (String group : audience.groups()) {
      groups.add(match(names, group).orElse(group));
    }
    return new PrincipalContext(
        match(names, audience.user()).orElse(audience.user()),
        roles,
        groups,
        audience.attributes());
  }

  private static String describe(PrincipalContext context) {
    return context.user() + (context.roles().isEmpty() ? "" : " with roles " + context.roles());
  }

  GateResult run() {
    for (Side side : List.of(source, destination)) {
      if (side.set.grants().isEmpty()) {
        add(
            FindingSeverity.REVIEW,
            FindingCause.NO_GRANTS,
            Optional.empty(),
            Optional.empty(),
            side.name + " policy set",
            "the "
                + side.name
                + " policy set ("
                + side.label
                + ") records no grants, so who may read cannot be compared; filters and masks were"
                + " compared as if every principal could read",
            side == source ? RuleReference.of("no grants recorded") : RuleReference.of(""),
            side == destination ? RuleReference.of("no grants recorded") : RuleReference.of(""));
      }
    }
    List<GatePrincipal> sourcePrincipals = source.principals();
    List<GatePrincipal> destinationPrincipals = destinationPrincipals(sourcePrincipals);
    Map<GatePrincipal, List<GatePrincipal>> sourcesOf = new LinkedHashMap<>();
    for (GatePrincipal principal : destinationPrincipals) {
      sourcesOf.put(principal, sourcesOf(principal, sourcePrincipals));
    }
    for (TableTransfer transfer : tables) {
      compareTable(transfer, sourcesOf);
    }
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(ORDER);
    return new GateResult(
        GateResult.verdictOf(ordered), source.label, destination.label, ordered, matrix);
  }

  // ---------------------------------------------------------------- principals

  /** The destination's principals, the images of the source's not among them, any other user. */
  private List<GatePrincipal> destinationPrincipals(List<GatePrincipal> sourcePrincipals) {
    List<GatePrincipal> own = destination.principals();
    Set<GatePrincipal> result = new LinkedHashSet<>();
    for (GatePrincipal principal : own) {
      if (principal.kind() != GatePrincipal.Kind.ANY_OTHER_USER) {
        result.add(principal);
      }
    }
    List<GatePrincipal> images = new ArrayList<>();
    for (GatePrincipal principal : sourcePrincipals) {
      if (principal.kind() == GatePrincipal.Kind.ANY_OTHER_USER) {
        continue;
      }
      if (identityMap.isEmpty()) {
        boolean known = false;
        for (GatePrincipal existing : result) {
          known |= existing.name().equalsIgnoreCase(principal.name());
        }
        if (!known) {
          images.add(principal);
        }
        continue;
      }
      Optional<TargetPrincipals> targets =
          identityMap.get().map(principalKind(principal), principal.name());
      if (targets.isEmpty()) {
        continue;
      }
      for (String user : targets.get().users()) {
        images.add(GatePrincipal.user(user));
      }
      for (String role : targets.get().roles()) {
        images.add(GatePrincipal.role(role));
      }
      for (String group : targets.get().groups()) {
        images.add(GatePrincipal.group(group));
      }
    }
    for (GatePrincipal image : images) {
      boolean known = false;
      for (GatePrincipal existing : result) {
        known |= sameHolder(existing, image);
      }
      if (!known) {
        result.add(image);
      }
    }
    List<GatePrincipal> ordered = new ArrayList<>(result);
    ordered.sort(Comparator.comparing(GatePrincipal::kind));
    ordered.add(GatePrincipal.anyOtherUser());
    return ordered;
  }

  /** Users match users; roles and groups match each other (both are held). */
  private static boolean sameHolder(GatePrincipal left, GatePrincipal right) {
    boolean leftUser = left.kind() == GatePrincipal.Kind.USER;
    boolean rightUser = right.kind() == GatePrincipal.Kind.USER;
    return leftUser == rightUser && left.name().equals(right.name());
  }

  /** The source principals the destination principal stands for; empty when unmapped. */
  private List<GatePrincipal> sourcesOf(
      GatePrincipal principal, List<GatePrincipal> sourcePrincipals) {
    if (principal.kind() == GatePrincipal.Kind.ANY_OTHER_USER) {
      return List.of(GatePrincipal.anyOtherUser());
    }
    List<GatePrincipal> result = new ArrayList<>();
    if (identityMap.isEmpty()) {
      for (GatePrincipal candidate : sourcePrincipals) {
        if (candidate.kind() != GatePrincipal.Kind.ANY_OTHER_USER
            && candidate.name().equals(principal.name())) {
          result.add(candidate);
        }
      }
      if (result.isEmpty()) {
        for (GatePrincipal candidate : sourcePrincipals) {
          if (candidate.kind() != GatePrincipal.Kind.ANY_OTHER_USER
              && candidate.name().equalsIgnoreCase(principal.name())) {
            result.add(candidate);
          }
        }
      }
      return result;
    }
    for (GatePrincipal candidate : sourcePrincipals) {
      if (candidate.kind() == GatePrincipal.Kind.ANY_OTHER_USER) {
        continue;
      }
      Optional<TargetPrincipals> targets =
          identityMap.get().map(principalKind(candidate), candidate.name());
      if (targets.isEmpty()) {
        continue;
      }
      boolean matches =
          principal.kind() == GatePrincipal.Kind.USER
              ? targets.get().users().contains(principal.name())
              : targets.get().roles().contains(principal.name())
                  || targets.get().groups().contains(principal.name());
      if (matches) {
        result.add(candidate);
      }
    }
    return result;
  }

  private static PrincipalKind principalKind(GatePrincipal principal) {
    switch (principal.kind()) {
      case USER:
        return PrincipalKind.USER;
      case ROLE:
        return PrincipalKind.ROLE;
      case GROUP:
        return PrincipalKind.GROUP;
      case ANY_OTHER_USER:
        break;
    }
    throw new IllegalArgumentException("any other user has no principal kind");
  }

  /** Who is asking, for the evaluator: a user, someone holding a role or group, or anyone. */
  static PrincipalContext context(GatePrincipal principal) {
    switch (principal.kind()) {
      case USER:
        return PrincipalContext.user(principal.name());
      case ROLE:
        return PrincipalContext.user(SOMEONE).withRoles(List.of(principal.name()));
      case GROUP:
        return PrincipalContext.user(SOMEONE)
            .withRoles(List.of(principal.name()))
            .withGroups(List.of(principal.name()));
      case ANY_OTHER_USER:
        return PrincipalContext.user(SOMEONE);
    }
    throw new AssertionError("unreachable: " + principal.kind());
  }

  // ---------------------------------------------------------------- tables

  private void compareTable(
      TableTransfer transfer, Map<GatePrincipal, List<GatePrincipal>> sourcesOf) {
    Securable sourceTable = resolve(source, transfer.source());
    Securable destinationTable = resolve(destination, transfer.destination());
    List<ColumnPair> pairs = columnPairs(transfer, sourceTable, destinationTable);
    Map<String, String> renames = new HashMap<>();
    for (ColumnPair pair : pairs) {
      renames.put(pair.source(), pair.destination());
    }
    UnaryOperator<Expr> rename = expr -> renameColumns(expr, renames);
    reportLosses(source, sourceTable, transfer.destination(), destinationTable);
    reportLosses(destination, destinationTable, transfer.destination(), destinationTable);
    reportAttributeSubjects(source, sourceTable, destinationTable);
    reportAttributeSubjects(destination, destinationTable, destinationTable);

    Optional<Decision> audience = Optional.empty();
    if (inFlight.isPresent()) {
      audience = Optional.of(source.evaluator.decide(audienceContext, sourceTable, Action.SELECT));
      if (!audience.get().allowed()) {
        // The rewriter would have refused to export for an audience that may not read: more
        // likely the spec names the audience wrongly, which must not pass as "nothing moved".
        add(
            FindingSeverity.REVIEW,
            FindingCause.NOTHING_EXPORTED,
            Optional.empty(),
            Optional.empty(),
            destinationTable.qualifiedName(),
            "the in-flight audience "
                + describe(audienceContext)
                + " may not read "
                + sourceTable.qualifiedName()
                + " at the source, so nothing of it could have been exported; check the"
                + " audience",
            new RuleReference(firstReason(audience.get(), "denied"), grantOrigins(audience.get())),
            RuleReference.of(""));
      }
    }
    TableContext table = new TableContext(sourceTable, destinationTable, pairs, rename, audience);
    for (Map.Entry<GatePrincipal, List<GatePrincipal>> entry : sourcesOf.entrySet()) {
      GatePrincipal principal = entry.getKey();
      Decision destinationDecision =
          destination.evaluator.decide(context(principal), destinationTable, Action.SELECT);
      boolean mapped = !entry.getValue().isEmpty();
      List<GatePrincipal> counterparts =
          mapped ? entry.getValue() : List.of(GatePrincipal.anyOtherUser());
      for (GatePrincipal counterpart : counterparts) {
        Decision sourceDecision =
            source.evaluator.decide(context(counterpart), sourceTable, Action.SELECT);
        compare(table, principal, counterpart, mapped, destinationDecision, sourceDecision);
      }
    }
  }

  /** The resolved tables, columns and audience of one transferred table. */
  private record TableContext(
      Securable sourceTable,
      Securable destinationTable,
      List<ColumnPair> pairs,
      UnaryOperator<Expr> rename,
      Optional<Decision> audience) {}

  /** A transferred column: its source name and the destination name it lands in. */
  private record ColumnPair(String source, String destination) {}

  /** Whom and what one comparison's findings name, and the rule on each side. */
  private record Compared(
      GatePrincipal principal,
      GatePrincipal counterpart,
      String object,
      RuleReference sourceRule,
      RuleReference destinationRule) {}

  private Securable resolve(Side side, String name) {
    try {
      return side.evaluator.resolveTable(name);
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.UNKNOWN_TABLE) {
        throw new PassportException(
            e.errorCode(), "The " + side.name + " table " + name + ": " + e.getMessage(), e);
      }
    }
    Securable parsed;
    try {
      parsed = Securable.parse(name);
    } catch (IllegalArgumentException e) {
      throw new PassportException(
          ErrorCode.INVALID_ARGUMENT,
          "The " + side.name + " table " + name + ": " + e.getMessage());
    }
    add(
        FindingSeverity.REVIEW,
        FindingCause.TABLE_NOT_IN_POLICY_SET,
        Optional.empty(),
        Optional.empty(),
        name,
        "the "
            + side.name
            + " policy set names no table "
            + name
            + ": only its schema and catalog policies apply; check the name",
        RuleReference.of(side == source ? "table not named" : ""),
        RuleReference.of(side == destination ? "table not named" : ""));
    return parsed;
  }

  private List<ColumnPair> columnPairs(
      TableTransfer transfer, Securable sourceTable, Securable destinationTable) {
    List<String> sourceKnown = source.knownColumns(sourceTable);
    List<String> destinationKnown = destination.knownColumns(destinationTable);
    List<ColumnPair> pairs = new ArrayList<>();
    if (transfer.columns().everyColumn()) {
      List<String> sourceColumns = new ArrayList<>(sourceKnown);
      if (!source.describesColumns(sourceTable)) {
        // The source lists no columns: a column only the destination names may exist there too,
        // unmasked, so it is compared rather than ruled out of scope.
        for (String column : destinationKnown) {
          if (match(sourceColumns, column).isEmpty()) {
            sourceColumns.add(column);
          }
        }
      }
      for (String column : sourceColumns) {
        pairs.add(new ColumnPair(column, match(destinationKnown, column).orElse(column)));
      }
    } else {
      for (Map.Entry<String, String> rename : transfer.columns().renames().entrySet()) {
        pairs.add(
            new ColumnPair(
                match(sourceKnown, rename.getKey()).orElse(rename.getKey()),
                match(destinationKnown, rename.getValue()).orElse(rename.getValue())));
      }
    }
    Set<String> landed = new LinkedHashSet<>();
    for (ColumnPair pair : pairs) {
      landed.add(pair.destination());
    }
    for (String column : destinationKnown) {
      if (!landed.contains(column)) {
        add(
            FindingSeverity.INFO,
            FindingCause.COLUMN_OUT_OF_SCOPE,
            Optional.empty(),
            Optional.empty(),
            destinationTable.column(column).qualifiedName(),
            "no transferred column lands in destination column "
                + column
                + "; it is out of this transfer's scope",
            RuleReference.of(""),
            RuleReference.of(""));
      }
    }
    return pairs;
  }

  /** The known name equal to {@code wanted}, else the one equal ignoring case when unique. */
  private static Optional<String> match(Collection<String> known, String wanted) {
    if (known.contains(wanted)) {
      return Optional.of(wanted);
    }
    Optional<String> found = Optional.empty();
    for (String name : known) {
      if (name.equalsIgnoreCase(wanted)) {
        if (found.isPresent()) {
          return Optional.empty();
        }
        found = Optional.of(name);
      }
    }
    return found;
  }

  /**
   * Renames a source expression's table columns to their destination names; a column that does not
   * move gets a name no destination column has. Columns of a lookup's mapping table (those with a
   * qualifier) stay.
   */
  private static Expr renameColumns(Expr expr, Map<String, String> renames) {
    return ExprTrees.rewrite(
        expr,
        node -> {
          if (node instanceof Expr.Column column && column.qualifier().isEmpty()) {
            String target = renames.get(column.name());
            return Optional.of(
                Expressions.column(target != null ? target : NOT_TRANSFERRED + column.name()));
          }
          return Optional.empty();
        });
  }

  // ---------------------------------------------------------------- comparison

  private void compare(
      TableContext table,
      GatePrincipal principal,
      GatePrincipal counterpart,
      boolean mapped,
      Decision destinationDecision,
      Decision sourceDecision) {
    Optional<Decision> audience = table.audience();
    boolean exported = audience.map(Decision::allowed).orElse(true);
    Expr destinationRows = destinationDecision.rowFilter();
    Expr sourceRows = table.rename().apply(sourceDecision.rowFilter());
    Expr exportedRows =
        audience.isPresent()
            ? table.rename().apply(audience.get().rowFilter())
            : Expressions.alwaysTrue();
    boolean destinationShowsNothing =
        !destinationDecision.allowed()
            || !exported
            || Expressions.isFalseOrNull(destinationRows)
            || Expressions.isFalseOrNull(exportedRows);
    boolean sourceShowsNothing = !sourceDecision.allowed() || Expressions.isFalseOrNull(sourceRows);
    String object = table.destinationTable().qualifiedName();

    Disclosure rows;
    if (destinationShowsNothing) {
      rows = sourceShowsNothing ? Disclosure.SAME : Disclosure.LESS;
    } else if (!sourceDecision.allowed() && !accessComparable) {
      rows = Disclosure.UNKNOWN;
    } else if (!sourceDecision.allowed()) {
      rows = Disclosure.MORE;
      add(
          FindingSeverity.FAIL,
          mapped ? FindingCause.GRANT_BROADER : FindingCause.UNMAPPED_PRINCIPAL,
          Optional.of(principal),
          Optional.of(counterpart),
          object,
          principal.describe()
              + " may read "
              + object
              + " at the destination"
              + (mapped
                  ? "; at the source " + counterpart.describe() + " may not"
                  : ", and no source principal maps to it; at the source any other user may not"),
          new RuleReference(firstReason(sourceDecision, "denied"), List.of()),
          new RuleReference(
              destinationDecision.grantedBy().map(Grant::describe).orElse("allowed"),
              grantOrigins(destinationDecision)));
    } else {
      rows =
          compareRows(
              table,
              principal,
              counterpart,
              mapped,
              destinationDecision,
              sourceDecision,
              destinationRows,
              exportedRows,
              sourceRows);
    }

    List<ColumnAccess> cells = new ArrayList<>();
    for (ColumnPair pair : table.pairs()) {
      cells.add(
          compareColumn(
              table,
              pair,
              principal,
              counterpart,
              mapped,
              destinationDecision,
              sourceDecision,
              destinationShowsNothing));
    }
    matrix.add(
        new AccessRow(
            table.sourceTable().qualifiedName(),
            object,
            principal,
            counterpart,
            mapped,
            rowsView(source, sourceDecision),
            rowsView(destination, destinationDecision),
            audience.map(decision -> rowsView(source, decision)),
            rows,
            cells));
  }

  private Disclosure compareRows(
      TableContext table,
      GatePrincipal principal,
      GatePrincipal counterpart,
      boolean mapped,
      Decision destinationDecision,
      Decision sourceDecision,
      Expr destinationRows,
      Expr exportedRows,
      Expr sourceRows) {
    Expr seen = Expressions.and(destinationRows, exportedRows);
    Implication forward = Implications.implies(seen, sourceRows);
    if (forward == Implication.HOLDS) {
      return Implications.implies(sourceRows, seen) == Implication.HOLDS
          ? Disclosure.SAME
          : Disclosure.LESS;
    }
    String object = table.destinationTable().qualifiedName();
    RuleReference sourceRule =
        new RuleReference(rowsView(source, sourceDecision), rowOrigins(sourceDecision));
    RuleReference destinationRule =
        new RuleReference(
            rowsView(destination, destinationDecision), rowOrigins(destinationDecision));
    Compared compared = new Compared(principal, counterpart, object, sourceRule, destinationRule);
    String exportedNote =
        table.audience().isPresent()
            ? " (the export held " + rowsView(source, table.audience().get()) + ")"
            : "";
    if (containsOpaque(seen) || containsOpaque(sourceRows)) {
      add(
          FindingSeverity.REVIEW,
          FindingCause.LOSS,
          compared,
          "the rows "
              + principal.describe()
              + " sees cannot be compared with those "
              + counterpart.describe()
              + " sees at the source: a row filter holds SQL Passport does not understand"
              + exportedNote);
      return Disclosure.UNKNOWN;
    }
    if (forward == Implication.UNKNOWN) {
      add(
          FindingSeverity.REVIEW,
          FindingCause.UNKNOWN_COMPARISON,
          compared,
          "cannot tell whether the rows "
              + principal.describe()
              + " sees ("
              + destinationRule.description()
              + ") are among those "
              + counterpart.describe()
              + " sees at the source ("
              + sourceRule.description()
              + ")"
              + exportedNote);
      return Disclosure.UNKNOWN;
    }
    FindingCause cause;
    String message;
    if (!mapped) {
      cause = FindingCause.UNMAPPED_PRINCIPAL;
      message =
          principal.describe()
              + " is mapped from no source principal and sees "
              + destinationRule.description()
              + " of "
              + object
              + ", rows that any other user does not see at the source ("
              + sourceRule.description()
              + ")";
    } else if (Expressions.isTrue(destinationRows)) {
      cause = FindingCause.FILTER_MISSING;
      message =
          principal.describe()
              + " sees every row of "
              + object
              + "; at the source "
              + counterpart.describe()
              + " sees "
              + sourceRule.description();
    } else {
      cause = FindingCause.FILTER_WEAKER;
      message =
          principal.describe()
              + " sees "
              + destinationRule.description()
              + " of "
              + object
              + ", rows that "
              + counterpart.describe()
              + " does not see at the source ("
              + sourceRule.description()
              + ")";
    }
    add(FindingSeverity.FAIL, cause, compared, message + exportedNote);
    return Disclosure.MORE;
  }

  private ColumnAccess compareColumn(
      TableContext table,
      ColumnPair pair,
      GatePrincipal principal,
      GatePrincipal counterpart,
      boolean mapped,
      Decision destinationDecision,
      Decision sourceDecision,
      boolean destinationShowsNothing) {
    Securable destinationColumn = table.destinationTable().column(pair.destination());
    Securable sourceColumn = table.sourceTable().column(pair.source());
    ColumnDecision shown = columnOf(destination, destinationDecision, principal, destinationColumn);
    ColumnDecision original = columnOf(source, sourceDecision, counterpart, sourceColumn);
    Optional<ColumnDecision> exported =
        table.audience().map(decision -> columnOf(source, decision, audienceContext, sourceColumn));
    String object = destinationColumn.qualifiedName();
    String shownView = GateDescriptions.column(shown, destination.dialect);
    String originalView = GateDescriptions.column(original, source.dialect);
    Optional<String> exportedView =
        exported.map(decision -> GateDescriptions.column(decision, source.dialect));
    RuleReference sourceRule =
        new RuleReference(
            originalView,
            columnOrigins(source, sourceColumn, context(counterpart), sourceDecision));
    RuleReference destinationRule =
        new RuleReference(
            shownView,
            columnOrigins(destination, destinationColumn, context(principal), destinationDecision));
    Compared compared = new Compared(principal, counterpart, object, sourceRule, destinationRule);
    String exportedNote = exportedView.map(view -> " (exported as " + view + ")").orElse("");

    Disclosure comparison;
    boolean sourceSees =
        sourceDecision.allowed()
            && original.readable()
            && !Expressions.isFalseOrNull(sourceDecision.rowFilter());
    if (destinationShowsNothing
        || !shown.readable()
        || (exported.isPresent() && !exported.get().readable())) {
      comparison = sourceSees ? Disclosure.LESS : Disclosure.SAME;
    } else if (!sourceDecision.allowed() || (!original.readable() && !accessComparable)) {
      // The table-level finding says it (or NO_GRANTS does); one per column would only repeat it.
      comparison = accessComparable ? Disclosure.MORE : Disclosure.UNKNOWN;
    } else if (!original.readable()) {
      comparison = Disclosure.MORE;
      add(
          FindingSeverity.FAIL,
          mapped ? FindingCause.GRANT_BROADER : FindingCause.UNMAPPED_PRINCIPAL,
          compared,
          principal.describe()
              + " may read "
              + object
              + " ("
              + shownView
              + ")"
              + (mapped
                  ? "; at the source " + counterpart.describe() + " may not read " + pair.source()
                  : " and is mapped from no source principal; at the source any other user may"
                      + " not read "
                      + pair.source()));
    } else {
      comparison =
          compareReadable(table, pair, compared, mapped, shown, original, exported, exportedNote);
    }
    return new ColumnAccess(
        pair.source(), pair.destination(), originalView, shownView, exportedView, comparison);
  }

  private Disclosure compareReadable(
      TableContext table,
      ColumnPair pair,
      Compared compared,
      boolean mapped,
      ColumnDecision shown,
      ColumnDecision original,
      Optional<ColumnDecision> exported,
      String exportedNote) {
    GatePrincipal principal = compared.principal();
    GatePrincipal counterpart = compared.counterpart();
    String object = compared.object();
    RuleReference sourceRule = compared.sourceRule();
    RuleReference destinationRule = compared.destinationRule();
    // The audience's transform bounds what the data itself carries: when it is no more than the
    // source principal's, the destination's own mask does not matter.
    Optional<Disclosure> viaExport = exported.map(decision -> compareDecisions(decision, original));
    if (viaExport.isPresent() && passes(viaExport.get())) {
      return viaExport.get();
    }
    boolean opaqueAtDestination =
        destination.opaqueMask(table.destinationTable(), pair.destination());
    boolean opaqueAtSource = source.opaqueMask(table.sourceTable(), pair.source());
    if (opaqueAtDestination) {
      add(
          FindingSeverity.REVIEW,
          FindingCause.LOSS,
          compared,
          "the destination's mask on "
              + object
              + " holds SQL Passport does not understand: what "
              + principal.describe()
              + " sees cannot be compared"
              + exportedNote);
      return Disclosure.UNKNOWN;
    }
    Disclosure direct = compareDecisions(shown, renamed(original, table.rename()));
    Disclosure effective = viaExport.map(other -> stricter(direct, other)).orElse(direct);
    if (passes(effective)) {
      return effective;
    }
    if (opaqueAtSource) {
      add(
          FindingSeverity.REVIEW,
          FindingCause.LOSS,
          compared,
          "the source's mask on "
              + pair.source()
              + " holds SQL Passport does not understand: what "
              + counterpart.describe()
              + " sees there cannot be compared with "
              + destinationRule.description()
              + exportedNote);
      return Disclosure.UNKNOWN;
    }
    if (effective == Disclosure.UNKNOWN) {
      add(
          FindingSeverity.REVIEW,
          FindingCause.UNKNOWN_COMPARISON,
          compared,
          "cannot order "
              + destinationRule.description()
              + " ("
              + principal.describe()
              + ") against "
              + sourceRule.description()
              + " ("
              + counterpart.describe()
              + " at the source)"
              + exportedNote);
      return effective;
    }
    FindingCause cause;
    String message;
    if (!mapped) {
      cause = FindingCause.UNMAPPED_PRINCIPAL;
      message =
          principal.describe()
              + " is mapped from no source principal and sees "
              + object
              + " as "
              + destinationRule.description()
              + "; at the source any other user sees "
              + sourceRule.description();
    } else if (unmasked(shown)) {
      cause = FindingCause.MASK_MISSING;
      message =
          principal.describe()
              + " sees "
              + object
              + " unmasked; at the source "
              + counterpart.describe()
              + " sees "
              + sourceRule.description();
    } else {
      cause = FindingCause.MASK_WEAKER;
      message =
          principal.describe()
              + " sees "
              + object
              + " as "
              + destinationRule.description()
              + ", more than "
              + counterpart.describe()
              + " at the source ("
              + sourceRule.description()
              + ")";
    }
    add(FindingSeverity.FAIL, cause, compared, message + exportedNote);
    return Disclosure.MORE;
  }

  private static boolean passes(Disclosure disclosure) {
    return disclosure == Disclosure.LESS || disclosure == Disclosure.SAME;
  }

  /** The stricter of two answers: LESS, then SAME, then UNKNOWN, then MORE. */
  private static Disclosure stricter(Disclosure left, Disclosure right) {
    return rank(left) <= rank(right) ? left : right;
  }

  private static int rank(Disclosure disclosure) {
    switch (disclosure) {
      case LESS:
        return 0;
      case SAME:
        return 1;
      case UNKNOWN:
        return 2;
      case MORE:
        return 3;
    }
    throw new AssertionError("unreachable: " + disclosure);
  }

  private static boolean unmasked(ColumnDecision decision) {
    if (decision.otherwise().kind() != TransformKind.IDENTITY) {
      return false;
    }
    for (ConditionalTransform rule : decision.rules()) {
      if (rule.transform().kind() != TransformKind.IDENTITY) {
        return false;
      }
    }
    return true;
  }

  /**
   * Orders what {@code left} shows of a readable column against {@code right}. Unconditional
   * transforms follow {@link DisclosureOrder}. Row-dependent ones: the same arms are SAME; every
   * arm of {@code left} at most every arm of {@code right} is LESS (or SAME); a default arm that
   * shows more is MORE; anything else is UNKNOWN.
   */
  static Disclosure compareDecisions(ColumnDecision left, ColumnDecision right) {
    if (left.rules().isEmpty() && right.rules().isEmpty()) {
      return DisclosureOrder.compare(left.otherwise(), right.otherwise());
    }
    if (left.rules().equals(right.rules()) && left.otherwise().equals(right.otherwise())) {
      return Disclosure.SAME;
    }
    boolean allPass = true;
    boolean allSame = true;
    for (Transform leftArm : arms(left)) {
      for (Transform rightArm : arms(right)) {
        Disclosure pairwise = DisclosureOrder.compare(leftArm, rightArm);
        allPass &= passes(pairwise);
        allSame &= pairwise == Disclosure.SAME;
      }
    }
    if (allPass) {
      return allSame ? Disclosure.SAME : Disclosure.LESS;
    }
    if (DisclosureOrder.compare(left.otherwise(), right.otherwise()) == Disclosure.MORE) {
      return Disclosure.MORE;
    }
    return Disclosure.UNKNOWN;
  }

  private static List<Transform> arms(ColumnDecision decision) {
    List<Transform> arms = new ArrayList<>();
    for (ConditionalTransform rule : decision.rules()) {
      arms.add(rule.transform());
    }
    arms.add(decision.otherwise());
    return arms;
  }

  /** A source decision with its row conditions and custom masks in destination column names. */
  private static ColumnDecision renamed(ColumnDecision decision, UnaryOperator<Expr> rename) {
    List<ConditionalTransform> rules = new ArrayList<>();
    for (ConditionalTransform rule : decision.rules()) {
      rules.add(
          new ConditionalTransform(
              rename.apply(rule.condition()), renamed(rule.transform(), rename)));
    }
    return new ColumnDecision(
        decision.column(), decision.readable(), rules, renamed(decision.otherwise(), rename));
  }

  private static Transform renamed(Transform transform, UnaryOperator<Expr> rename) {
    if (transform instanceof Transform.Expression expression) {
      return new Transform.Expression(rename.apply(expression.expression()));
    }
    return transform;
  }

  private static boolean containsOpaque(Expr expr) {
    return ExprTrees.anyMatch(expr, node -> node instanceof Expr.Opaque);
  }

  /** The decision's column when it lists it; otherwise asked of the evaluator on its own. */
  private static ColumnDecision columnOf(
      Side side, Decision decision, GatePrincipal principal, Securable column) {
    return columnOf(side, decision, context(principal), column);
  }

  private static ColumnDecision columnOf(
      Side side, Decision decision, PrincipalContext context, Securable column) {
    ColumnDecision listed = decision.columns().get(column.column().get());
    if (listed != null) {
      return listed;
    }
    return side.evaluator.column(context, column, Action.SELECT);
  }

  // ---------------------------------------------------------------- descriptions and origins

  private static String rowsView(Side side, Decision decision) {
    if (!decision.allowed()) {
      return "no rows (" + firstReason(decision, "denied") + ")";
    }
    return GateDescriptions.rows(decision.rowFilter(), side.dialect);
  }

  /** The first reason starting with {@code prefix}, or the prefix alone. */
  private static String firstReason(Decision decision, String prefix) {
    for (String reason : decision.reasons()) {
      if (reason.startsWith(prefix)) {
        return reason;
      }
    }
    return prefix;
  }

  private static List<Origin> grantOrigins(Decision decision) {
    return decision.grantedBy().map(grant -> List.of(grant.origin())).orElse(List.of());
  }

  /**
   * The filters that decide the principal's rows on the side (see {@link DecidingRules}), then the
   * grant that allowed reading.
   */
  private static List<Origin> rowOrigins(Decision decision) {
    Set<Origin> origins = new LinkedHashSet<>();
    for (RowFilter filter : decision.appliedRowFilters()) {
      origins.add(filter.origin());
    }
    origins.addAll(grantOrigins(decision));
    return List.copyOf(origins);
  }

  /**
   * The mask chosen for the principal on the column (see {@link DecidingRules}), the grant that
   * allowed reading the table and the column grants that match the principal.
   */
  private static List<Origin> columnOrigins(
      Side side, Securable column, PrincipalContext context, Decision decision) {
    String name = column.column().get();
    Set<Origin> origins = new LinkedHashSet<>();
    for (ColumnMask mask : side.deciding.masks(context, decision, name, Action.SELECT)) {
      origins.add(mask.origin());
    }
    origins.addAll(grantOrigins(decision));
    for (Grant grant : side.deciding.columnGrants(context, decision, name, Action.SELECT)) {
      origins.add(grant.origin());
    }
    return List.copyOf(origins);
  }

  // ---------------------------------------------------------------- losses

  private void reportLosses(
      Side side, Securable table, String destinationName, Securable destinationTable) {
    for (Loss loss : side.set.losses()) {
      if (!side.touches(loss, table)) {
        continue;
      }
      RuleReference lost =
          new RuleReference(
              loss.reason() + " (" + loss.direction().name().toLowerCase(Locale.ROOT) + ")",
              List.of(loss.origin()));
      add(
          FindingSeverity.REVIEW,
          FindingCause.LOSS,
          Optional.empty(),
          Optional.empty(),
          destinationTable.qualifiedName(),
          "a loss of the "
              + side.name
              + " policy set bears on "
              + table.qualifiedName()
              + " ("
              + loss.origin().location()
              + "): "
              + loss.reason(),
          side == source ? lost : RuleReference.of(""),
          side == destination ? lost : RuleReference.of(""));
    }
  }

  /**
   * Rules that apply to whoever has a session attribute value ({@code app.tier = 'gold'} as the
   * subject of a grant, filter or mask rule) cannot be matched for principals whose session nobody
   * knows: the evaluator takes them as not matching, which could hide that one side exempts such
   * sessions and the other does not. So they make the comparison REVIEW, never a silent PASS.
   */
  private void reportAttributeSubjects(Side side, Securable table, Securable destinationTable) {
    Set<String> rules = new LinkedHashSet<>();
    List<Origin> origins = new ArrayList<>();
    for (Grant grant : side.set.grants()) {
      if (grant.securable().tableOnly().contains(table)
          && SessionAttributeRules.readsSessionAttribute(grant.grantee())) {
        rules.add(grant.describe());
        origins.add(grant.origin());
      }
    }
    for (RowFilter filter : side.set.rowFilters()) {
      if (filter.table().contains(table)
          && SessionAttributeRules.readsSessionAttribute(filter.appliesTo())) {
        rules.add("row filter " + filter.name().orElse("on " + table.qualifiedName()));
        origins.add(filter.origin());
      }
    }
    for (ColumnMask mask : side.set.columnMasks()) {
      boolean onTable =
          mask.tag().isPresent()
              || mask.column().map(column -> column.tableOnly().contains(table)).orElse(false);
      if (onTable && SessionAttributeRules.readsSessionAttribute(mask)) {
        rules.add(
            "mask " + mask.name().orElse(mask.column().map(Securable::qualifiedName).orElse("")));
        origins.add(mask.origin());
      }
    }
    if (rules.isEmpty()) {
      return;
    }
    RuleReference rule = new RuleReference(String.join("; ", rules), origins);
    add(
        FindingSeverity.REVIEW,
        FindingCause.UNKNOWN_COMPARISON,
        Optional.empty(),
        Optional.empty(),
        destinationTable.qualifiedName(),
        "the "
            + side.name
            + " policy set applies rules on "
            + table.qualifiedName()
            + " by session attribute values, which are unknown when the policies are compared: "
            + String.join("; ", rules),
        side == source ? rule : RuleReference.of(""),
        side == destination ? rule : RuleReference.of(""));
  }

  /** A finding about a principal and the source principal it is compared with. */
  private void add(
      FindingSeverity severity, FindingCause cause, Compared compared, String message) {
    add(
        severity,
        cause,
        Optional.of(compared.principal()),
        Optional.of(compared.counterpart()),
        compared.object(),
        message,
        compared.sourceRule(),
        compared.destinationRule());
  }

  private void add(
      FindingSeverity severity,
      FindingCause cause,
      Optional<GatePrincipal> principal,
      Optional<GatePrincipal> sourcePrincipal,
      String object,
      String message,
      RuleReference sourceRule,
      RuleReference destinationRule) {
    findings.add(
        new Finding(
            severity,
            cause,
            principal,
            sourcePrincipal,
            object,
            message,
            sourceRule,
            destinationRule));
  }

  // ---------------------------------------------------------------- one side

  /** One side's policy set, compiled, with what the gate looks up in it. */
  private static final class Side {
    final String name;
    final String label;
    final PolicySet set;
    final Evaluator evaluator;
    final SqlDialect dialect;
    final DecidingRules deciding;
    private final Map<String, Boolean> opaqueMasks = new HashMap<>();

    Side(String name, String label, PolicySet set) {
      this.name = name;
      this.label = label;
      this.set = set;
      // A set without grants would deny everyone; the NO_GRANTS finding says access was not
      // compared, and filters and masks still are. Nobody knows the session values of the
      // principals compared, so session attributes stay unknown rather than NULL: as NULL, a
      // filter on one would hide every row on both sides, and every mask behind it.
      EvaluationOptions unknownSessions = EvaluationOptions.defaults().withUnsetAttributesUnknown();
      EvaluationOptions options =
          set.grants().isEmpty()
              ? unknownSessions.withAccessAssumedWithoutGrants()
              : unknownSessions;
      this.evaluator = Evaluator.compile(set, options);
      this.dialect = SqlDialect.forSystem(set.source().system());
      this.deciding = new DecidingRules(evaluator);
    }

    /** Users, roles and groups the set declares or its rules name, then any other user. */
    List<GatePrincipal> principals() {
      Set<GatePrincipal> result = new LinkedHashSet<>();
      for (Principal principal : set.principals()) {
        switch (principal.kind()) {
          case USER:
            result.add(GatePrincipal.user(principal.name()));
            break;
          case ROLE:
            result.add(GatePrincipal.role(principal.name()));
            break;
          case GROUP:
            result.add(GatePrincipal.group(principal.name()));
            break;
        }
      }
      Set<String> declared = new LinkedHashSet<>();
      for (Principal principal : set.principals()) {
        declared.add(principal.name());
      }
      List<GatePrincipal> referenced = new ArrayList<>();
      for (Grant grant : set.grants()) {
        referenced(grant.grantee(), referenced);
      }
      for (RowFilter filter : set.rowFilters()) {
        referenced(filter.appliesTo(), referenced);
      }
      for (ColumnMask mask : set.columnMasks()) {
        referenced(mask.appliesTo(), referenced);
        for (MaskRule rule : mask.rules()) {
          referenced(rule.subject(), referenced);
        }
      }
      for (Table table : set.tables()) {
        referenced(table.rowSecurity().exempt(), referenced);
      }
      for (GatePrincipal principal : referenced) {
        if (!declared.contains(principal.name())) {
          result.add(principal);
        }
      }
      List<GatePrincipal> ordered = new ArrayList<>(result);
      ordered.sort(Comparator.comparing(GatePrincipal::kind));
      ordered.add(GatePrincipal.anyOtherUser());
      return ordered;
    }

    private static void referenced(Subject subject, List<GatePrincipal> into) {
      switch (subject.kind()) {
        case EVERYONE:
        case ATTRIBUTE_EQUALS:
          break;
        case HAS_ROLE:
          into.add(GatePrincipal.role(((Subject.HasRole) subject).role()));
          break;
        case IS_USER:
          into.add(GatePrincipal.user(((Subject.IsUser) subject).user()));
          break;
        case IN_GROUP:
          into.add(GatePrincipal.group(((Subject.InGroup) subject).group()));
          break;
        case ANY_OF:
          for (Subject each : ((Subject.AnyOf) subject).subjects()) {
            referenced(each, into);
          }
          break;
        case ALL_OF:
          for (Subject each : ((Subject.AllOf) subject).subjects()) {
            referenced(each, into);
          }
          break;
        case NOT:
          referenced(((Subject.Not) subject).subject(), into);
          break;
      }
    }

    /** The columns the evaluator lists for the table: its entry's, then directly masked ones. */
    List<String> knownColumns(Securable table) {
      Set<String> columns =
          new LinkedHashSet<>(
              evaluator
                  .decide(context(GatePrincipal.anyOtherUser()), table, Action.SELECT)
                  .columns()
                  .keySet());
      if (!describesColumns(table)) {
        // Without a column list (a view read from DDL, say) the columns the table's row filters
        // read exist too and move with it; left out, a filter could not be compared at all.
        for (RowFilter filter : set.rowFilters()) {
          if (filter.table().contains(table)) {
            ExprTrees.forEach(
                filter.predicate(),
                node -> {
                  if (node instanceof Expr.Column column && column.qualifier().isEmpty()) {
                    columns.add(column.name());
                  }
                });
          }
        }
      }
      return List.copyOf(columns);
    }

    /** Whether the set has a table entry that lists the table's columns. */
    boolean describesColumns(Securable table) {
      for (Table entry : set.tables()) {
        if (entry.name().contains(table) && !entry.columns().isEmpty()) {
          return true;
        }
      }
      return false;
    }

    /** The masks that may apply to a column: its own, and those of tags on it or its table. */
    List<ColumnMask> masksOn(Securable table, String column) {
      Set<String> tags = new LinkedHashSet<>();
      for (Tag tag : set.tags()) {
        for (TagAssignment assignment : tag.assignments()) {
          Securable target = assignment.target();
          boolean onTable = target.level() == SecurableLevel.TABLE && target.contains(table);
          boolean onColumn =
              target.level() == SecurableLevel.COLUMN
                  && target.tableOnly().contains(table)
                  && target.column().get().equals(column);
          if (onTable || onColumn) {
            tags.add(tag.name());
          }
        }
      }
      List<ColumnMask> masks = new ArrayList<>();
      for (ColumnMask mask : set.columnMasks()) {
        if (mask.column().isPresent()) {
          Securable masked = mask.column().get();
          if (masked.tableOnly().contains(table) && masked.column().get().equals(column)) {
            masks.add(mask);
          }
        } else if (tags.contains(mask.tag().get().tag())) {
          masks.add(mask);
        }
      }
      return masks;
    }

    /** Whether a mask that may apply to the column holds opaque SQL. */
    boolean opaqueMask(Securable table, String column) {
      return opaqueMasks.computeIfAbsent(
          table.qualifiedName() + "\u0000" + column,
          key -> {
            for (ColumnMask mask : masksOn(table, column)) {
              if (opaque(mask.otherwise())) {
                return true;
              }
              for (MaskRule rule : mask.rules()) {
                if (containsOpaque(rule.condition()) || opaque(rule.transform())) {
                  return true;
                }
              }
            }
            return false;
          });
    }

    private static boolean opaque(Transform transform) {
      return transform instanceof Transform.Expression expression
          && containsOpaque(expression.expression());
    }

    /**
     * Whether a loss may bear on the table: its origin names no object (it may bear on anything),
     * names a principal (whose access it changes everywhere), the table or a column of it, or is
     * (or names) a filter, mask, grant or definition on the table.
     */
    boolean touches(Loss loss, Securable table) {
      Origin origin = loss.origin();
      if (origin.object().isEmpty()) {
        return true;
      }
      String object = origin.object().get();
      if (namesTable(object, table)) {
        return true;
      }
      String wanted = normalise(object);
      for (Principal principal : set.principals()) {
        if (normalise(principal.name()).equals(wanted)) {
          return true;
        }
      }
      Set<String> names = new LinkedHashSet<>();
      Set<Origin> origins = new LinkedHashSet<>();
      for (RowFilter filter : set.rowFilters()) {
        if (filter.table().contains(table)) {
          origins.add(filter.origin());
          filter.name().ifPresent(names::add);
          filter.definition().ifPresent(names::add);
        }
      }
      for (ColumnMask mask : set.columnMasks()) {
        boolean onTable =
            mask.column().isPresent() ? mask.column().get().tableOnly().contains(table) : true;
        if (onTable && (mask.column().isPresent() || tagged(mask.tag().get().tag(), table))) {
          origins.add(mask.origin());
          mask.name().ifPresent(names::add);
          mask.definition().ifPresent(names::add);
        }
      }
      for (Grant grant : set.grants()) {
        Securable securable = grant.securable();
        Securable scope =
            securable.level() == SecurableLevel.COLUMN ? securable.tableOnly() : securable;
        if (scope.contains(table)) {
          origins.add(grant.origin());
        }
      }
      if (origins.contains(origin)) {
        return true;
      }
      for (Origin each : origins) {
        each.object().ifPresent(names::add);
      }
      for (String name : names) {
        if (normalise(name).equals(wanted)) {
          return true;
        }
      }
      return false;
    }

    private boolean tagged(String tagName, Securable table) {
      for (Tag tag : set.tags()) {
        if (tag.name().equals(tagName)) {
          for (TagAssignment assignment : tag.assignments()) {
            if (assignment.target().tableOnly().contains(table)) {
              return true;
            }
          }
        }
      }
      return false;
    }

    /** Whether a dotted object name is the table, or a column of it, more or less qualified. */
    private static boolean namesTable(String object, Securable table) {
      List<String> parts = new ArrayList<>();
      for (String part : object.split("\\.", -1)) {
        parts.add(normalise(part));
      }
      List<String> tableParts = new ArrayList<>();
      for (String part : table.parts()) {
        tableParts.add(normalise(part));
      }
      if (suffixMatch(parts, tableParts)) {
        return true;
      }
      return parts.size() > 1 && suffixMatch(parts.subList(0, parts.size() - 1), tableParts);
    }

    /** Whether the shorter list is a suffix of the longer. */
    private static boolean suffixMatch(List<String> left, List<String> right) {
      List<String> shorter = left.size() <= right.size() ? left : right;
      List<String> longer = left.size() <= right.size() ? right : left;
      if (shorter.isEmpty()) {
        return false;
      }
      return longer.subList(longer.size() - shorter.size(), longer.size()).equals(shorter);
    }

    private static String normalise(String name) {
      return name.replace("\"", "").replace("`", "").trim().toLowerCase(Locale.ROOT);
    }
  }
}
