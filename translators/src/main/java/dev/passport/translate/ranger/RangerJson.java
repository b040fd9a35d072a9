package dev.passport.translate.ranger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The shapes of Ranger's JSON files (ServicePolicies, RangerRoles, ServiceTags, the Admin export),
 * written by Passport's own records so that Ranger's jar stays out of the main classpath. Member
 * names follow Ranger's classes exactly; {@code is…} members are spelt out because Jackson would
 * otherwise strip the prefix.
 */
final class RangerJson {
  private RangerJson() {}

  static final int ACCESS = 0;
  static final int DATA_MASK = 1;
  static final int ROW_FILTER = 2;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({
    "id",
    "name",
    "service",
    "policyType",
    "policyPriority",
    "isEnabled",
    "isAuditEnabled",
    "description",
    "resources",
    "policyItems",
    "denyPolicyItems",
    "allowExceptions",
    "denyExceptions",
    "dataMaskPolicyItems",
    "rowFilterPolicyItems"
  })
  record Policy(
      long id,
      String name,
      String service,
      int policyType,
      int policyPriority,
      @JsonProperty("isEnabled") boolean isEnabled,
      @JsonProperty("isAuditEnabled") boolean isAuditEnabled,
      String description,
      Map<String, Resource> resources,
      List<PolicyItem> policyItems,
      List<PolicyItem> denyPolicyItems,
      List<PolicyItem> allowExceptions,
      List<PolicyItem> denyExceptions,
      List<DataMaskItem> dataMaskPolicyItems,
      List<RowFilterItem> rowFilterPolicyItems) {}

  @JsonPropertyOrder({"values", "isExcludes", "isRecursive"})
  record Resource(
      List<String> values,
      @JsonProperty("isExcludes") boolean isExcludes,
      @JsonProperty("isRecursive") boolean isRecursive) {
    static Resource of(String value) {
      return new Resource(List.of(value), false, false);
    }
  }

  @JsonPropertyOrder({"type", "isAllowed"})
  record Access(String type, @JsonProperty("isAllowed") boolean isAllowed) {
    static Access of(String type) {
      return new Access(type, true);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"accesses", "users", "groups", "roles", "delegateAdmin"})
  record PolicyItem(
      List<Access> accesses,
      List<String> users,
      List<String> groups,
      List<String> roles,
      boolean delegateAdmin) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"accesses", "users", "groups", "roles", "dataMaskInfo"})
  record DataMaskItem(
      List<Access> accesses,
      List<String> users,
      List<String> groups,
      List<String> roles,
      DataMaskInfo dataMaskInfo) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"dataMaskType", "valueExpr"})
  record DataMaskInfo(String dataMaskType, String valueExpr) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"accesses", "users", "groups", "roles", "rowFilterInfo"})
  record RowFilterItem(
      List<Access> accesses,
      List<String> users,
      List<String> groups,
      List<String> roles,
      RowFilterInfo rowFilterInfo) {}

  @JsonPropertyOrder({"filterExpr"})
  record RowFilterInfo(String filterExpr) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"serviceName", "serviceId", "policyVersion", "policies", "tagPolicies"})
  record ServicePolicies(
      String serviceName,
      long serviceId,
      long policyVersion,
      List<Policy> policies,
      TagPolicies tagPolicies) {}

  @JsonPropertyOrder({"serviceName", "serviceId", "policyVersion", "policies"})
  record TagPolicies(
      String serviceName, long serviceId, long policyVersion, List<Policy> policies) {}

  @JsonPropertyOrder({"serviceName", "roleVersion", "rangerRoles"})
  record Roles(String serviceName, long roleVersion, List<Role> rangerRoles) {}

  @JsonPropertyOrder({"id", "name", "isEnabled", "users", "groups", "roles"})
  record Role(
      long id,
      String name,
      @JsonProperty("isEnabled") boolean isEnabled,
      List<RoleMember> users,
      List<RoleMember> groups,
      List<RoleMember> roles) {}

  @JsonPropertyOrder({"name", "isAdmin"})
  record RoleMember(String name, @JsonProperty("isAdmin") boolean isAdmin) {}

  @JsonPropertyOrder({
    "serviceName",
    "tagVersion",
    "op",
    "tagDefinitions",
    "tags",
    "serviceResources",
    "resourceToTagIds"
  })
  record ServiceTags(
      String serviceName,
      long tagVersion,
      String op,
      Map<String, TagDefinition> tagDefinitions,
      Map<String, TagJson> tags,
      List<ServiceResource> serviceResources,
      Map<String, List<Long>> resourceToTagIds) {}

  @JsonPropertyOrder({"id", "name"})
  record TagDefinition(long id, String name) {}

  @JsonPropertyOrder({"id", "type", "attributes"})
  record TagJson(long id, String type, Map<String, String> attributes) {}

  @JsonPropertyOrder({"id", "serviceName", "resourceElements"})
  record ServiceResource(long id, String serviceName, Map<String, Resource> resourceElements) {}

  @JsonPropertyOrder({"metaDataInfo", "policies"})
  record AdminExport(Map<String, String> metaDataInfo, List<Policy> policies) {}
}
