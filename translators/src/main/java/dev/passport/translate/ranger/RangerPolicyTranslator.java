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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

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
  private final Map<String, Table> tables = new LinkedHashMap<>();
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
    for (Table table : set.tables()) {
      tables.putIfAbsent(table.name().qualifiedName(), table);
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
    Map<String, String> artifacts = new LinkedHashMap<>();
    artifacts.put(
        servicePoliciesFile(options),
        write(
            new RangerJson.ServicePolicies(
                options.serviceName(),
                SERVICE_ID,
                options.policyVersion(),
                policies,
                new RangerJson.TagPolicies(
                    options.tagServiceName(),
                    TAG_SERVICE_ID,
                    options.policyVersion(),
                    tagPolicies))));
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
    List<RangerJson.Policy> all = new ArrayList<>(policies);
    all.addAll(tagPolicies);
    Map<String, String> metaData = new LinkedHashMap<>();
    metaData.put("Exported by", "passport");
    metaData.put("Ranger apache version", RANGER_VERSION);
    metaData.put("Source", set.source().system().id() + " " + set.source().locator());
    set.source().extractedAt().ifPresent(at -> metaData.put("Export time", at.toString()));
    artifacts.put(ADMIN_IMPORT_FILE, write(new RangerJson.AdminExport(metaData, all)));
    return new Translation(artifacts, new ArrayList<>(losses));
  }

  // ---------------------------------------------------------------- access

  private void accessPolicies() {
    Map<String, AccessPolicy> bySecurable = new LinkedHashMap<>();
    List<PrincipalClass> superusers = new ArrayList<>();
    for (PrincipalClass principalClass : classes) {
      if (principalClass.hasFlag(PrincipalFlag.SUPERUSER) && principalClass.target().isPresent()) {
        superusers.add(principalClass);
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
    if (set.grants().isEmpty()) {
      // The evaluator reads "no grants" as "grants were not part of the source" and allows;
      // Ranger denies without a policy. Failing closed, nothing is granted, and that is said.
      losses.add(
          new Loss(
              Origin.of(set.source().system()),
              "The source records no grants; no Ranger access policy is written, so Ranger"
                  + " denies all access until access policies are added",
              LossDirection.STRICTER));
    }
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
      Optional<Principal> principal = set.principal(owner);
      Subject grantee =
          principal.isPresent() && principal.get().kind() != PrincipalKind.USER
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

  private void addGrant(Map<String, AccessPolicy> bySecurable, Grant grant) {
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
    String key = resources.toString();
    AccessPolicy policy =
        bySecurable.computeIfAbsent(
            key, ignored -> new AccessPolicy("access to " + grant.securable(), resources));
    List<PrincipalClass> matching = new ArrayList<>();
    List<PrincipalClass> notMatching = new ArrayList<>();
    for (PrincipalClass principalClass : classes) {
      ResidualFolder folder = folder(principalClass, Optional.empty());
      if (folder.matches(grant.grantee(), grant.origin())) {
        matching.add(principalClass);
      } else {
        notMatching.add(principalClass);
      }
    }
    if (matching.isEmpty()) {
      return;
    }
    TargetPrincipals granted = union(matching);
    if (matching.get(matching.size() - 1).kind() == PrincipalClass.Kind.PUBLIC) {
      granted = TargetPrincipals.group(PrincipalClasses.PUBLIC_GROUP);
    }
    // Ranger items name principals; callers the item names but the source excludes are
    // excepted. Exceptions are policy-wide in Ranger, so an excepted class loses this securable's
    // other grants too; that is checked and reported below.
    TargetPrincipals excepted = TargetPrincipals.none();
    for (PrincipalClass principalClass : notMatching) {
      if (principalClass.target().isPresent()
          && overlaps(principalClass.memberships().union(principalClass.target().get()), granted)) {
        excepted = excepted.union(principalClass.target().get());
      }
    }
    if (grant.effect() == GrantEffect.ALLOW) {
      policy.allow.add(item(accesses, granted));
      policy.allowExceptions = policy.allowExceptions.union(excepted);
    } else {
      policy.deny.add(item(accesses, granted));
      policy.denyExceptions = policy.denyExceptions.union(excepted);
    }
    if (!policy.allowExceptions.isEmpty() || !policy.denyExceptions.isEmpty()) {
      for (PrincipalClass principalClass : matching) {
        if (principalClass.target().isPresent()
            && overlaps(
                principalClass.target().get(),
                grant.effect() == GrantEffect.ALLOW
                    ? policy.allowExceptions
                    : policy.denyExceptions)) {
          losses.add(
              new Loss(
                  grant.origin(),
                  "Ranger exceptions are policy-wide: "
                      + principalClass.describe()
                      + " is excepted from another grant on "
                      + grant.securable()
                      + " and so loses this one too",
                  grant.effect() == GrantEffect.ALLOW
                      ? LossDirection.STRICTER
                      : LossDirection.LOOSER));
        }
      }
    }
  }

  private static boolean overlaps(TargetPrincipals left, TargetPrincipals right) {
    for (String user : left.users()) {
      if (right.users().contains(user)) {
        return true;
      }
    }
    for (String group : left.groups()) {
      if (right.groups().contains(group)) {
        return true;
      }
    }
    for (String role : left.roles()) {
      if (right.roles().contains(role)) {
        return true;
      }
    }
    return false;
  }

  private static TargetPrincipals union(List<PrincipalClass> matching) {
    TargetPrincipals union = TargetPrincipals.none();
    for (PrincipalClass principalClass : matching) {
      if (principalClass.target().isPresent()) {
        union = union.union(principalClass.target().get());
      }
    }
    return union;
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
      List<ClassValue<String>> values = new ArrayList<>();
      for (PrincipalClass principalClass : classes) {
        if (principalClass.target().isPresent()) {
          values.add(new ClassValue<>(principalClass, rowFilter(table, principalClass)));
        }
      }
      List<ClassValue<String>> items = order(values);
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

  /** The class's one filter on the table as Ranger text: empty for every row. */
  private String rowFilter(Securable tableName, PrincipalClass principalClass) {
    Optional<Table> table = Optional.ofNullable(tables.get(tableName.qualifiedName()));
    RowSecurity security = table.map(Table::rowSecurity).orElse(RowSecurity.allAnd());
    if (!security.enabled()
        || principalClass.hasFlag(PrincipalFlag.SUPERUSER)
        || principalClass.hasFlag(PrincipalFlag.BYPASS_ROW_SECURITY)) {
      return "";
    }
    ResidualFolder folder = folder(principalClass, Optional.empty());
    Origin tableOrigin = Origin.of(set.source().system()).withObject(tableName.qualifiedName());
    if (folder.matches(security.exempt(), tableOrigin)) {
      return "";
    }
    if (security.ownerExempt() && table.isPresent() && table.get().owner().isPresent()) {
      String owner = table.get().owner().get();
      if (principalClass.user().map(owner::equals).orElse(false)
          || principalClass.roles().contains(owner)) {
        return "";
      }
    }
    List<RowFilter> applicable = new ArrayList<>();
    for (RowFilter filter : set.rowFilters()) {
      if (filter.table().qualifiedName().equals(tableName.qualifiedName())
          && filter.actions().contains(Action.SELECT)
          && folder.matches(filter.appliesTo(), filter.origin())) {
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
      return "";
    }
    if (Expressions.isFalseOrNull(merged)) {
      return FILTER_NO_ROWS;
    }
    try {
      return ExpressionPrinter.print(merged, service.dialect());
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      for (RowFilter filter : applicable) {
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
                    + e.getMessage()
                    + "); no rows are visible instead",
                LossDirection.STRICTER));
      }
      return FILTER_NO_ROWS;
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
      List<ClassValue<RangerMasks.Mask>> values = new ArrayList<>();
      for (PrincipalClass principalClass : classes) {
        if (principalClass.target().isPresent()) {
          values.add(
              new ClassValue<>(principalClass, classMask(column, candidates, principalClass)));
        }
      }
      List<ClassValue<RangerMasks.Mask>> items = order(values);
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
      List<ClassValue<RangerMasks.Mask>> values = new ArrayList<>();
      for (PrincipalClass principalClass : classes) {
        if (principalClass.target().isPresent()) {
          values.add(
              new ClassValue<>(
                  principalClass, classMask(Optional.empty(), List.of(mask), principalClass, tag)));
        }
      }
      List<ClassValue<RangerMasks.Mask>> items = order(values);
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
    for (ColumnMask other : set.columnMasks()) {
      if (other != mask
          && other.tag().isPresent()
          && other.tag().get().tag().equals(mask.tag().get().tag())) {
        return false;
      }
    }
    for (MaskRule rule : mask.rules()) {
      if (mentionsTagValue(rule.condition())
          || (rule.transform() instanceof Transform.Expression expression
              && mentionsTagValue(expression.expression()))) {
        return false;
      }
    }
    return !(mask.otherwise() instanceof Transform.Expression expression
        && mentionsTagValue(expression.expression()));
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
    Optional<String> tableValue = Optional.empty();
    for (Tag tag : set.tags()) {
      if (!tag.name().equals(tagName)) {
        continue;
      }
      for (TagAssignment assignment : tag.assignments()) {
        if (assignment.target().qualifiedName().equals(column.qualifiedName())) {
          return Optional.of(assignment.value());
        }
        if (column.column().isPresent()
            && assignment.target().qualifiedName().equals(column.tableOnly().qualifiedName())) {
          tableValue = Optional.of(assignment.value());
        }
      }
    }
    return tableValue;
  }

  private List<ColumnMask> candidates(Securable column) {
    List<ColumnMask> candidates = new ArrayList<>();
    for (ColumnMask mask : set.columnMasks()) {
      if (mask.column().isPresent()) {
        if (mask.column().get().qualifiedName().equals(column.qualifiedName())) {
          candidates.add(mask);
        }
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

  private RangerMasks.Mask classMask(
      Securable column, List<ColumnMask> candidates, PrincipalClass principalClass) {
    return classMask(Optional.of(column), candidates, principalClass, null);
  }

  private RangerMasks.Mask classMask(
      Optional<Securable> column,
      List<ColumnMask> candidates,
      PrincipalClass principalClass,
      String tagForMessages) {
    if (principalClass.hasFlag(PrincipalFlag.SUPERUSER)) {
      return RangerMasks.Mask.builtIn(RangerMasks.MASK_NONE);
    }
    ResidualFolder folder = folder(principalClass, column);
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
    return RangerMasks.mask(rules, otherwise, service, chosen.origin(), losses::add);
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

  /** One class's answer, and later the Ranger principals of the item that carries it. */
  private static final class ClassValue<V> {
    private final PrincipalClass principalClass;
    private final V value;
    private TargetPrincipals targets;

    private ClassValue(PrincipalClass principalClass, V value) {
      this.principalClass = principalClass;
      this.value = value;
      this.targets = principalClass.target().orElseThrow();
    }
  }

  /**
   * The items in Ranger's order. A user whose answer equals that of the first role, group or public
   * item it would reach anyway needs no item of its own; adjacent items with one answer merge
   * (merging only neighbours keeps first-match order intact).
   */
  private static <V> List<ClassValue<V>> order(List<ClassValue<V>> values) {
    List<ClassValue<V>> holders = new ArrayList<>();
    for (ClassValue<V> value : values) {
      if (value.principalClass.kind() != PrincipalClass.Kind.USER) {
        holders.add(value);
      }
    }
    List<ClassValue<V>> ordered = new ArrayList<>();
    for (ClassValue<V> value : values) {
      if (value.principalClass.kind() != PrincipalClass.Kind.USER) {
        continue;
      }
      Optional<ClassValue<V>> fallback = Optional.empty();
      for (ClassValue<V> holder : holders) {
        if (overlaps(value.principalClass.memberships(), holder.targets)) {
          fallback = Optional.of(holder);
          break;
        }
      }
      if (fallback.isEmpty() || !Objects.equals(fallback.get().value, value.value)) {
        ordered.add(value);
      }
    }
    ordered.addAll(holders);
    List<ClassValue<V>> merged = new ArrayList<>();
    for (ClassValue<V> value : ordered) {
      ClassValue<V> last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && Objects.equals(last.value, value.value)) {
        last.targets = last.targets.union(value.targets);
      } else {
        ClassValue<V> copy = new ClassValue<>(value.principalClass, value.value);
        copy.targets = value.targets;
        merged.add(copy);
      }
    }
    return merged;
  }

  // ---------------------------------------------------------------- roles

  private RangerJson.Roles roles() {
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
      TargetPrincipals members = TargetPrincipals.none();
      for (Principal member : set.principals()) {
        if (member.memberOf().contains(role.name())) {
          members = members.union(identities.map(member).orElse(TargetPrincipals.none()));
        }
      }
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

  private ResidualFolder folder(PrincipalClass principalClass, Optional<Securable> column) {
    return new ResidualFolder(
        principalClass, tag -> column.flatMap(securable -> tagValue(securable, tag)), losses::add);
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
