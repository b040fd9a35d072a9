package dev.passport.translate.ranger;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.sql.ExpressionPrinter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Writes a {@link PolicySet} as Apache Ranger policies for one {@code trino} or {@code hive}
 * service.
 *
 * <p>Artifacts, named so that Ranger's {@code LocalFolderPolicySource} can load the folder as is:
 *
 * <ul>
 *   <li>{@code <service>.json}: {@code ServicePolicies} with access (policyType 0), data-mask (1)
 *       and row-filter (2) policies, and the tag service's mask policies under {@code tagPolicies};
 *   <li>{@code <service>_roles.json}: {@code RangerRoles} for source roles the identity map makes
 *       Ranger roles;
 *   <li>{@code <service>_tag.json}: {@code ServiceTags} placing the tags of tag-driven masks;
 *   <li>{@code ranger-admin-import.json}: every policy in Ranger Admin's import shape.
 * </ul>
 *
 * <p>Ranger applies one row filter and one mask per principal: the first matching item. So the
 * translator enumerates principal classes (each known user with all its roles and groups, the
 * holders of each role or group, and {@code public}), computes each class's merged, identity-free
 * filter and mask from the source rules, and writes one item per class, users first, then roles and
 * groups with the deepest inheritance first, then {@code public}. A class whose source answer is
 * "no rows" gets the filter {@code 1 = 0}; one that is fully masked gets {@code MASK_NULL}.
 *
 * <p>Securables: a Trino policy names catalog, schema and table (and column); a Hive policy
 * database (the model's schema), table and column. A part the source does not name becomes the
 * configured default, else {@code *} (every catalog or schema), which is reported once as a loss.
 * Hive has no catalogs: the catalog is dropped, and sets that span several catalogs are reported.
 */
public final class RangerPolicyTranslator {
  /** The Admin import file's name. */
  public static final String ADMIN_IMPORT_FILE = "ranger-admin-import.json";

  private static final String FILTER_NO_ROWS = "1 = 0";
  // Keys of the row filter answers of exempt classes, beside the sets of filters others meet.
  private static final String EXEMPT_KEY = "exempt";
  private static final String OWNER_KEY = "owner";
  private static final String RANGER_VERSION = "2.9.0";
  private static final long SERVICE_ID = 1;
  private static final long TAG_SERVICE_ID = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PolicySet set;
  private final IdentityMap identities;
  private final RangerOptions options;
  private final RangerServiceType service;
  private final Set<Loss> losses = new LinkedHashSet<>();
  private final List<PrincipalClass> classes;
  private final PrincipalClassIndex index;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Map<String, Principal> principalsByName = new HashMap<>();
  private final Map<String, List<RowFilter>> rowFiltersByTable = new HashMap<>();
  private final Map<String, List<Integer>> columnMasksByColumn = new HashMap<>();
  private final Map<String, List<Integer>> tagMasksByTag = new HashMap<>();
  private final Map<String, Set<String>> tagNamesByTarget = new HashMap<>();
  private final Map<String, Map<String, String>> firstTagValues = new HashMap<>();
  private final Map<String, Map<String, String>> lastTagValues = new HashMap<>();
  private final Map<Long, TargetPrincipals> holderUnions = new HashMap<>();
  private final Map<FilterShape, Integer> filterShapes = new HashMap<>();
  private final Map<Long, RowFilterAnswer> answersByShape = new HashMap<>();
  private final Map<MaskShape, Integer> maskShapes = new HashMap<>();
  private final Map<SharedMask, RangerMasks.Mask> masksByShape = new HashMap<>();
  private final List<RangerJson.Policy> policies = new ArrayList<>();
  private final List<RangerJson.Policy> tagPolicies = new ArrayList<>();
  private final List<RangerJson.ServiceResource> taggedResources = new ArrayList<>();
  private final Map<String, RangerJson.TagDefinition> tagDefinitions = new LinkedHashMap<>();
  private final Map<String, List<Long>> resourceToTagIds = new LinkedHashMap<>();
  private boolean missingCatalogReported;
  private boolean missingSchemaReported;
  private long nextPolicyId = 1;

  private RangerPolicyTranslator(PolicySet set, IdentityMap identities, RangerOptions options) {
    this.set = set;
    this.identities = identities;
    this.options = options;
    this.service = options.serviceType();
    this.classes = PrincipalClasses.of(set, identities, losses::add);
    this.index = new PrincipalClassIndex(classes);
    // Every rule is looked up by what it protects, never found by scanning the whole set: a
    // source of thousands of tables would otherwise be read once per table and class.
    for (Table table : set.tables()) {
      tables.putIfAbsent(table.name().qualifiedName(), table);
    }
    for (Principal principal : set.principals()) {
      principalsByName.putIfAbsent(principal.name(), principal);
    }
    for (RowFilter filter : set.rowFilters()) {
      rowFiltersByTable
          .computeIfAbsent(filter.table().qualifiedName(), ignored -> new ArrayList<>())
          .add(filter);
    }
    List<ColumnMask> masks = set.columnMasks();
    for (int position = 0; position < masks.size(); position++) {
      ColumnMask mask = masks.get(position);
      String key =
          mask.column().isPresent()
              ? mask.column().get().qualifiedName()
              : mask.tag().orElseThrow().tag();
      (mask.column().isPresent() ? columnMasksByColumn : tagMasksByTag)
          .computeIfAbsent(key, ignored -> new ArrayList<>())
          .add(position);
    }
    for (Tag tag : set.tags()) {
      for (TagAssignment assignment : tag.assignments()) {
        String target = assignment.target().qualifiedName();
        tagNamesByTarget.computeIfAbsent(target, ignored -> new LinkedHashSet<>()).add(tag.name());
        firstTagValues
            .computeIfAbsent(tag.name(), ignored -> new HashMap<>())
            .putIfAbsent(target, assignment.value());
        lastTagValues
            .computeIfAbsent(tag.name(), ignored -> new HashMap<>())
            .put(target, assignment.value());
      }
    }
  }

  /**
   * The Ranger artifacts for the policy set, and what they do not say exactly as the source does.
   * The PolicySet's own losses are not repeated.
   */
  public static Translation translate(
      PolicySet set, IdentityMap identities, RangerOptions options) {
    requireNonNull(set, "set is null");
    requireNonNull(identities, "identities is null");
    requireNonNull(options, "options is null");
    return new RangerPolicyTranslator(set, identities, options).run();
  }

  /** The ServicePolicies file name for the options' service. */
  public static String servicePoliciesFile(RangerOptions options) {
    return options.serviceName() + ".json";
  }

  /** The RangerRoles file name for the options' service. */
  public static String rolesFile(RangerOptions options) {
    return options.serviceName() + "_roles.json";
  }

  /** The ServiceTags file name for the options' service. */
  public static String tagsFile(RangerOptions options) {
    return options.serviceName() + "_tag.json";
  }

  private Translation run() {
    reportCatalogs();
    accessPolicies();
    rowFilterPolicies();
    maskPolicies();
    Map<String, String> metaData = new LinkedHashMap<>();
    metaData.put("Exported by", "passport");
    metaData.put("Ranger apache version", RANGER_VERSION);
    metaData.put("Source", set.source().system().id() + " " + set.source().locator());
    set.source().extractedAt().ifPresent(at -> metaData.put("Export time", at.toString()));
    // The export lists the service's policies and then the tag service's, as written below.
    RangerJsonWriter.Files files =
        RangerJsonWriter.write(
            new RangerJson.ServicePolicies(
                options.serviceName(),
                SERVICE_ID,
                options.policyVersion(),
                policies,
                new RangerJson.TagPolicies(
                    options.tagServiceName(),
                    TAG_SERVICE_ID,
                    options.policyVersion(),
                    tagPolicies)),
            metaData);
    Map<String, String> artifacts = new LinkedHashMap<>();
    artifacts.put(servicePoliciesFile(options), files.servicePolicies());
    artifacts.put(rolesFile(options), write(roles()));
    artifacts.put(
        tagsFile(options),
        write(
            new RangerJson.ServiceTags(
                options.serviceName(),
                options.policyVersion(),
                "add_or_update",
                tagDefinitions,
                tagInstances(),
                taggedResources,
                resourceToTagIds)));
    artifacts.put(ADMIN_IMPORT_FILE, files.adminExport());
    return new Translation(artifacts, new ArrayList<>(losses));
  }

  // ---------------------------------------------------------------- access

  private void accessPolicies() {
    // Keyed by the resources themselves, and the superusers' policy by a key no resources equal.
    Map<Object, AccessPolicy> bySecurable = new LinkedHashMap<>();
    List<TargetPrincipals> superusers = new ArrayList<>();
    for (PrincipalClass principalClass : classes) {
      if (principalClass.hasFlag(PrincipalFlag.SUPERUSER) && principalClass.target().isPresent()) {
        superusers.add(principalClass.target().get());
      }
    }
    if (!superusers.isEmpty()) {
      Map<String, RangerJson.Resource> everything = new LinkedHashMap<>();
      for (String resource : service.resources()) {
        everything.put(resource, RangerJson.Resource.of("*"));
      }
      AccessPolicy policy = new AccessPolicy("superusers", everything);
      policy.allow.add(item(List.of(RangerJson.Access.of("all")), union(superusers)));
      bySecurable.put("*", policy);
    }
    // A source that records no grants allows only superusers and table owners, in the evaluator
    // as in Ranger, which denies whatever no policy allows: the policies written below say exactly
    // that, so nothing is lost and nothing is reported.
    for (Grant grant : ownerGrants()) {
      addGrant(bySecurable, grant);
    }
    for (Grant grant : set.grants()) {
      addGrant(bySecurable, grant);
    }
    for (AccessPolicy policy : bySecurable.values()) {
      policies.add(
          new RangerJson.Policy(
              nextPolicyId++,
              policy.name,
              options.serviceName(),
              RangerJson.ACCESS,
              0,
              true,
              true,
              null,
              policy.resources,
              policy.allow,
              policy.deny,
              items(policy.allowExceptions),
              items(policy.denyExceptions),
              List.of(),
              List.of()));
    }
  }

  private List<RangerJson.PolicyItem> items(TargetPrincipals exceptions) {
    if (exceptions.isEmpty()) {
      return List.of();
    }
    List<RangerJson.Access> accesses = new ArrayList<>();
    for (String type : accessTypeNames()) {
      accesses.add(RangerJson.Access.of(type));
    }
    return List.of(item(accesses, exceptions));
  }

  private List<String> accessTypeNames() {
    return service == RangerServiceType.TRINO
        ? List.of("select", "insert", "delete", "create", "use", "all")
        : List.of("select", "update", "create", "all");
  }

  // A table's owner holds every privilege on it in the warehouses Passport reads.
  private List<Grant> ownerGrants() {
    List<Grant> grants = new ArrayList<>();
    for (Table table : set.tables()) {
      if (table.owner().isEmpty()) {
        continue;
      }
      String owner = table.owner().get();
      Principal principal = principalsByName.get(owner);
      Subject grantee =
          principal != null && principal.kind() != PrincipalKind.USER
              ? Subjects.hasRole(owner)
              : Subjects.isUser(owner);
      grants.add(
          Grant.allow(
              grantee,
              Set.of(Privilege.OWNERSHIP),
              table.name(),
              Origin.of(set.source().system()).withObject(table.name().qualifiedName())));
    }
    return grants;
  }

  private void addGrant(Map<Object, AccessPolicy> bySecurable, Grant grant) {
    Set<String> accessTypes = new LinkedHashSet<>();
    for (Privilege privilege : grant.privileges()) {
      List<String> types = service.accessTypes(privilege);
      if (types.isEmpty()) {
        losses.add(
            new Loss(
                grant.origin(),
                "Privilege "
                    + privilege
                    + " on "
                    + grant.securable()
                    + " has no access type in Ranger's "
                    + service.id()
                    + " service; it is left out",
                grant.effect() == GrantEffect.ALLOW
                    ? LossDirection.STRICTER
                    : LossDirection.LOOSER));
      }
      accessTypes.addAll(types);
    }
    if (service == RangerServiceType.HIVE
        && grant.effect() == GrantEffect.ALLOW
        && accessTypes.contains("update")
        && !grant.privileges().contains(Privilege.ALL)
        && !grant.privileges().contains(Privilege.OWNERSHIP)
        && !grant
            .privileges()
            .containsAll(EnumSet.of(Privilege.INSERT, Privilege.UPDATE, Privilege.DELETE))) {
      losses.add(
          new Loss(
              grant.origin(),
              "Hive's update access type allows INSERT, UPDATE and DELETE together; "
                  + grant.privileges()
                  + " on "
                  + grant.securable()
                  + " becomes all three",
              LossDirection.LOOSER));
    }
    if (accessTypes.isEmpty()) {
      return;
    }
    List<RangerJson.Access> accesses = new ArrayList<>();
    for (String type : accessTypes) {
      accesses.add(RangerJson.Access.of(type));
    }
    Map<String, RangerJson.Resource> resources = resources(grant.securable(), true, true);
    AccessPolicy policy =
        bySecurable.computeIfAbsent(
            resources, ignored -> new AccessPolicy("access to " + grant.securable(), resources));
    // What a subject cannot say exactly is the same for every class: asking one reports it.
    folder(classes.get(0), Optional.empty(), losses::add).matches(grant.grantee(), grant.origin());
    BitSet matching = index.matching(grant.grantee());
    if (matching.isEmpty()) {
      return;
    }
    TargetPrincipals granted = union(matching);
    if (classes.get(matching.length() - 1).kind() == PrincipalClass.Kind.PUBLIC) {
      granted = TargetPrincipals.group(PrincipalClasses.PUBLIC_GROUP);
    }
    // Ranger items name principals; callers the item names but the source excludes are
    // excepted. Exceptions are policy-wide in Ranger, so an excepted class loses this securable's
    // other grants too; that is checked and reported below.
    BitSet exceptedClasses = index.reaching(granted);
    exceptedClasses.andNot(matching);
    TargetPrincipals excepted = union(exceptedClasses);
    if (grant.effect() == GrantEffect.ALLOW) {
      policy.allow.add(item(accesses, granted));
      policy.allowExceptions = policy.allowExceptions.union(excepted);
    } else {
      policy.deny.add(item(accesses, granted));
      policy.denyExceptions = policy.denyExceptions.union(excepted);
    }
    if (!policy.allowExceptions.isEmpty() || !policy.denyExceptions.isEmpty()) {
      BitSet losing =
          index.targeting(
              grant.effect() == GrantEffect.ALLOW ? policy.allowExceptions : policy.denyExceptions);
      losing.and(matching);
      for (int position = losing.nextSetBit(0);
          position >= 0;
          position = losing.nextSetBit(position + 1)) {
        losses.add(
            new Loss(
                grant.origin(),
                "Ranger exceptions are policy-wide: "
                    + classes.get(position).describe()
                    + " is excepted from another grant on "
                    + grant.securable()
                    + " and so loses this one too",
                grant.effect() == GrantEffect.ALLOW
                    ? LossDirection.STRICTER
                    : LossDirection.LOOSER));
      }
    }
  }

  private static <V> TargetPrincipals unionOfTargets(List<ClassValue<V>> values) {
    List<TargetPrincipals> targets = new ArrayList<>();
    for (ClassValue<V> value : values) {
      targets.add(value.targets);
    }
    return union(targets);
  }

  /** The Ranger principals of the classes, each name once, in class order. */
  private TargetPrincipals union(BitSet positions) {
    List<TargetPrincipals> targets = new ArrayList<>();
    for (int position = positions.nextSetBit(0);
        position >= 0;
        position = positions.nextSetBit(position + 1)) {
      classes.get(position).target().ifPresent(targets::add);
    }
    return union(targets);
  }

  // One pass instead of pairwise TargetPrincipals.union, which copies the lists each time and so
  // is quadratic over the thousands of classes one item may name.
  private static TargetPrincipals union(List<TargetPrincipals> parts) {
    Set<String> users = new LinkedHashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    Set<String> roles = new LinkedHashSet<>();
    for (TargetPrincipals part : parts) {
      users.addAll(part.users());
      groups.addAll(part.groups());
      roles.addAll(part.roles());
    }
    return new TargetPrincipals(
        new ArrayList<>(users), new ArrayList<>(groups), new ArrayList<>(roles));
  }

  private static RangerJson.PolicyItem item(
      List<RangerJson.Access> accesses, TargetPrincipals principals) {
    return new RangerJson.PolicyItem(
        accesses, principals.users(), principals.groups(), principals.roles(), false);
  }

  private static final class AccessPolicy {
    private final String name;
    private final Map<String, RangerJson.Resource> resources;
    private final List<RangerJson.PolicyItem> allow = new ArrayList<>();
    private final List<RangerJson.PolicyItem> deny = new ArrayList<>();
    private TargetPrincipals allowExceptions = TargetPrincipals.none();
    private TargetPrincipals denyExceptions = TargetPrincipals.none();

    private AccessPolicy(String name, Map<String, RangerJson.Resource> resources) {
      this.name = name;
      this.resources = resources;
    }
  }

  // ---------------------------------------------------------------- row filters

  private void rowFilterPolicies() {
    Map<String, Securable> filtered = new LinkedHashMap<>();
    for (RowFilter filter : set.rowFilters()) {
      filtered.putIfAbsent(filter.table().qualifiedName(), filter.table());
    }
    for (Table table : set.tables()) {
      if (table.rowSecurity().enabled() && table.rowSecurity().noneApplicableMeansNoRows()) {
        filtered.putIfAbsent(table.name().qualifiedName(), table.name());
      }
    }
    for (Securable table : filtered.values()) {
      List<ClassValue<String>> items = rowFilterItems(table);
      if (items.stream().allMatch(value -> value.value.isEmpty())) {
        continue;
      }
      List<RangerJson.RowFilterItem> rangerItems = new ArrayList<>();
      for (ClassValue<String> item : items) {
        rangerItems.add(
            new RangerJson.RowFilterItem(
                List.of(RangerJson.Access.of("select")),
                item.targets.users(),
                item.targets.groups(),
                item.targets.roles(),
                new RangerJson.RowFilterInfo(item.value)));
      }
      policies.add(
          new RangerJson.Policy(
              nextPolicyId++,
              "row filter on " + table,
              options.serviceName(),
              RangerJson.ROW_FILTER,
              0,
              true,
              true,
              null,
              resources(table, false, false),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              rangerItems));
    }
  }

  /**
   * The row filter items of the table. Classes that are exempt alike and meet the same filters get
   * the same text unless a filter reads the caller's identity, so the text is worked out once per
   * such answer: only the table's own filters and the classes' answers to their subjects are read,
   * whatever the size of the source.
   */
  private List<ClassValue<String>> rowFilterItems(Securable tableName) {
    Optional<Table> table = Optional.ofNullable(tables.get(tableName.qualifiedName()));
    RowSecurity security = table.map(Table::rowSecurity).orElse(RowSecurity.allAnd());
    List<RowFilter> selecting = new ArrayList<>();
    for (RowFilter filter : rowFiltersByTable.getOrDefault(tableName.qualifiedName(), List.of())) {
      if (filter.actions().contains(Action.SELECT)) {
        selecting.add(filter);
      }
    }
    BitSet unfiltered = new BitSet();
    if (security.enabled()) {
      unfiltered.or(index.flagged(PrincipalFlag.SUPERUSER));
      unfiltered.or(index.flagged(PrincipalFlag.BYPASS_ROW_SECURITY));
    } else {
      unfiltered.set(0, index.size());
    }
    BitSet exempt = index.matching(security.exempt());
    BitSet owners = new BitSet();
    if (security.ownerExempt() && table.isPresent() && table.get().owner().isPresent()) {
      String owner = table.get().owner().get();
      owners.or(index.matching(Subjects.isUser(owner)));
      owners.or(index.matching(Subjects.hasRole(owner)));
    }
    List<BitSet> appliesTo = new ArrayList<>();
    boolean[] readsIdentity = new boolean[selecting.size()];
    for (int position = 0; position < selecting.size(); position++) {
      appliesTo.add(index.matching(selecting.get(position).appliesTo()));
      readsIdentity[position] = readsIdentity(selecting.get(position).predicate());
    }
    List<BitSet> tests = new ArrayList<>(List.of(unfiltered, exempt, owners));
    tests.addAll(appliesTo);
    long shape = filterShape(table, security, selecting);
    // Everything a class's text depends on but its identity; null when a filter reads that.
    IntFunction<Object> keys =
        position -> {
          if (exempt.get(position)) {
            return EXEMPT_KEY;
          }
          if (owners.get(position)) {
            return OWNER_KEY;
          }
          BitSet applicable = new BitSet();
          for (int filter = 0; filter < selecting.size(); filter++) {
            if (appliesTo.get(filter).get(position)) {
              if (readsIdentity[filter]) {
                return null;
              }
              applicable.set(filter);
            }
          }
          return applicable;
        };
    Map<Object, RowFilterAnswer> answers = new HashMap<>();
    IntFunction<String> texts =
        position -> {
          if (unfiltered.get(position)) {
            return "";
          }
          PrincipalClass principalClass = classes.get(position);
          Object key = keys.apply(position);
          RowFilterAnswer answer = key == null ? null : answers.get(key);
          if (answer == null) {
            long shapeKey = shape << 32 | position;
            answer = answersByShape.get(shapeKey);
            if (answer == null) {
              int[] reported = {0};
              answer =
                  rowFilter(
                      tableName,
                      table,
                      security,
                      selecting,
                      principalClass,
                      loss -> {
                        reported[0]++;
                        losses.add(loss);
                      });
              // A reported answer is worked out again, so that each table reports its own.
              if (reported[0] == 0 && answer.unwritable.isEmpty()) {
                answersByShape.put(shapeKey, answer);
              }
            }
            if (key != null) {
              answers.put(key, answer);
            }
          }
          reportUnwritable(tableName, answer, principalClass);
          return answer.text;
        };
    // A text that could not be written is reported for each class, so it speaks for none.
    IntPredicate speaksForAlike =
        position -> {
          if (unfiltered.get(position)) {
            return true;
          }
          Object key = keys.apply(position);
          return key != null && answers.get(key).unwritable.isEmpty();
        };
    return items(tests, texts, speaksForAlike);
  }

  /**
   * Everything a class's filter on a table depends on but the table's name: tables whose rules look
   * alike (a large source repeats a few patterns) give each class the same text, which is then
   * folded and printed once rather than once per table, even when it reads the caller's identity.
   */
  private record FilterShape(
      RowSecurity security, Optional<String> exemptOwner, List<FilterContent> filters) {
    private FilterShape {
      requireNonNull(security, "security is null");
      requireNonNull(exemptOwner, "exemptOwner is null");
      filters = List.copyOf(filters);
    }
  }

  /** What of a selecting filter its folded, combined text depends on. */
  private record FilterContent(Subject appliesTo, Expr predicate, FilterKind kind, int priority) {
    private FilterContent {
      requireNonNull(appliesTo, "appliesTo is null");
      requireNonNull(predicate, "predicate is null");
      requireNonNull(kind, "kind is null");
    }
  }

  /** The number of the table's filter shape, the same for tables whose rules look alike. */
  private long filterShape(Optional<Table> table, RowSecurity security, List<RowFilter> selecting) {
    List<FilterContent> filters = new ArrayList<>();
    for (RowFilter filter : selecting) {
      filters.add(
          new FilterContent(
              filter.appliesTo(), filter.predicate(), filter.kind(), filter.priority()));
    }
    Optional<String> exemptOwner =
        security.ownerExempt() ? table.flatMap(Table::owner) : Optional.empty();
    return filterShapes.computeIfAbsent(
        new FilterShape(security, exemptOwner, filters), ignored -> filterShapes.size());
  }

  /**
   * A filter as Ranger text (empty for every row) and, when it could not be written, why and which
   * source filters it stands for.
   */
  private static final class RowFilterAnswer {
    private final String text;
    private final List<RowFilter> applicable;
    private final Optional<String> unwritable;

    private RowFilterAnswer(String text, List<RowFilter> applicable, Optional<String> unwritable) {
      this.text = text;
      this.applicable = applicable;
      this.unwritable = unwritable;
    }

    private static RowFilterAnswer of(String text) {
      return new RowFilterAnswer(text, List.of(), Optional.empty());
    }
  }

  private void reportUnwritable(
      Securable tableName, RowFilterAnswer answer, PrincipalClass principalClass) {
    if (answer.unwritable.isEmpty()) {
      return;
    }
    for (RowFilter filter : answer.applicable) {
      losses.add(
          new Loss(
              filter.origin(),
              "The row filter on "
                  + tableName
                  + " for "
                  + principalClass.describe()
                  + " cannot be written for Ranger "
                  + service.id()
                  + " ("
                  + answer.unwritable.get()
                  + "); no rows are visible instead",
              LossDirection.STRICTER));
    }
  }

  /** The class's one filter on the table, for a class row security applies to. */
  private RowFilterAnswer rowFilter(
      Securable tableName,
      Optional<Table> table,
      RowSecurity security,
      List<RowFilter> selecting,
      PrincipalClass principalClass,
      Consumer<Loss> reported) {
    ResidualFolder folder = folder(principalClass, Optional.empty(), reported);
    Origin tableOrigin = Origin.of(set.source().system()).withObject(tableName.qualifiedName());
    if (folder.matches(security.exempt(), tableOrigin)) {
      return RowFilterAnswer.of("");
    }
    if (security.ownerExempt() && table.isPresent() && table.get().owner().isPresent()) {
      String owner = table.get().owner().get();
      if (principalClass.user().map(owner::equals).orElse(false)
          || principalClass.roles().contains(owner)) {
        return RowFilterAnswer.of("");
      }
    }
    List<RowFilter> applicable = new ArrayList<>();
    for (RowFilter filter : selecting) {
      if (folder.matches(filter.appliesTo(), filter.origin())) {
        applicable.add(filter);
      }
    }
    Expr merged;
    if (applicable.isEmpty()) {
      merged = Expressions.literal(!security.noneApplicableMeansNoRows());
    } else {
      merged = combine(security.combination(), applicable, folder);
    }
    if (Expressions.isTrue(merged)) {
      return RowFilterAnswer.of("");
    }
    if (Expressions.isFalseOrNull(merged)) {
      return RowFilterAnswer.of(FILTER_NO_ROWS);
    }
    try {
      return RowFilterAnswer.of(ExpressionPrinter.print(merged, service.dialect()));
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      return new RowFilterAnswer(
          FILTER_NO_ROWS, List.copyOf(applicable), Optional.of(String.valueOf(e.getMessage())));
    }
  }

  private static Expr combine(
      CombinationRule rule, List<RowFilter> applicable, ResidualFolder folder) {
    switch (rule) {
      case ALL_AND:
        return Expressions.and(folded(applicable, folder));
      case ANY_OR:
        return Expressions.or(folded(applicable, folder));
      case PERMISSIVE_RESTRICTIVE:
        List<RowFilter> permissive = new ArrayList<>();
        List<RowFilter> restrictive = new ArrayList<>();
        for (RowFilter filter : applicable) {
          (filter.kind() == FilterKind.PERMISSIVE ? permissive : restrictive).add(filter);
        }
        if (permissive.isEmpty()) {
          return Expressions.alwaysFalse();
        }
        List<Expr> terms = new ArrayList<>();
        terms.add(Expressions.or(folded(permissive, folder)));
        terms.addAll(folded(restrictive, folder));
        return Expressions.and(terms);
      case FIRST_MATCH:
        RowFilter first =
            applicable.stream().min(Comparator.comparingInt(RowFilter::priority)).orElseThrow();
        return folder.fold(first.predicate(), first.origin());
    }
    throw new IllegalStateException("Unknown combination rule " + rule);
  }

  private static List<Expr> folded(List<RowFilter> filters, ResidualFolder folder) {
    List<Expr> folded = new ArrayList<>();
    for (RowFilter filter : filters) {
      folded.add(folder.fold(filter.predicate(), filter.origin()));
    }
    return folded;
  }

  // ---------------------------------------------------------------- masks

  private void maskPolicies() {
    Map<String, Securable> columns = new LinkedHashMap<>();
    for (ColumnMask mask : set.columnMasks()) {
      mask.column().ifPresent(column -> columns.putIfAbsent(column.qualifiedName(), column));
    }
    Map<String, List<Securable>> tagPathColumns = new LinkedHashMap<>();
    Map<String, ColumnMask> tagPathMasks = new LinkedHashMap<>();
    for (Tag tag : set.tags()) {
      for (Securable column : taggedColumns(tag)) {
        columns.putIfAbsent(column.qualifiedName(), column);
      }
    }
    for (Securable column : columns.values()) {
      List<ColumnMask> candidates = candidates(column);
      if (candidates.isEmpty()) {
        continue;
      }
      ColumnMask only = candidates.get(0);
      if (candidates.size() == 1 && tagPathAllowed(only)) {
        String tag = only.tag().orElseThrow().tag();
        tagPathColumns.computeIfAbsent(tag, ignored -> new ArrayList<>()).add(column);
        tagPathMasks.put(tag, only);
        continue;
      }
      List<ClassValue<RangerMasks.Mask>> items = maskItems(Optional.of(column), candidates);
      if (items.stream().allMatch(value -> value.value.type().equals(RangerMasks.MASK_NONE))) {
        continue;
      }
      policies.add(
          maskPolicy(
              "mask on " + column,
              options.serviceName(),
              resources(column, false, true),
              items,
              ""));
    }
    long tagId = 1;
    long resourceId = 1;
    for (Map.Entry<String, ColumnMask> entry : tagPathMasks.entrySet()) {
      String tag = entry.getKey();
      ColumnMask mask = entry.getValue();
      List<ClassValue<RangerMasks.Mask>> items = maskItems(Optional.empty(), List.of(mask));
      Map<String, RangerJson.Resource> tagResource = new LinkedHashMap<>();
      tagResource.put("tag", RangerJson.Resource.of(tag));
      tagPolicies.add(
          maskPolicy(
              "mask on columns tagged " + tag,
              options.tagServiceName(),
              tagResource,
              items,
              service.id() + ":"));
      long thisTag = tagId++;
      tagDefinitions.put(String.valueOf(thisTag), new RangerJson.TagDefinition(thisTag, tag));
      for (Securable column : tagPathColumns.get(tag)) {
        long id = resourceId++;
        taggedResources.add(
            new RangerJson.ServiceResource(
                id, options.serviceName(), resources(column, false, column.column().isPresent())));
        resourceToTagIds.put(String.valueOf(id), List.of(thisTag));
      }
    }
  }

  private Map<String, RangerJson.TagJson> tagInstances() {
    Map<String, RangerJson.TagJson> instances = new LinkedHashMap<>();
    for (RangerJson.TagDefinition definition : tagDefinitions.values()) {
      instances.put(
          String.valueOf(definition.id()),
          new RangerJson.TagJson(definition.id(), definition.name(), Map.of()));
    }
    return instances;
  }

  // A tag mask can stay a Ranger tag policy only when it alone masks its columns, matches the tag
  // whatever its value and type, and does not read the tag's value (tag policies cannot without
  // script conditions, which Passport never writes).
  private boolean tagPathAllowed(ColumnMask mask) {
    if (mask.tag().isEmpty()
        || mask.tag().get().value().isPresent()
        || mask.tag().get().dataType().isPresent()) {
      return false;
    }
    for (int position : tagMasksByTag.getOrDefault(mask.tag().get().tag(), List.of())) {
      if (set.columnMasks().get(position) != mask) {
        return false;
      }
    }
    return !mentionsTagValue(mask);
  }

  private static boolean mentionsTagValue(ColumnMask mask) {
    for (MaskRule rule : mask.rules()) {
      if (mentionsTagValue(rule.condition())
          || (rule.transform() instanceof Transform.Expression expression
              && mentionsTagValue(expression.expression()))) {
        return true;
      }
    }
    return mask.otherwise() instanceof Transform.Expression expression
        && mentionsTagValue(expression.expression());
  }

  private static boolean mentionsTagValue(Expr expr) {
    return ExprTrees.anyMatch(expr, node -> node instanceof Expr.ColumnTagValue);
  }

  private List<Securable> taggedColumns(Tag tag) {
    List<Securable> columns = new ArrayList<>();
    for (TagAssignment assignment : tag.assignments()) {
      Securable target = assignment.target();
      if (target.column().isPresent()) {
        columns.add(target);
      } else if (target.table().isPresent()) {
        Table table = tables.get(target.qualifiedName());
        if (table == null) {
          columns.add(target);
          continue;
        }
        for (ColumnInfo column : table.columns()) {
          columns.add(target.column(column.name()));
        }
      }
    }
    return columns;
  }

  /** The tag's value on a column, the column's own assignment before its table's. */
  private Optional<String> tagValue(Securable column, String tagName) {
    Map<String, String> first = firstTagValues.getOrDefault(tagName, Map.of());
    String own = first.get(column.qualifiedName());
    if (own != null) {
      return Optional.of(own);
    }
    if (column.column().isEmpty()) {
      return Optional.empty();
    }
    // Of the table's assignments the last one counts, as in a walk over all of them.
    return Optional.ofNullable(
        lastTagValues.getOrDefault(tagName, Map.of()).get(column.tableOnly().qualifiedName()));
  }

  /** The masks that may mask the column, in PolicySet order. */
  private List<ColumnMask> candidates(Securable column) {
    Set<Integer> positions =
        new TreeSet<>(columnMasksByColumn.getOrDefault(column.qualifiedName(), List.of()));
    Set<String> tagNames =
        new LinkedHashSet<>(tagNamesByTarget.getOrDefault(column.qualifiedName(), Set.of()));
    if (column.column().isPresent()) {
      tagNames.addAll(tagNamesByTarget.getOrDefault(column.tableOnly().qualifiedName(), Set.of()));
    }
    for (String tagName : tagNames) {
      positions.addAll(tagMasksByTag.getOrDefault(tagName, List.of()));
    }
    List<ColumnMask> candidates = new ArrayList<>();
    for (int position : positions) {
      ColumnMask mask = set.columnMasks().get(position);
      if (mask.column().isPresent()) {
        candidates.add(mask);
        continue;
      }
      String tagName = mask.tag().orElseThrow().tag();
      Optional<String> value = tagValue(column, tagName);
      if (value.isEmpty()) {
        continue;
      }
      if (mask.tag().get().value().isPresent() && !mask.tag().get().value().equals(value)) {
        continue;
      }
      if (mask.tag().get().dataType().isPresent()) {
        Optional<String> type =
            Optional.ofNullable(tables.get(column.tableOnly().qualifiedName()))
                .flatMap(table -> column.column().flatMap(table::column))
                .map(ColumnInfo::type);
        if (type.isEmpty() || !type.get().equalsIgnoreCase(mask.tag().get().dataType().get())) {
          continue;
        }
      }
      candidates.add(mask);
    }
    return candidates;
  }

  /**
   * The mask items of the column (or, with no column, of a tag policy). Classes that meet the same
   * mask and the same rules of it get the same mask unless the mask reads the caller's identity, so
   * each such answer is worked out once.
   */
  private List<ClassValue<RangerMasks.Mask>> maskItems(
      Optional<Securable> column, List<ColumnMask> candidates) {
    BitSet superusers = index.flagged(PrincipalFlag.SUPERUSER);
    List<BitSet> appliesTo = new ArrayList<>();
    List<List<BitSet>> ruleSubjects = new ArrayList<>();
    boolean[] readsIdentity = new boolean[candidates.size()];
    List<BitSet> tests = new ArrayList<>(List.of(superusers));
    for (int position = 0; position < candidates.size(); position++) {
      ColumnMask mask = candidates.get(position);
      appliesTo.add(index.matching(mask.appliesTo()));
      List<BitSet> subjects = new ArrayList<>();
      for (MaskRule rule : mask.rules()) {
        subjects.add(index.matching(rule.subject()));
      }
      ruleSubjects.add(subjects);
      readsIdentity[position] = readsIdentity(mask);
      tests.add(appliesTo.get(position));
      tests.addAll(subjects);
    }
    // Everything a class's mask depends on but its identity; null when the mask reads that.
    IntFunction<MaskKey> keys =
        position -> {
          int chosen = -1;
          for (int candidate = 0; candidate < candidates.size(); candidate++) {
            if (appliesTo.get(candidate).get(position)
                && (chosen < 0 || beats(candidates.get(candidate), candidates.get(chosen)))) {
              chosen = candidate;
            }
          }
          if (chosen >= 0 && readsIdentity[chosen]) {
            return null;
          }
          BitSet rules = new BitSet();
          if (chosen >= 0) {
            List<BitSet> subjects = ruleSubjects.get(chosen);
            for (int rule = 0; rule < subjects.size(); rule++) {
              if (subjects.get(rule).get(position)) {
                rules.set(rule);
              }
            }
          }
          return new MaskKey(chosen, rules);
        };
    Map<MaskKey, RangerMasks.Mask> answers = new HashMap<>();
    int shape = maskShape(column, candidates);
    IntFunction<RangerMasks.Mask> masks =
        position -> {
          if (superusers.get(position)) {
            return RangerMasks.Mask.builtIn(RangerMasks.MASK_NONE);
          }
          MaskKey key = keys.apply(position);
          RangerMasks.Mask mask = key == null ? null : answers.get(key);
          if (mask == null) {
            SharedMask shared = new SharedMask(shape, key == null ? position : key);
            mask = masksByShape.get(shared);
            if (mask == null) {
              int[] reported = {0};
              mask =
                  classMask(
                      column,
                      candidates,
                      classes.get(position),
                      loss -> {
                        reported[0]++;
                        losses.add(loss);
                      });
              // A reported mask is worked out again, so that each column reports its own.
              if (reported[0] == 0) {
                masksByShape.put(shared, mask);
              }
            }
            if (key != null) {
              answers.put(key, mask);
            }
          }
          return mask;
        };
    return items(
        tests, masks, position -> superusers.get(position) || keys.apply(position) != null);
  }

  /**
   * Everything a class's mask on a column depends on but the column, unless a candidate reads the
   * column's tag value: columns whose candidates look alike share their masks, which are then
   * folded and printed once rather than once per column.
   */
  private record MaskShape(Optional<String> column, List<MaskContent> candidates) {
    private MaskShape {
      requireNonNull(column, "column is null");
      candidates = List.copyOf(candidates);
    }
  }

  /** What of a candidate mask {@link #classMask} and {@link #beats} read, but its origin. */
  private record MaskContent(
      boolean byColumn,
      Subject appliesTo,
      List<MaskRule> rules,
      Transform otherwise,
      int priority) {
    private MaskContent {
      requireNonNull(appliesTo, "appliesTo is null");
      rules = List.copyOf(rules);
      requireNonNull(otherwise, "otherwise is null");
    }
  }

  /** A shape's mask for a {@link MaskKey}, or for a class position when the mask reads identity. */
  private record SharedMask(int shape, Object key) {
    private SharedMask {
      requireNonNull(key, "key is null");
    }
  }

  private int maskShape(Optional<Securable> column, List<ColumnMask> candidates) {
    List<MaskContent> contents = new ArrayList<>();
    boolean readsTagValue = false;
    for (ColumnMask mask : candidates) {
      contents.add(
          new MaskContent(
              mask.column().isPresent(),
              mask.appliesTo(),
              mask.rules(),
              mask.otherwise(),
              mask.priority()));
      readsTagValue = readsTagValue || mentionsTagValue(mask);
    }
    Optional<String> columnName =
        readsTagValue
            ? Optional.of(column.map(Securable::qualifiedName).orElse(""))
            : Optional.empty();
    return maskShapes.computeIfAbsent(
        new MaskShape(columnName, contents), ignored -> maskShapes.size());
  }

  /** What a class's mask depends on when the mask does not read the caller's identity. */
  private record MaskKey(int chosen, BitSet rules) {
    private MaskKey {
      requireNonNull(rules, "rules is null");
    }
  }

  private static boolean readsIdentity(ColumnMask mask) {
    for (MaskRule rule : mask.rules()) {
      if (readsIdentity(rule.condition())
          || (rule.transform() instanceof Transform.Expression expression
              && readsIdentity(expression.expression()))) {
        return true;
      }
    }
    return mask.otherwise() instanceof Transform.Expression expression
        && readsIdentity(expression.expression());
  }

  // Nodes ResidualFolder substitutes from the class; a column's tag value is the same for all.
  private static boolean readsIdentity(Expr expr) {
    return ExprTrees.anyMatch(
        expr,
        node ->
            node.kind() == ExprKind.CURRENT_USER
                || node.kind() == ExprKind.CURRENT_ROLE
                || node.kind() == ExprKind.HAS_ROLE
                || node.kind() == ExprKind.IN_GROUP
                || node.kind() == ExprKind.SESSION_ATTRIBUTE);
  }

  private RangerMasks.Mask classMask(
      Optional<Securable> column,
      List<ColumnMask> candidates,
      PrincipalClass principalClass,
      Consumer<Loss> reported) {
    if (principalClass.hasFlag(PrincipalFlag.SUPERUSER)) {
      return RangerMasks.Mask.builtIn(RangerMasks.MASK_NONE);
    }
    ResidualFolder folder = folder(principalClass, column, reported);
    ColumnMask chosen = null;
    for (ColumnMask mask : candidates) {
      if (!folder.matches(mask.appliesTo(), mask.origin())) {
        continue;
      }
      if (chosen == null || beats(mask, chosen)) {
        chosen = mask;
      }
    }
    if (chosen == null) {
      return RangerMasks.Mask.builtIn(RangerMasks.MASK_NONE);
    }
    List<ConditionalTransform> rules = new ArrayList<>();
    Transform otherwise = foldTransform(chosen.otherwise(), folder, chosen.origin());
    for (MaskRule rule : chosen.rules()) {
      if (!folder.matches(rule.subject(), chosen.origin())) {
        continue;
      }
      Expr condition = folder.fold(rule.condition(), chosen.origin());
      if (Expressions.isFalseOrNull(condition)) {
        continue;
      }
      Transform transform = foldTransform(rule.transform(), folder, chosen.origin());
      if (Expressions.isTrue(condition)) {
        otherwise = transform;
        break;
      }
      rules.add(new ConditionalTransform(condition, transform));
    }
    return RangerMasks.mask(rules, otherwise, service, chosen.origin(), reported);
  }

  // A column's own mask beats a tag's; then the higher priority; then the earlier one.
  private static boolean beats(ColumnMask candidate, ColumnMask chosen) {
    if (candidate.column().isPresent() != chosen.column().isPresent()) {
      return candidate.column().isPresent();
    }
    return candidate.priority() > chosen.priority();
  }

  private static Transform foldTransform(
      Transform transform, ResidualFolder folder, Origin origin) {
    if (transform instanceof Transform.Expression expression) {
      return new Transform.Expression(folder.fold(expression.expression(), origin));
    }
    return transform;
  }

  private RangerJson.Policy maskPolicy(
      String name,
      String serviceName,
      Map<String, RangerJson.Resource> resources,
      List<ClassValue<RangerMasks.Mask>> items,
      String prefix) {
    List<RangerJson.DataMaskItem> rangerItems = new ArrayList<>();
    for (ClassValue<RangerMasks.Mask> item : items) {
      rangerItems.add(
          new RangerJson.DataMaskItem(
              List.of(RangerJson.Access.of(prefix + "select")),
              item.targets.users(),
              item.targets.groups(),
              item.targets.roles(),
              new RangerJson.DataMaskInfo(
                  prefix + item.value.type(), item.value.valueExpr().orElse(null))));
    }
    return new RangerJson.Policy(
        nextPolicyId++,
        name,
        serviceName,
        RangerJson.DATA_MASK,
        0,
        true,
        true,
        null,
        resources,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        rangerItems,
        List.of());
  }

  // ---------------------------------------------------------------- items

  /** One class's answer, or an item's: the answer and the Ranger principals that carry it. */
  private static final class ClassValue<V> {
    private final PrincipalClass principalClass;
    private final V value;
    private final TargetPrincipals targets;

    private ClassValue(PrincipalClass principalClass, V value) {
      this(principalClass, value, principalClass.target().orElseThrow());
    }

    private ClassValue(PrincipalClass principalClass, V value, TargetPrincipals targets) {
      this.principalClass = principalClass;
      this.value = value;
      this.targets = targets;
    }
  }

  /**
   * The items in Ranger's order. A user whose answer equals that of the first role, group or public
   * item it would reach anyway needs no item of its own; adjacent items with one answer merge
   * (merging only neighbours keeps first-match order intact).
   *
   * <p>Classes are asked for their answer in class order, but not all of them: a table's rules tell
   * a few classes apart (those a test singles out: its smaller side), and the rest are alike to
   * every test, so the first of them speaks for all, unless {@code speaksForAlike} says its answer
   * is its own. The holders (roles, groups, public) users fall through to are always asked. Asking
   * every class would make a large source quadratic.
   *
   * @param tests the classes each of the table's or column's rules holds for
   * @param answers the answer of the class at a position of {@link #classes}
   */
  private <V> List<ClassValue<V>> items(
      List<BitSet> tests, IntFunction<V> answers, IntPredicate speaksForAlike) {
    BitSet named = index.withTarget();
    int namedCount = named.cardinality();
    BitSet asked = new BitSet();
    for (BitSet test : tests) {
      BitSet inside = (BitSet) test.clone();
      inside.and(named);
      if (inside.cardinality() * 2 > namedCount) {
        BitSet outside = (BitSet) named.clone();
        outside.andNot(test);
        asked.or(outside);
      } else {
        asked.or(inside);
      }
    }
    asked.or(index.holders());
    asked.or(index.usersWithoutFallback());
    asked.and(named);
    BitSet rest = (BitSet) named.clone();
    rest.andNot(asked);
    int representative = rest.nextSetBit(0);
    if (representative >= 0) {
      asked.set(representative);
    }
    Map<Integer, V> values = new HashMap<>(asked.cardinality() * 2);
    for (int position = asked.nextSetBit(0);
        position >= 0;
        position = asked.nextSetBit(position + 1)) {
      values.put(position, answers.apply(position));
      if (position == representative && !speaksForAlike.test(position)) {
        asked.or(rest);
      }
    }
    V common = representative >= 0 ? values.get(representative) : null;
    // Users that may need an item: those asked, and those whose holder answers otherwise.
    BitSet users = (BitSet) asked.clone();
    BitSet holders = index.holders();
    for (int holder = holders.nextSetBit(0); holder >= 0; holder = holders.nextSetBit(holder + 1)) {
      if (!Objects.equals(values.get(holder), common)) {
        users.or(index.fallingTo(holder));
      }
    }
    users.and(index.namedUsers());
    List<ClassValue<V>> ordered = new ArrayList<>();
    for (int user = users.nextSetBit(0); user >= 0; user = users.nextSetBit(user + 1)) {
      V value = values.containsKey(user) ? values.get(user) : common;
      int fallback = index.fallback(user);
      if (fallback < 0 || !Objects.equals(values.get(fallback), value)) {
        ordered.add(new ClassValue<>(classes.get(user), value));
      }
    }
    for (int holder = holders.nextSetBit(0); holder >= 0; holder = holders.nextSetBit(holder + 1)) {
      ordered.add(new ClassValue<>(classes.get(holder), values.get(holder)));
    }
    int listedUsers = ordered.size() - holders.cardinality();
    List<ClassValue<V>> merged = new ArrayList<>();
    int first = 0;
    while (first < ordered.size()) {
      ClassValue<V> head = ordered.get(first);
      int end = first + 1;
      while (end < ordered.size() && Objects.equals(head.value, ordered.get(end).value)) {
        end++;
      }
      List<ClassValue<V>> run = ordered.subList(first, end);
      TargetPrincipals targets;
      if (run.size() == 1) {
        targets = head.targets;
      } else if (first >= listedUsers) {
        // Every table lists the same holders in the same order: their runs recur.
        targets =
            holderUnions.computeIfAbsent(
                ((long) (first - listedUsers) << 32) | (end - listedUsers),
                ignored -> unionOfTargets(run));
      } else {
        targets = unionOfTargets(run);
      }
      merged.add(new ClassValue<>(head.principalClass, head.value, targets));
      first = end;
    }
    return merged;
  }

  // ---------------------------------------------------------------- roles

  private RangerJson.Roles roles() {
    Map<String, List<Principal>> membersByRole = new HashMap<>();
    for (Principal member : set.principals()) {
      for (String role : new LinkedHashSet<>(member.memberOf())) {
        membersByRole.computeIfAbsent(role, ignored -> new ArrayList<>()).add(member);
      }
    }
    List<RangerJson.Role> roles = new ArrayList<>();
    long id = 1;
    for (Principal role : set.principals()) {
      if (role.kind() != PrincipalKind.ROLE) {
        continue;
      }
      Optional<TargetPrincipals> target = identities.map(role);
      if (target.isEmpty() || target.get().roles().isEmpty()) {
        continue;
      }
      List<TargetPrincipals> memberTargets = new ArrayList<>();
      for (Principal member : membersByRole.getOrDefault(role.name(), List.of())) {
        identities.map(member).ifPresent(memberTargets::add);
      }
      TargetPrincipals members = union(memberTargets);
      for (String name : target.get().roles()) {
        roles.add(
            new RangerJson.Role(
                id++,
                name,
                true,
                roleMembers(members.users()),
                roleMembers(members.groups()),
                roleMembers(members.roles())));
      }
    }
    return new RangerJson.Roles(options.serviceName(), options.policyVersion(), roles);
  }

  private static List<RangerJson.RoleMember> roleMembers(List<String> names) {
    List<RangerJson.RoleMember> members = new ArrayList<>();
    for (String name : names) {
      members.add(new RangerJson.RoleMember(name, false));
    }
    return members;
  }

  // ---------------------------------------------------------------- resources

  private Map<String, RangerJson.Resource> resources(
      Securable securable, boolean descendants, boolean withColumn) {
    Map<String, RangerJson.Resource> resources = new LinkedHashMap<>();
    BiFunction<Optional<String>, Boolean, String> part =
        (name, deeper) -> name.orElse(deeper ? "*" : null);
    if (service == RangerServiceType.TRINO) {
      resources.put("catalog", RangerJson.Resource.of(catalog(securable)));
      if (securable.level() == dev.passport.model.SecurableLevel.CATALOG) {
        if (!descendants) {
          return resources;
        }
        resources.put("schema", RangerJson.Resource.of("*"));
      } else {
        resources.put("schema", RangerJson.Resource.of(schema(securable)));
      }
    } else {
      resources.put("database", RangerJson.Resource.of(schema(securable)));
    }
    if (securable.table().isEmpty() && !descendants) {
      return resources;
    }
    resources.put("table", RangerJson.Resource.of(part.apply(securable.table(), true)));
    if (withColumn) {
      resources.put("column", RangerJson.Resource.of(part.apply(securable.column(), true)));
    }
    return resources;
  }

  private String catalog(Securable securable) {
    if (securable.catalog().isPresent()) {
      return securable.catalog().get();
    }
    if (options.defaultCatalog().isPresent()) {
      return options.defaultCatalog().get();
    }
    if (!missingCatalogReported) {
      missingCatalogReported = true;
      losses.add(
          new Loss(
              Origin.of(set.source().system()).withObject(securable.qualifiedName()),
              "The source names objects without a catalog; their Ranger policies apply in every"
                  + " catalog (*) since no default catalog was given",
              LossDirection.UNKNOWN));
    }
    return "*";
  }

  private String schema(Securable securable) {
    if (securable.schema().isPresent()) {
      return securable.schema().get();
    }
    if (securable.level() == dev.passport.model.SecurableLevel.CATALOG) {
      return "*";
    }
    if (options.defaultSchema().isPresent()) {
      return options.defaultSchema().get();
    }
    if (!missingSchemaReported) {
      missingSchemaReported = true;
      losses.add(
          new Loss(
              Origin.of(set.source().system()).withObject(securable.qualifiedName()),
              "The source names objects without a schema; their Ranger policies apply in every"
                  + " schema (*) since no default schema was given",
              LossDirection.UNKNOWN));
    }
    return "*";
  }

  private void reportCatalogs() {
    if (service != RangerServiceType.HIVE) {
      return;
    }
    Set<String> catalogs = new LinkedHashSet<>();
    for (Table table : set.tables()) {
      table.name().catalog().ifPresent(catalogs::add);
    }
    for (Grant grant : set.grants()) {
      grant.securable().catalog().ifPresent(catalogs::add);
    }
    if (catalogs.size() > 1) {
      losses.add(
          new Loss(
              Origin.of(set.source().system()),
              "Hive has no catalogs: policies of the catalogs "
                  + catalogs
                  + " meet in one Hive service, where same-named databases are one",
              LossDirection.UNKNOWN));
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Folds subjects for the class; tag tests read the column's tags, losses go to {@code reported}.
   */
  private ResidualFolder folder(
      PrincipalClass principalClass, Optional<Securable> column, Consumer<Loss> reported) {
    return new ResidualFolder(
        principalClass, tag -> column.flatMap(securable -> tagValue(securable, tag)), reported);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR, "Cannot write Ranger JSON: " + e.getMessage(), e);
    }
  }
}
