package dev.passport.translate.lakeformation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.Audience;
import dev.passport.translate.iceberg.Audiences;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a PolicySet as AWS Lake Formation requests, JSON bodies for {@code aws lakeformation …
 * --cli-input-json} (one array per operation; feed each element to one call):
 *
 * <ul>
 *   <li>{@value #TAGS_FILE}: {@code CreateLFTag} for each tag of the set;
 *   <li>{@value #TAG_ASSIGNMENTS_FILE}: {@code AddLFTagsToResource} for each tag assignment;
 *   <li>{@value #FILTERS_FILE}: {@code CreateDataCellsFilter}, one per table and {@link Audience};
 *   <li>{@value #GRANTS_FILE}: {@code GrantPermissions} of SELECT on each filter to the class's
 *       mapped principals.
 * </ul>
 *
 * <p>Each class's filter is the evaluator's residual for it, so the source's AND-, OR- or
 * first-match-combined filters arrive already merged into one expression per principal class. Lake
 * Formation cannot mask: a masked column is excluded (reported, STRICTER); a column the class may
 * not read is excluded. A filter outside the PartiQL subset ({@link PartiqlFilters}; also any
 * {@code current_user}, which a class of unnamed users needs) is not granted at all (deny,
 * reported). Lake Formation unions a principal's grants, where the source takes the most specific
 * rule, so a user whose groups are granted more than the user is reported (LOOSER). Everyone else
 * ({@code public}) is not granted: Lake Formation has no "every principal" grantee that keeps the
 * data cells filter (reported when the source lets everyone read). Tags are written as metadata;
 * the tag-driven masks themselves are enforced by the filters' exclusions, never by LF-tag grants,
 * which would grant whole columns beside the row filter.
 */
public final class LakeFormationTranslator {
  public static final String TAGS_FILE = "lakeformation/create-lf-tags.json";
  public static final String TAG_ASSIGNMENTS_FILE = "lakeformation/add-lf-tags-to-resource.json";
  public static final String FILTERS_FILE = "lakeformation/create-data-cells-filters.json";
  public static final String GRANTS_FILE = "lakeformation/grant-permissions.json";

  private static final int MAX_TAG_KEY = 128;
  private static final int MAX_TAG_VALUES = 1000;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PolicySet set;
  private final LakeFormationOptions options;
  private final Evaluator evaluator;
  private final Set<Loss> losses = new LinkedHashSet<>();
  private final List<Audience> audiences;
  private final ArrayNode filters = JSON.createArrayNode();
  private final ArrayNode grants = JSON.createArrayNode();

  private LakeFormationTranslator(
      PolicySet set, IdentityMap identities, LakeFormationOptions options) {
    this.set = set;
    this.options = options;
    this.evaluator = Evaluator.compile(set);
    this.audiences = Audiences.of(set, evaluator, identities, losses::add);
  }

  /** The request bodies and what they do not say exactly as the source does. */
  public static Translation translate(
      PolicySet set, IdentityMap identities, LakeFormationOptions options) {
    requireNonNull(set, "set is null");
    requireNonNull(identities, "identities is null");
    requireNonNull(options, "options is null");
    return new LakeFormationTranslator(set, identities, options).run();
  }

  /** What one class may read of one table: the filter text (null for all rows) and columns. */
  private record CellAccess(String rowFilter, boolean wildcard, List<String> columns) {}

  private Translation run() {
    ArrayNode tags = JSON.createArrayNode();
    ArrayNode assignments = JSON.createArrayNode();
    for (Tag tag : set.tags()) {
      tag(tag, tags, assignments);
    }
    for (Table table : set.tables()) {
      Map<Audience, CellAccess> granted = new LinkedHashMap<>();
      for (Audience audience : audiences) {
        CellAccess access = access(table, audience);
        if (access == null) {
          continue;
        }
        if (audience.kind() == Audience.Kind.PUBLIC) {
          losses.add(
              new Loss(
                  Origin.of(set.source().system()).withObject(table.name().qualifiedName()),
                  "Everyone may read "
                      + table.name()
                      + " in the source; Lake Formation has no grantee for every principal that"
                      + " keeps a data cells filter, so nothing is granted to everyone",
                  LossDirection.STRICTER));
          continue;
        }
        if (audience.target().isEmpty()) {
          continue;
        }
        granted.put(audience, access);
        write(table, audience, access);
      }
      reportUnions(table, granted);
    }
    Map<String, String> artifacts = new LinkedHashMap<>();
    artifacts.put(TAGS_FILE, write(tags));
    artifacts.put(TAG_ASSIGNMENTS_FILE, write(assignments));
    artifacts.put(FILTERS_FILE, write(filters));
    artifacts.put(GRANTS_FILE, write(grants));
    return new Translation(artifacts, new ArrayList<>(losses));
  }

  // Null when the class is granted nothing.
  private CellAccess access(Table table, Audience audience) {
    Decision decision = evaluator.decide(audience.context(), table.name(), Action.SELECT);
    if (!decision.allowed()) {
      return null;
    }
    Expr filter = Audiences.withCurrentUser(decision.rowFilter());
    if (Expressions.isFalseOrNull(filter)) {
      return null;
    }
    String rowFilter = null;
    if (!Expressions.isTrue(filter)) {
      try {
        rowFilter = PartiqlFilters.print(filter);
      } catch (PassportException e) {
        if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
          throw e;
        }
        losses.add(
            new Loss(
                origin(table.name()),
                "The row filter of "
                    + table.name()
                    + " for "
                    + audience.describe()
                    + ": "
                    + e.getMessage()
                    + "; the class is granted nothing",
                LossDirection.STRICTER));
        return null;
      }
    }
    boolean wildcard =
        decision.grantedBy().isEmpty()
            || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN;
    List<String> visible = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ColumnInfo column : table.columns()) {
      names.add(column.name());
    }
    decision
        .columns()
        .keySet()
        .forEach(
            name -> {
              if (!names.contains(name)) {
                names.add(name);
              }
            });
    for (String name : names) {
      ColumnDecision column = decision.columns().get(name);
      if (column == null) {
        if (wildcard) {
          visible.add(name);
        } else {
          excluded.add(name);
        }
        continue;
      }
      boolean identity =
          column.unconditional().isPresent()
              && column.unconditional().get().kind() == TransformKind.IDENTITY;
      if (identity) {
        visible.add(name);
        continue;
      }
      excluded.add(name);
      if (column.readable()) {
        losses.add(
            new Loss(
                origin(table.name().column(name)),
                "Lake Formation cannot mask: column "
                    + name
                    + " of "
                    + table.name()
                    + " (mask "
                    + column.kindName()
                    + " for "
                    + audience.describe()
                    + ") is excluded",
                LossDirection.STRICTER));
      }
    }
    if (visible.isEmpty()) {
      return null;
    }
    return new CellAccess(rowFilter, wildcard, wildcard ? excluded : visible);
  }

  private void write(Table table, Audience audience, CellAccess access) {
    String database = database(table.name());
    String tableName = table.name().table().orElseThrow();
    String name = (tableName + "_" + audience.fileName()).replaceAll("[^A-Za-z0-9_-]", "_");
    ObjectNode request = filters.addObject();
    ObjectNode data = request.putObject("TableData");
    data.put("TableCatalogId", options.catalogId());
    data.put("DatabaseName", database);
    data.put("TableName", tableName);
    data.put("Name", name);
    ObjectNode rowFilter = data.putObject("RowFilter");
    if (access.rowFilter() == null) {
      rowFilter.putObject("AllRowsWildcard");
    } else {
      rowFilter.put("FilterExpression", access.rowFilter());
    }
    if (access.wildcard()) {
      ArrayNode excluded = data.putObject("ColumnWildcard").putArray("ExcludedColumnNames");
      access.columns().forEach(excluded::add);
    } else {
      ArrayNode included = data.putArray("ColumnNames");
      access.columns().forEach(included::add);
    }
    TargetPrincipals target = audience.target().orElseThrow();
    List<String> principals = new ArrayList<>();
    target.users().forEach(user -> principals.add(options.arn(options.userArn(), user)));
    target.roles().forEach(role -> principals.add(options.arn(options.roleArn(), role)));
    target.groups().forEach(group -> principals.add(options.arn(options.groupArn(), group)));
    for (String principal : principals) {
      ObjectNode grant = grants.addObject();
      grant.put("CatalogId", options.catalogId());
      grant.putObject("Principal").put("DataLakePrincipalIdentifier", principal);
      ObjectNode resource = grant.putObject("Resource").putObject("DataCellsFilter");
      resource.put("TableCatalogId", options.catalogId());
      resource.put("DatabaseName", database);
      resource.put("TableName", tableName);
      resource.put("Name", name);
      grant.putArray("Permissions").add("SELECT");
    }
  }

  // LF unions every grant a principal holds; the source gives a user the most specific answer.
  private void reportUnions(Table table, Map<Audience, CellAccess> granted) {
    for (Map.Entry<Audience, CellAccess> user : granted.entrySet()) {
      if (!user.getKey().namedUser()) {
        continue;
      }
      Set<String> roles = evaluator.effectiveRoles(user.getKey().context());
      for (Map.Entry<Audience, CellAccess> holder : granted.entrySet()) {
        Audience audience = holder.getKey();
        if (audience.namedUser()
            || !roles.contains(audience.name())
            || Objects.equals(holder.getValue(), user.getValue())) {
          continue;
        }
        losses.add(
            new Loss(
                origin(table.name()),
                "Lake Formation unions grants: "
                    + user.getKey().describe()
                    + " also receives the filter of "
                    + audience.describe()
                    + " on "
                    + table.name()
                    + ", whose rows or columns differ from the user's own",
                LossDirection.LOOSER));
      }
    }
  }

  private void tag(Tag tag, ArrayNode tags, ArrayNode assignments) {
    if (tag.name().length() > MAX_TAG_KEY) {
      losses.add(
          new Loss(
              tag.origin(),
              "Tag "
                  + tag.name()
                  + " is longer than Lake Formation's "
                  + MAX_TAG_KEY
                  + " characters; it is not created",
              LossDirection.UNKNOWN));
      return;
    }
    Set<String> values = new LinkedHashSet<>(tag.allowedValues());
    for (TagAssignment assignment : tag.assignments()) {
      values.add(assignment.value());
    }
    if (values.isEmpty()) {
      values.add("true");
    }
    if (values.size() > MAX_TAG_VALUES) {
      losses.add(
          new Loss(
              tag.origin(),
              "Tag " + tag.name() + " has more than " + MAX_TAG_VALUES + " values",
              LossDirection.UNKNOWN));
    }
    ObjectNode create = tags.addObject();
    create.put("CatalogId", options.catalogId());
    create.put("TagKey", tag.name());
    ArrayNode tagValues = create.putArray("TagValues");
    values.forEach(tagValues::add);
    for (TagAssignment assignment : tag.assignments()) {
      Securable target = assignment.target();
      ObjectNode request = assignments.addObject();
      request.put("CatalogId", options.catalogId());
      ObjectNode resource = request.putObject("Resource");
      if (target.level() == SecurableLevel.COLUMN) {
        ObjectNode columns = resource.putObject("TableWithColumns");
        columns.put("CatalogId", options.catalogId());
        columns.put("DatabaseName", database(target));
        columns.put("Name", target.table().orElseThrow());
        columns.putArray("ColumnNames").add(target.column().orElseThrow());
      } else if (target.level() == SecurableLevel.TABLE) {
        ObjectNode tableResource = resource.putObject("Table");
        tableResource.put("CatalogId", options.catalogId());
        tableResource.put("DatabaseName", database(target));
        tableResource.put("Name", target.table().orElseThrow());
      } else {
        ObjectNode databaseResource = resource.putObject("Database");
        databaseResource.put("CatalogId", options.catalogId());
        databaseResource.put("Name", database(target));
      }
      ObjectNode lfTag = request.putArray("LFTags").addObject();
      lfTag.put("CatalogId", options.catalogId());
      lfTag.put("TagKey", tag.name());
      lfTag.putArray("TagValues").add(assignment.value().isEmpty() ? "true" : assignment.value());
    }
  }

  private String database(Securable securable) {
    return options.database().orElse(securable.schema().orElse("default"));
  }

  private Origin origin(Securable securable) {
    return Origin.of(set.source().system()).withObject(securable.qualifiedName());
  }

  private static String write(ArrayNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON: " + e, e);
    }
  }
}
