package dev.passport.translate.ranger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the two large Ranger files, the ServicePolicies and the Admin export, with a streaming
 * generator and Jackson's default pretty printer: the same text the records' annotations give
 * through an indenting {@code ObjectMapper}, without its reflective serializers. Both files list
 * the service's policies at the same depth, so each policy is written once and its text copied into
 * the export.
 *
 * <p>The inclusion rules mirror {@link RangerJson}'s annotations: a {@code NON_EMPTY} record leaves
 * out null and empty strings, lists and maps; a {@code NON_NULL} one only nulls; the others write
 * every member.
 */
final class RangerJsonWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  // Lists of names shorter than this are written directly: looking them up would not pay.
  private static final int SHARED_LIST_SIZE = 8;

  /**
   * The text of long lists of names by the list itself: the translator hands the same list of the
   * holders of roles and groups to many items, which would otherwise be escaped and written name by
   * name each time. A list of strings prints on one line whatever its depth.
   */
  private final Map<List<String>, char[]> sharedLists = new IdentityHashMap<>();

  private RangerJsonWriter() {}

  /** The text of the ServicePolicies file and of the Admin export, each ending in a new line. */
  record Files(String servicePolicies, String adminExport) {}

  static Files write(RangerJson.ServicePolicies servicePolicies, Map<String, String> metaData) {
    return new RangerJsonWriter().files(servicePolicies, metaData);
  }

  private Files files(RangerJson.ServicePolicies servicePolicies, Map<String, String> metaData) {
    try {
      List<RangerJson.Policy> policies = servicePolicies.policies();
      int[] starts = new int[policies.size()];
      int[] ends = new int[policies.size()];
      Text serviceText = new Text(1 << 16);
      try (JsonGenerator generator = generator(serviceText)) {
        generator.writeStartObject();
        // ServicePolicies is NON_NULL.
        if (servicePolicies.serviceName() != null) {
          generator.writeStringField("serviceName", servicePolicies.serviceName());
        }
        generator.writeNumberField("serviceId", servicePolicies.serviceId());
        generator.writeNumberField("policyVersion", servicePolicies.policyVersion());
        generator.writeArrayFieldStart("policies");
        for (int position = 0; position < policies.size(); position++) {
          generator.flush();
          starts[position] = serviceText.size();
          policy(generator, policies.get(position));
          generator.flush();
          ends[position] = serviceText.size();
        }
        generator.writeEndArray();
        RangerJson.TagPolicies tagPolicies = servicePolicies.tagPolicies();
        if (tagPolicies != null) {
          generator.writeObjectFieldStart("tagPolicies");
          generator.writeStringField("serviceName", tagPolicies.serviceName());
          generator.writeNumberField("serviceId", tagPolicies.serviceId());
          generator.writeNumberField("policyVersion", tagPolicies.policyVersion());
          generator.writeArrayFieldStart("policies");
          for (RangerJson.Policy policy : tagPolicies.policies()) {
            policy(generator, policy);
          }
          generator.writeEndArray();
          generator.writeEndObject();
        }
        generator.writeEndObject();
      }
      serviceText.write('\n');
      char[] service = serviceText.chars();

      Text exportText = new Text(serviceText.size() + (1 << 16));
      try (JsonGenerator generator = generator(exportText)) {
        generator.writeStartObject();
        generator.writeObjectFieldStart("metaDataInfo");
        for (Map.Entry<String, String> entry : metaData.entrySet()) {
          generator.writeStringField(entry.getKey(), entry.getValue());
        }
        generator.writeEndObject();
        generator.writeArrayFieldStart("policies");
        for (int position = 0; position < policies.size(); position++) {
          // The separator the generator wrote before the policy is not part of its text.
          int start = starts[position];
          while (service[start] != '{') {
            start++;
          }
          generator.writeRawValue(service, start, ends[position] - start);
        }
        if (servicePolicies.tagPolicies() != null) {
          for (RangerJson.Policy policy : servicePolicies.tagPolicies().policies()) {
            policy(generator, policy);
          }
        }
        generator.writeEndArray();
        generator.writeEndObject();
      }
      exportText.write('\n');
      return new Files(serviceText.toString(), exportText.toString());
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR, "Cannot write Ranger JSON: " + e.getMessage(), e);
    }
  }

  /**
   * A text buffer whose characters the export copies from directly. A {@code StringWriter} would
   * store Latin-1 text as bytes and check every character it is given, then widen it again.
   */
  private static final class Text extends CharArrayWriter {
    private Text(int size) {
      super(size);
    }

    private char[] chars() {
      return buf;
    }
  }

  private static JsonGenerator generator(Writer writer) throws IOException {
    JsonGenerator generator = FACTORY.createGenerator(writer);
    generator.useDefaultPrettyPrinter();
    return generator;
  }

  // ---------------------------------------------------------------- NON_EMPTY Policy

  private void policy(JsonGenerator generator, RangerJson.Policy policy) throws IOException {
    generator.writeStartObject();
    generator.writeNumberField("id", policy.id());
    nonEmptyString(generator, "name", policy.name());
    nonEmptyString(generator, "service", policy.service());
    generator.writeNumberField("policyType", policy.policyType());
    generator.writeNumberField("policyPriority", policy.policyPriority());
    generator.writeBooleanField("isEnabled", policy.isEnabled());
    generator.writeBooleanField("isAuditEnabled", policy.isAuditEnabled());
    nonEmptyString(generator, "description", policy.description());
    if (policy.resources() != null && !policy.resources().isEmpty()) {
      generator.writeObjectFieldStart("resources");
      for (Map.Entry<String, RangerJson.Resource> entry : policy.resources().entrySet()) {
        generator.writeFieldName(entry.getKey());
        resource(generator, entry.getValue());
      }
      generator.writeEndObject();
    }
    policyItems(generator, "policyItems", policy.policyItems());
    policyItems(generator, "denyPolicyItems", policy.denyPolicyItems());
    policyItems(generator, "allowExceptions", policy.allowExceptions());
    policyItems(generator, "denyExceptions", policy.denyExceptions());
    if (policy.dataMaskPolicyItems() != null && !policy.dataMaskPolicyItems().isEmpty()) {
      generator.writeArrayFieldStart("dataMaskPolicyItems");
      for (RangerJson.DataMaskItem item : policy.dataMaskPolicyItems()) {
        dataMaskItem(generator, item);
      }
      generator.writeEndArray();
    }
    if (policy.rowFilterPolicyItems() != null && !policy.rowFilterPolicyItems().isEmpty()) {
      generator.writeArrayFieldStart("rowFilterPolicyItems");
      for (RangerJson.RowFilterItem item : policy.rowFilterPolicyItems()) {
        rowFilterItem(generator, item);
      }
      generator.writeEndArray();
    }
    generator.writeEndObject();
  }

  // Resource writes every member.
  private void resource(JsonGenerator generator, RangerJson.Resource resource) throws IOException {
    generator.writeStartObject();
    generator.writeFieldName("values");
    if (resource.values() == null) {
      generator.writeNull();
    } else {
      strings(generator, resource.values());
    }
    generator.writeBooleanField("isExcludes", resource.isExcludes());
    generator.writeBooleanField("isRecursive", resource.isRecursive());
    generator.writeEndObject();
  }

  private void policyItems(JsonGenerator generator, String name, List<RangerJson.PolicyItem> items)
      throws IOException {
    if (items == null || items.isEmpty()) {
      return;
    }
    generator.writeArrayFieldStart(name);
    for (RangerJson.PolicyItem item : items) {
      generator.writeStartObject();
      principals(generator, item.accesses(), item.users(), item.groups(), item.roles());
      generator.writeBooleanField("delegateAdmin", item.delegateAdmin());
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }

  // DataMaskItem is NON_EMPTY; its DataMaskInfo NON_NULL.
  private void dataMaskItem(JsonGenerator generator, RangerJson.DataMaskItem item)
      throws IOException {
    generator.writeStartObject();
    principals(generator, item.accesses(), item.users(), item.groups(), item.roles());
    RangerJson.DataMaskInfo info = item.dataMaskInfo();
    if (info != null) {
      generator.writeObjectFieldStart("dataMaskInfo");
      if (info.dataMaskType() != null) {
        generator.writeStringField("dataMaskType", info.dataMaskType());
      }
      if (info.valueExpr() != null) {
        generator.writeStringField("valueExpr", info.valueExpr());
      }
      generator.writeEndObject();
    }
    generator.writeEndObject();
  }

  // RowFilterItem is NON_EMPTY; its RowFilterInfo writes every member.
  private void rowFilterItem(JsonGenerator generator, RangerJson.RowFilterItem item)
      throws IOException {
    generator.writeStartObject();
    principals(generator, item.accesses(), item.users(), item.groups(), item.roles());
    RangerJson.RowFilterInfo info = item.rowFilterInfo();
    if (info != null) {
      generator.writeObjectFieldStart("rowFilterInfo");
      generator.writeStringField("filterExpr", info.filterExpr());
      generator.writeEndObject();
    }
    generator.writeEndObject();
  }

  // The members every NON_EMPTY item shares, in their order.
  private void principals(
      JsonGenerator generator,
      List<RangerJson.Access> accesses,
      List<String> users,
      List<String> groups,
      List<String> roles)
      throws IOException {
    if (accesses != null && !accesses.isEmpty()) {
      generator.writeArrayFieldStart("accesses");
      for (RangerJson.Access access : accesses) {
        generator.writeStartObject();
        generator.writeStringField("type", access.type());
        generator.writeBooleanField("isAllowed", access.isAllowed());
        generator.writeEndObject();
      }
      generator.writeEndArray();
    }
    nonEmptyStrings(generator, "users", users);
    nonEmptyStrings(generator, "groups", groups);
    nonEmptyStrings(generator, "roles", roles);
  }

  private void nonEmptyString(JsonGenerator generator, String name, String value)
      throws IOException {
    if (value != null && !value.isEmpty()) {
      generator.writeStringField(name, value);
    }
  }

  private void nonEmptyStrings(JsonGenerator generator, String name, List<String> values)
      throws IOException {
    if (values != null && !values.isEmpty()) {
      generator.writeFieldName(name);
      if (values.size() < SHARED_LIST_SIZE) {
        strings(generator, values);
        return;
      }
      char[] text = sharedLists.get(values);
      if (text == null) {
        Text buffer = new Text(values.size() * 8);
        try (JsonGenerator listGenerator = generator(buffer)) {
          strings(listGenerator, values);
        }
        text = buffer.toCharArray();
        sharedLists.put(values, text);
      }
      generator.writeRawValue(text, 0, text.length);
    }
  }

  private void strings(JsonGenerator generator, List<String> values) throws IOException {
    generator.writeStartArray();
    for (String value : values) {
      if (value == null) {
        generator.writeNull();
      } else {
        generator.writeString(value);
      }
    }
    generator.writeEndArray();
  }
}
