package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.identity.IdentityMap;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a transfer keeps its data at least as protected at the destination as at the
 * source: PASS, FAIL or REVIEW, with findings that name the principal, the object, and both sides'
 * rules with their origins. Stateless and thread-safe; usable from an orchestration job as well as
 * from {@code passport gate}.
 *
 * <pre>{@code
 * GateResult result = ComplianceGate.evaluate(TransferSpecReader.read(Path.of("transfer.yaml")));
 * if (result.verdict() != GateVerdict.PASS) { ... }
 * }</pre>
 *
 * <h2>Who is compared</h2>
 *
 * Every destination principal: the destination set's users, its roles and groups (each standing for
 * "a user holding it"), the principals its rules name without declaring them, the images of the
 * source principals under the identity map, and "any other user" (someone the set does not name).
 * Each is compared with every source principal that maps to it: a destination group that two source
 * roles map to must show no more than either of them shows, since members of both end up in it.
 * Without an identity map a principal maps to the source principal of the same name (exactly, else
 * ignoring case); with one, source principals map as {@link IdentityMap#map} says (a destination
 * user matches the target users, a destination role or group the target roles and groups). "Any
 * other user" maps to the source's "any other user". A destination principal that nothing maps to
 * is <em>unmapped</em>: it is compared with the source's "any other user" and fails as
 * UNMAPPED_PRINCIPAL when it sees more.
 *
 * <h2>What is compared</h2>
 *
 * For each transferred table, with the {@link dev.passport.model.evaluation.Evaluator} of each
 * side, action SELECT:
 *
 * <ul>
 *   <li><b>Access.</b> A destination principal that may read the table (or a column) where its
 *       source principal may not: GRANT_BROADER.
 *   <li><b>Rows.</b> The destination's residual row filter must imply the source's, through {@link
 *       dev.passport.model.Implications#implies}; the source's residual is first renamed to
 *       destination column names through the column mapping (a source column that does not move
 *       keeps a name no destination column has). FAILS gives FILTER_MISSING (the destination shows
 *       every row) or FILTER_WEAKER; UNKNOWN gives UNKNOWN_COMPARISON.
 *   <li><b>Columns.</b> Each transferred column's transforms are ordered by {@link
 *       dev.passport.model.DisclosureOrder}: MORE gives MASK_MISSING (unmasked at the destination)
 *       or MASK_WEAKER; UNKNOWN gives UNKNOWN_COMPARISON. A mask whose transform depends on the row
 *       is stricter when each of its arms is at most each of the other's arms, and looser when its
 *       default arm is looser than the other's default; otherwise unknown. A source column that
 *       does not move is not disclosed; a destination column no source column lands in is out of
 *       scope (an INFO finding).
 * </ul>
 *
 * <h2>In-flight masking</h2>
 *
 * When the spec names an in-flight audience, the export was rewritten by Passport for that
 * audience: only the rows the audience sees at the source left (its residual row filter {@code A}),
 * and each column left already transformed by the audience's transform {@code T_A} (a column the
 * audience may not read did not leave). Whatever a destination principal then sees is derived from
 * that data. So:
 *
 * <ul>
 *   <li>rows: the destination principal sees the rows satisfying {@code D ∧ A}; that must imply the
 *       source principal's filter {@code S} ({@code D ∧ A ⇒ S}). With no destination filter this is
 *       {@code A ⇒ S}: the audience's rows must be rows the principal saw at the source;
 *   <li>columns: the principal sees {@code T_D ∘ T_A}: the destination's transform applied to data
 *       already transformed. Nothing can recover from the data more than {@code T_A} left in it,
 *       and the destination's transform still applies on top, so the composition discloses at most
 *       the less disclosive of the two. The column passes when either {@code T_D ≤ T_S} or {@code
 *       T_A ≤ T_S} (the stricter answer of the two comparisons counts);
 *   <li>access is not helped: a principal that could not read the table at the source and can at
 *       the destination sees data it never saw, masked or not (GRANT_BROADER); an audience that may
 *       not read the table could have exported nothing, which more likely means the spec names it
 *       wrongly (NOTHING_EXPORTED, REVIEW). Audience names match the source's exactly, else
 *       ignoring case.
 * </ul>
 *
 * <h2>Failing closed</h2>
 *
 * <ul>
 *   <li>A loss of either set that bears on a transferred table is a REVIEW finding (LOSS): its
 *       origin names the table, a column of it, or a policy, grant or definition on it; a loss
 *       whose origin names no object, or names a principal, may bear on anything and is reported
 *       for every table. Its direction is not trusted to excuse it, since whether STRICTER helps
 *       depends on whether the set was extracted (the real system is looser than the set) or
 *       translated (the target is stricter than the model).
 *   <li>Opaque SQL in a compared rule: an implication that still holds (opaque parts are atoms of
 *       unknown truth, so HOLDS is sound) passes; any other answer is LOSS, not FAIL. An opaque
 *       mask at the destination is evaluated as NULL, which would look strict, so any readable
 *       column it may cover is LOSS; at the source it is evaluated as NULL, the strictest, so only
 *       a comparison that does not pass becomes LOSS.
 *   <li>A set that records no grants cannot tell who may read: a REVIEW finding (NO_GRANTS); its
 *       evaluator assumes access so that filters and masks are still compared, and a principal that
 *       may read at one side but not the other is not a finding (access is UNKNOWN in the matrix).
 *   <li>A table name a set does not know (no policy names it) is a REVIEW finding: it is likely a
 *       misspelling, and comparing it would compare nothing.
 * </ul>
 *
 * The verdict is FAIL when any finding is FAIL, else REVIEW when any is REVIEW, else PASS: a
 * definite failure elsewhere outweighs a loss.
 */
public final class ComplianceGate {
  private ComplianceGate() {}

  /**
   * Loads the spec's policies and identity map and evaluates the transfer.
   *
   * @throws PassportException when a file cannot be read or is invalid (IO_ERROR, INVALID_JSON,
   *     PARSE_ERROR…), or a table name is ambiguous (AMBIGUOUS_NAME)
   */
  public static GateResult evaluate(TransferSpec spec) {
    requireNonNull(spec, "spec is null");
    PolicySet source = load(spec.source());
    PolicySet destination = load(spec.destination());
    Optional<IdentityMap> identityMap = spec.identityMap().map(IdentityMap::read);
    return new GateRun(
            source,
            spec.source().describe(),
            destination,
            spec.destination().describe(),
            identityMap,
            spec.tables(),
            spec.inFlight())
        .run();
  }

  /**
   * Evaluates a transfer between policy sets already in hand, as an orchestration job has them.
   *
   * @param identityMap source principal → destination principals; empty maps same names
   * @param inFlight the audience the export was rewritten for, when it was
   * @throws PassportException AMBIGUOUS_NAME when a table name matches several tables
   */
  public static GateResult evaluate(
      PolicySet source,
      PolicySet destination,
      Optional<IdentityMap> identityMap,
      List<TableTransfer> tables,
      Optional<InFlight> inFlight) {
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(identityMap, "identityMap is null");
    requireNonNull(tables, "tables is null");
    requireNonNull(inFlight, "inFlight is null");
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("a transfer moves at least one table");
    }
    return new GateRun(
            source,
            source.source().locator(),
            destination,
            destination.source().locator(),
            identityMap,
            tables,
            inFlight)
        .run();
  }

  /**
   * Reads one side's policies: the PolicySet file, or the DDL scripts through the system's
   * extractor with default options.
   *
   * @throws PassportException when a file cannot be read or is invalid
   */
  public static PolicySet load(PolicySource source) {
    requireNonNull(source, "source is null");
    switch (source.kind()) {
      case POLICY_SET:
        return PolicySetCodec.read(source.files().get(0));
      case DDL:
        return Extraction.readDdl(
                source.system().get(), source.files(), ExtractionOptions.defaults())
            .policySet();
    }
    throw new AssertionError("unreachable: " + source.kind());
  }
}
