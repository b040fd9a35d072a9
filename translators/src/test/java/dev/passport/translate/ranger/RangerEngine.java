package dev.passport.translate.ranger;

import dev.passport.translate.Translation;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerAccessTypeDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerDataMaskDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerDataMaskTypeDef;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.apache.ranger.plugin.store.EmbeddedServiceDefsUtil;
import org.apache.ranger.plugin.util.RangerRoles;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.apache.ranger.plugin.util.ServiceTags;

/**
 * Apache Ranger's own policy engine loaded with a translation's artifacts, in process, the way
 * reference/ranger.md's variant A does it: no Admin, no refresher, no audit.
 */
final class RangerEngine implements AutoCloseable {
  private final RangerBasePlugin plugin;
  private final RangerServiceType service;

  RangerEngine(Translation translation, RangerOptions options) throws Exception {
    this.service = options.serviceType();
    ServicePolicies policies =
        JsonUtils.jsonToObject(
            translation.artifact(RangerPolicyTranslator.servicePoliciesFile(options)),
            ServicePolicies.class);
    RangerServiceDef serviceDef =
        EmbeddedServiceDefsUtil.instance().getEmbeddedServiceDef(service.id());
    policies.setServiceDef(serviceDef);
    policies.getTagPolicies().setServiceDef(tagServiceDefFor(serviceDef));
    RangerRoles roles =
        JsonUtils.jsonToObject(
            translation.artifact(RangerPolicyTranslator.rolesFile(options)), RangerRoles.class);
    ServiceTags tags =
        JsonUtils.jsonToObject(
            translation.artifact(RangerPolicyTranslator.tagsFile(options)), ServiceTags.class);
    Properties properties = new Properties();
    String prefix = "ranger.plugin." + service.id();
    properties.setProperty(prefix + ".service.name", options.serviceName());
    properties.setProperty(prefix + ".policyengine.option.disable.policy.refresher", "true");
    properties.setProperty(prefix + ".policyengine.option.disable.tag.retriever", "true");
    properties.setProperty(prefix + ".policyengine.option.disable.userstore.retriever", "true");
    properties.setProperty("xasecure.audit.is.enabled", "false");
    RangerPluginConfig config =
        new RangerPluginConfig(service.id(), options.serviceName(), "passport-test", properties);
    this.plugin = new RangerBasePlugin(config, policies, tags, roles);
  }

  boolean allowed(String user, Set<String> groups, List<String> path, String accessType) {
    RangerAccessResult result = plugin.isAccessAllowed(request(user, groups, path, accessType));
    return result != null && result.getIsAllowed();
  }

  /** The row filter Ranger returns, empty when none is enabled. */
  String rowFilter(String user, Set<String> groups, List<String> tablePath) {
    RangerAccessResult result =
        plugin.evalRowFilterPolicies(request(user, groups, tablePath, "select"), null);
    return result != null && result.isRowFilterEnabled() ? result.getFilterExpr() : "";
  }

  /** The mask type and CUSTOM value expression, MASK_NONE when none is enabled. */
  RangerMasks.Mask mask(String user, Set<String> groups, List<String> columnPath) {
    RangerAccessResult result =
        plugin.evalDataMaskPolicies(request(user, groups, columnPath, "select"), null);
    if (result == null || !result.isMaskEnabled()) {
      return RangerMasks.Mask.builtIn(RangerMasks.MASK_NONE);
    }
    if (RangerPolicy.MASK_TYPE_CUSTOM.equals(result.getMaskType())) {
      return new RangerMasks.Mask(
          RangerMasks.CUSTOM, java.util.Optional.ofNullable(result.getMaskedValue()));
    }
    return RangerMasks.Mask.builtIn(result.getMaskType());
  }

  private RangerAccessRequestImpl request(
      String user, Set<String> groups, List<String> path, String accessType) {
    RangerAccessResourceImpl resource = new RangerAccessResourceImpl();
    List<String> names = service.resources();
    for (int index = 0; index < path.size(); index++) {
      resource.setValue(names.get(index), path.get(index));
    }
    RangerAccessRequestImpl request =
        new RangerAccessRequestImpl(resource, accessType, user, groups, null);
    request.setAction(accessType);
    return request;
  }

  // The embedded service-defs leave some item ids out; Admin numbers them in sequence.
  private static long itemId(Long itemId, long[] sequence) {
    return itemId != null ? itemId : ++sequence[0];
  }

  @Override
  public void close() {
    plugin.cleanup();
  }

  /**
   * What Ranger Admin does in AbstractServiceStore.updateTagServiceDef*: the component's access and
   * mask types, prefixed with its name, on the embedded tag service-def.
   */
  static RangerServiceDef tagServiceDefFor(RangerServiceDef component) throws Exception {
    RangerServiceDef tag = EmbeddedServiceDefsUtil.instance().getEmbeddedServiceDef("tag");
    String prefix = component.getName() + ":";
    long offset = component.getId() * 1000L;
    long[] sequence = {0};
    List<RangerAccessTypeDef> accessTypes = new ArrayList<>();
    for (RangerAccessTypeDef accessType : component.getAccessTypes()) {
      RangerAccessTypeDef copy = new RangerAccessTypeDef(accessType);
      copy.setItemId(offset + itemId(accessType.getItemId(), sequence));
      copy.setName(prefix + accessType.getName());
      if (accessType.getImpliedGrants() != null) {
        copy.setImpliedGrants(
            accessType.getImpliedGrants().stream()
                .map(implied -> prefix + implied)
                .collect(Collectors.toList()));
      }
      accessTypes.add(copy);
    }
    tag.setAccessTypes(accessTypes);
    RangerDataMaskDef dataMask = new RangerDataMaskDef();
    List<RangerDataMaskTypeDef> maskTypes = new ArrayList<>();
    for (RangerDataMaskTypeDef maskType : component.getDataMaskDef().getMaskTypes()) {
      RangerDataMaskTypeDef copy = new RangerDataMaskTypeDef(maskType);
      copy.setItemId(offset + itemId(maskType.getItemId(), sequence));
      copy.setName(prefix + maskType.getName());
      maskTypes.add(copy);
    }
    dataMask.setMaskTypes(maskTypes);
    List<RangerAccessTypeDef> maskAccessTypes = new ArrayList<>();
    for (RangerAccessTypeDef accessType : component.getDataMaskDef().getAccessTypes()) {
      RangerAccessTypeDef copy = new RangerAccessTypeDef(accessType);
      copy.setItemId(offset + itemId(accessType.getItemId(), sequence));
      copy.setName(prefix + accessType.getName());
      maskAccessTypes.add(copy);
    }
    dataMask.setAccessTypes(maskAccessTypes);
    dataMask.setResources(tag.getResources());
    tag.setDataMaskDef(dataMask);
    return tag;
  }
}
