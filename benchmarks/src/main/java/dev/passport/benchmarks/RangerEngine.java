package dev.passport.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.ranger.RangerOptions;
import dev.passport.translate.ranger.RangerPolicyTranslator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.apache.ranger.plugin.store.EmbeddedServiceDefsUtil;
import org.apache.ranger.plugin.util.RangerRoles;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * Apache Ranger's policy engine loaded, in process, with what {@link RangerPolicyTranslator} writes
 * for a synthetic PolicySet (a {@code trino} service, the standard identity map): variant A of
 * shared/reference/ranger.md §2, with no Admin, no refresher and no audit. Each call builds a fresh
 * request, as an engine's plugin does per check.
 */
public final class RangerEngine implements AutoCloseable {
  static final String SERVICE_NAME = "dev_trino";

  private final RangerBasePlugin plugin;

  private RangerEngine(RangerBasePlugin plugin) {
    this.plugin = plugin;
  }

  /**
   * Translates {@link SyntheticCatalogs#policySet(int) policySet(policies)} whole and loads the
   * result into a new plugin.
   */
  public static RangerEngine load(int policies) {
    return load(policies, policies);
  }

  /**
   * Translates {@link SyntheticCatalogs#policySet(int) policySet(policies)} in slices of {@code
   * slice} tables (which share no policy) and loads the slices' policies together, renumbered. For
   * a translator too slow for the whole set; the slices together say what the set says.
   */
  public static RangerEngine load(int policies, int slice) {
    if (slice < 1) {
      throw new IllegalArgumentException("slice must be positive: " + slice);
    }
    RangerOptions options = RangerOptions.trino(SERVICE_NAME);
    try {
      ServicePolicies merged = null;
      RangerRoles roles = null;
      List<RangerPolicy> all = new ArrayList<>();
      for (int from = 0; from < policies; from += slice) {
        PolicySet part = SyntheticCatalogs.slice(policies, from, Math.min(policies, from + slice));
        Translation translation =
            RangerPolicyTranslator.translate(part, IdentityMap.standard(), options);
        ServicePolicies translated =
            JsonUtils.jsonToObject(
                translation.artifact(RangerPolicyTranslator.servicePoliciesFile(options)),
                ServicePolicies.class);
        for (RangerPolicy policy : translated.getPolicies()) {
          policy.setId((long) all.size() + 1);
          all.add(policy);
        }
        if (merged == null) {
          merged = translated;
          roles =
              JsonUtils.jsonToObject(
                  translation.artifact(RangerPolicyTranslator.rolesFile(options)),
                  RangerRoles.class);
        }
      }
      merged.setPolicies(all);
      merged.setServiceDef(EmbeddedServiceDefsUtil.instance().getEmbeddedServiceDef("trino"));
      // The synthetic sets have no tag masks; an empty tag service needs no tag service-def.
      merged.setTagPolicies(null);
      Properties properties = new Properties();
      String prefix = "ranger.plugin.trino";
      properties.setProperty(prefix + ".service.name", SERVICE_NAME);
      properties.setProperty(prefix + ".policyengine.option.disable.policy.refresher", "true");
      properties.setProperty(prefix + ".policyengine.option.disable.tag.retriever", "true");
      properties.setProperty(prefix + ".policyengine.option.disable.userstore.retriever", "true");
      properties.setProperty("xasecure.audit.is.enabled", "false");
      RangerPluginConfig config =
          new RangerPluginConfig("trino", SERVICE_NAME, "passport-benchmarks", properties);
      return new RangerEngine(new RangerBasePlugin(config, merged, null, roles));
    } catch (Exception exception) {
      throw new IllegalStateException("Ranger could not load the translated policies", exception);
    }
  }

  /**
   * One check's arguments as an engine's plugin has them at hand: the user, its groups (under the
   * standard identity map a source role becomes a Ranger group, so every role and group in effect),
   * the table's path and the access type.
   */
  public record Request(
      String user, Set<String> groups, String catalog, String schema, String table, String access) {
    public Request {
      requireNonNull(user, "user is null");
      groups = Set.copyOf(groups);
      requireNonNull(catalog, "catalog is null");
      requireNonNull(schema, "schema is null");
      requireNonNull(table, "table is null");
      requireNonNull(access, "access is null");
    }

    /** The Ranger counterpart of an evaluator request. */
    public static Request of(
        Evaluator evaluator, PrincipalContext principal, Securable table, Action action) {
      Set<String> groups = new LinkedHashSet<>(evaluator.effectiveRoles(principal));
      groups.remove(principal.user());
      return new Request(
          principal.user(),
          groups,
          table.catalog().orElseThrow(),
          table.schema().orElseThrow(),
          table.table().orElseThrow(),
          accessType(action));
    }

    /**
     * Trino's service-def has no update access type (Trino never asks for one); asking for it
     * anyway is denied, as the source denies the synthetic sets' UPDATEs.
     */
    private static String accessType(Action action) {
      return action.name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code RangerBasePlugin.isAccessAllowed} on the table. */
  public RangerAccessResult isAccessAllowed(Request request) {
    return plugin.isAccessAllowed(request(request, Optional.empty(), request.access()));
  }

  /** {@code RangerBasePlugin.evalRowFilterPolicies} on the table, for select. */
  public RangerAccessResult evalRowFilterPolicies(Request request) {
    return plugin.evalRowFilterPolicies(request(request, Optional.empty(), "select"), null);
  }

  /** {@code RangerBasePlugin.evalDataMaskPolicies} on a column of the table, for select. */
  public RangerAccessResult evalDataMaskPolicies(Request request, String column) {
    return plugin.evalDataMaskPolicies(request(request, Optional.of(column), "select"), null);
  }

  /**
   * The Ranger request {@link #isAccessAllowed(Request)} builds, for a caller that builds it once
   * and keeps it (the counterpart of an evaluator caller that keeps its context and table).
   */
  public static RangerAccessRequestImpl accessRequest(Request request) {
    return request(request, Optional.empty(), request.access());
  }

  /**
   * The Ranger request {@link #evalRowFilterPolicies(Request)} builds, as {@link #accessRequest}.
   */
  public static RangerAccessRequestImpl rowFilterRequest(Request request) {
    return request(request, Optional.empty(), "select");
  }

  /** The Ranger request {@link #evalDataMaskPolicies(Request, String)} builds, as above. */
  public static RangerAccessRequestImpl dataMaskRequest(Request request, String column) {
    return request(request, Optional.of(column), "select");
  }

  /** {@code RangerBasePlugin.isAccessAllowed} on a request the caller keeps. */
  public RangerAccessResult isAccessAllowed(RangerAccessRequestImpl request) {
    return plugin.isAccessAllowed(request);
  }

  /** {@code RangerBasePlugin.evalRowFilterPolicies} on a request the caller keeps. */
  public RangerAccessResult evalRowFilterPolicies(RangerAccessRequestImpl request) {
    return plugin.evalRowFilterPolicies(request, null);
  }

  /** {@code RangerBasePlugin.evalDataMaskPolicies} on a request the caller keeps. */
  public RangerAccessResult evalDataMaskPolicies(RangerAccessRequestImpl request) {
    return plugin.evalDataMaskPolicies(request, null);
  }

  private static RangerAccessRequestImpl request(
      Request request, Optional<String> column, String access) {
    RangerAccessResourceImpl resource = new RangerAccessResourceImpl();
    resource.setValue("catalog", request.catalog());
    resource.setValue("schema", request.schema());
    resource.setValue("table", request.table());
    column.ifPresent(name -> resource.setValue("column", name));
    RangerAccessRequestImpl result =
        new RangerAccessRequestImpl(resource, access, request.user(), request.groups(), null);
    result.setAction(access);
    return result;
  }

  @Override
  public void close() {
    plugin.cleanup();
  }
}
