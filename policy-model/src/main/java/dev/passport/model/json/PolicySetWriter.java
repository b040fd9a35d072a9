package dev.passport.model.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import dev.passport.model.View;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link PolicySet} to a generator. Members are written in record component order and
 * absent optionals are left out, so the bytes depend on the set alone.
 */
final class PolicySetWriter {
  private final JsonGenerator generator;

  PolicySetWriter(JsonGenerator generator) {
    this.generator = requireNonNull(generator, "generator is null");
  }

  /** Writes one member's value; may throw the generator's IOException. */
  @FunctionalInterface
  private interface ValueWriter<T> {
    void write(T value) throws IOException;
  }

  void write(PolicySet set) throws IOException {
    generator.writeStartObject();
    generator.writeNumberField("passport", PolicySet.FORMAT_VERSION);
    generator.writeFieldName("source");
    writeSource(set.source());
    writeList("principals", set.principals(), this::writePrincipal);
    writeList("tables", set.tables(), this::writeTable);
    writeList("grants", set.grants(), this::writeGrant);
    writeList("definitions", set.definitions(), this::writeDefinition);
    writeList("rowFilters", set.rowFilters(), this::writeRowFilter);
    writeList("columnMasks", set.columnMasks(), this::writeColumnMask);
    writeList("tags", set.tags(), this::writeTag);
    writeList("views", set.views(), this::writeView);
    writeList("losses", set.losses(), this::writeLoss);
    generator.writeEndObject();
  }

  private void writeSource(Source source) throws IOException {
    generator.writeStartObject();
    writeSystem("system", source.system());
    generator.writeStringField("locator", source.locator());
    writeEnum("method", source.method());
    if (source.extractedAt().isPresent()) {
      generator.writeStringField(
          "extractedAt", DateTimeFormatter.ISO_INSTANT.format(source.extractedAt().get()));
    }
    generator.writeEndObject();
  }

  private void writePrincipal(Principal principal) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("name", principal.name());
    writeEnum("kind", principal.kind());
    writeList("memberOf", principal.memberOf(), generator::writeString);
    writeStringMap("attributes", principal.attributes());
    writeEnumSet("flags", principal.flags());
    writeOrigin(principal.origin());
    generator.writeEndObject();
  }

  private void writeTable(Table table) throws IOException {
    generator.writeStartObject();
    writeSecurable("name", table.name());
    writeList("columns", table.columns(), this::writeColumnInfo);
    writeOptionalString("owner", table.owner());
    generator.writeFieldName("rowSecurity");
    writeRowSecurity(table.rowSecurity());
    generator.writeEndObject();
  }

  private void writeColumnInfo(ColumnInfo column) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("name", column.name());
    generator.writeStringField("type", column.type());
    generator.writeBooleanField("nullable", column.nullable());
    generator.writeEndObject();
  }

  private void writeRowSecurity(RowSecurity rowSecurity) throws IOException {
    generator.writeStartObject();
    generator.writeBooleanField("enabled", rowSecurity.enabled());
    writeEnum("combination", rowSecurity.combination());
    generator.writeBooleanField(
        "noneApplicableMeansNoRows", rowSecurity.noneApplicableMeansNoRows());
    generator.writeBooleanField("ownerExempt", rowSecurity.ownerExempt());
    generator.writeFieldName("exempt");
    writeSubject(rowSecurity.exempt());
    generator.writeEndObject();
  }

  private void writeGrant(Grant grant) throws IOException {
    generator.writeStartObject();
    generator.writeFieldName("grantee");
    writeSubject(grant.grantee());
    writeEnumSet("privileges", grant.privileges());
    writeSecurable("securable", grant.securable());
    writeEnum("effect", grant.effect());
    generator.writeBooleanField("withGrantOption", grant.withGrantOption());
    writeEnum("via", grant.via());
    writeOrigin(grant.origin());
    generator.writeEndObject();
  }

  private void writeDefinition(Definition definition) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("name", definition.name());
    writeEnum("kind", definition.kind());
    writeList("parameters", definition.parameters(), this::writeParameter);
    writeOptionalString("returnType", definition.returnType());
    generator.writeFieldName("body");
    writeDefinitionBody(definition.body());
    writeOrigin(definition.origin());
    generator.writeEndObject();
  }

  private void writeParameter(Parameter parameter) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("name", parameter.name());
    generator.writeStringField("type", parameter.type());
    generator.writeEndObject();
  }

  private void writeDefinitionBody(DefinitionBody body) throws IOException {
    generator.writeStartObject();
    if (body instanceof DefinitionBody.Predicate predicate) {
      generator.writeStringField("kind", "predicate");
      generator.writeFieldName("predicate");
      writeExpr(predicate.predicate());
    } else {
      DefinitionBody.Mask mask = (DefinitionBody.Mask) body;
      generator.writeStringField("kind", "mask");
      writeList("rules", mask.rules(), this::writeMaskRule);
      generator.writeFieldName("otherwise");
      writeTransform(mask.otherwise());
    }
    generator.writeEndObject();
  }

  private void writeRowFilter(RowFilter filter) throws IOException {
    generator.writeStartObject();
    writeOptionalString("name", filter.name());
    writeSecurable("table", filter.table());
    generator.writeFieldName("predicate");
    writeExpr(filter.predicate());
    if (filter.check().isPresent()) {
      generator.writeFieldName("check");
      writeExpr(filter.check().get());
    }
    generator.writeFieldName("appliesTo");
    writeSubject(filter.appliesTo());
    writeEnumSet("actions", filter.actions());
    writeEnum("kind", filter.kind());
    generator.writeNumberField("priority", filter.priority());
    writeOptionalString("definition", filter.definition());
    writeStringMap("bindings", filter.bindings());
    writeOptionalString("runAs", filter.runAs());
    writeOrigin(filter.origin());
    generator.writeEndObject();
  }

  private void writeColumnMask(ColumnMask mask) throws IOException {
    generator.writeStartObject();
    writeOptionalString("name", mask.name());
    if (mask.column().isPresent()) {
      writeSecurable("column", mask.column().get());
    }
    if (mask.tag().isPresent()) {
      generator.writeFieldName("tag");
      writeTagReference(mask.tag().get());
    }
    writeList("rules", mask.rules(), this::writeMaskRule);
    generator.writeFieldName("otherwise");
    writeTransform(mask.otherwise());
    generator.writeFieldName("appliesTo");
    writeSubject(mask.appliesTo());
    generator.writeNumberField("priority", mask.priority());
    writeOptionalString("definition", mask.definition());
    writeStringMap("bindings", mask.bindings());
    writeOrigin(mask.origin());
    generator.writeEndObject();
  }

  private void writeTagReference(TagReference reference) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("tag", reference.tag());
    writeOptionalString("value", reference.value());
    writeOptionalString("dataType", reference.dataType());
    generator.writeEndObject();
  }

  private void writeMaskRule(MaskRule rule) throws IOException {
    generator.writeStartObject();
    generator.writeFieldName("subject");
    writeSubject(rule.subject());
    generator.writeFieldName("condition");
    writeExpr(rule.condition());
    generator.writeFieldName("transform");
    writeTransform(rule.transform());
    generator.writeEndObject();
  }

  private void writeTag(Tag tag) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("name", tag.name());
    writeList("allowedValues", tag.allowedValues(), generator::writeString);
    writeList("assignments", tag.assignments(), this::writeTagAssignment);
    writeOrigin(tag.origin());
    generator.writeEndObject();
  }

  private void writeTagAssignment(TagAssignment assignment) throws IOException {
    generator.writeStartObject();
    writeSecurable("target", assignment.target());
    generator.writeStringField("value", assignment.value());
    writeOrigin(assignment.origin());
    generator.writeEndObject();
  }

  private void writeView(View view) throws IOException {
    generator.writeStartObject();
    writeSecurable("name", view.name());
    writeOptionalString("sql", view.sql());
    writeList("baseTables", view.baseTables(), this::writeSecurableValue);
    writeEnumSet("options", view.options());
    writeOptionalString("owner", view.owner());
    writeOrigin(view.origin());
    generator.writeEndObject();
  }

  private void writeLoss(Loss loss) throws IOException {
    generator.writeStartObject();
    writeOrigin(loss.origin());
    generator.writeStringField("reason", loss.reason());
    writeEnum("direction", loss.direction());
    generator.writeEndObject();
  }

  private void writeOrigin(Origin origin) throws IOException {
    generator.writeFieldName("origin");
    generator.writeStartObject();
    writeSystem("system", origin.system());
    writeEnum("kind", origin.kind());
    writeOptionalString("object", origin.object());
    writeOptionalString("sql", origin.sql());
    writeOptionalString("file", origin.file());
    if (origin.line().isPresent()) {
      generator.writeNumberField("line", origin.line().get());
    }
    generator.writeEndObject();
  }

  private void writeSecurable(String name, Securable securable) throws IOException {
    generator.writeFieldName(name);
    writeSecurableValue(securable);
  }

  private void writeSecurableValue(Securable securable) throws IOException {
    generator.writeStartObject();
    writeOptionalString("catalog", securable.catalog());
    writeOptionalString("schema", securable.schema());
    writeOptionalString("table", securable.table());
    writeOptionalString("column", securable.column());
    generator.writeStringField("spelling", securable.spelling());
    generator.writeEndObject();
  }

  private void writeSubject(Subject subject) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("kind", subject.kind().id());
    switch (subject.kind()) {
      case EVERYONE -> {}
      case HAS_ROLE -> {
        Subject.HasRole hasRole = (Subject.HasRole) subject;
        generator.writeStringField("role", hasRole.role());
        writeEnum("scope", hasRole.scope());
      }
      case IS_USER -> generator.writeStringField("user", ((Subject.IsUser) subject).user());
      case IN_GROUP -> generator.writeStringField("group", ((Subject.InGroup) subject).group());
      case ATTRIBUTE_EQUALS -> {
        Subject.AttributeEquals attribute = (Subject.AttributeEquals) subject;
        generator.writeStringField("key", attribute.key());
        generator.writeStringField("value", attribute.value());
      }
      case ANY_OF ->
          writeList("subjects", ((Subject.AnyOf) subject).subjects(), this::writeSubject);
      case ALL_OF ->
          writeList("subjects", ((Subject.AllOf) subject).subjects(), this::writeSubject);
      case NOT -> {
        generator.writeFieldName("subject");
        writeSubject(((Subject.Not) subject).subject());
      }
    }
    generator.writeEndObject();
  }

  private void writeTransform(Transform transform) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("kind", transform.kind().id());
    switch (transform.kind()) {
      case IDENTITY, NULLIFY, MASK_CHARACTERS, EMAIL -> {}
      case CONSTANT -> {
        generator.writeFieldName("value");
        writeExpr(((Transform.Constant) transform).value());
      }
      case HASH -> {
        Transform.Hash hash = (Transform.Hash) transform;
        writeEnum("algorithm", hash.algorithm());
        writeEnum("salt", hash.salt());
      }
      case PARTIAL -> {
        Transform.Partial partial = (Transform.Partial) transform;
        generator.writeNumberField("keepFirst", partial.keepFirst());
        generator.writeNumberField("keepLast", partial.keepLast());
        generator.writeStringField("fill", partial.fill());
        writeEnum("mode", partial.mode());
      }
      case REGEX_REPLACE -> {
        Transform.RegexReplace regex = (Transform.RegexReplace) transform;
        generator.writeStringField("pattern", regex.pattern());
        generator.writeStringField("replacement", regex.replacement());
      }
      case DATE_TRUNCATE -> writeEnum("unit", ((Transform.DateTruncate) transform).unit());
      case ROUND -> generator.writeNumberField("digits", ((Transform.Round) transform).digits());
      case EXPRESSION -> {
        generator.writeFieldName("expression");
        writeExpr(((Transform.Expression) transform).expression());
      }
    }
    generator.writeEndObject();
  }

  private void writeExpr(Expr expr) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("kind", expr.kind().id());
    switch (expr.kind()) {
      case NULL_LITERAL, MASKED_VALUE, CURRENT_USER, CURRENT_ROLE -> {}
      case STRING_LITERAL ->
          generator.writeStringField("value", ((Expr.StringLiteral) expr).value());
      case NUMBER_LITERAL -> writeNumber(((Expr.NumberLiteral) expr).value());
      case BOOLEAN_LITERAL ->
          generator.writeBooleanField("value", ((Expr.BooleanLiteral) expr).value());
      case DATE_LITERAL ->
          generator.writeStringField(
              "value", DateTimeFormatter.ISO_LOCAL_DATE.format(((Expr.DateLiteral) expr).value()));
      case TIMESTAMP_LITERAL ->
          generator.writeStringField(
              "value",
              DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(((Expr.TimestampLiteral) expr).value()));
      case COLUMN -> {
        Expr.Column column = (Expr.Column) expr;
        writeOptionalString("qualifier", column.qualifier());
        generator.writeStringField("name", column.name());
      }
      case FUNCTION_CALL -> {
        Expr.FunctionCall call = (Expr.FunctionCall) expr;
        generator.writeStringField("name", call.name());
        writeList("arguments", call.arguments(), this::writeExpr);
      }
      case COMPARISON -> {
        Expr.Comparison comparison = (Expr.Comparison) expr;
        writeEnum("operator", comparison.operator());
        writeExprMember("left", comparison.left());
        writeExprMember("right", comparison.right());
      }
      case ARITHMETIC -> {
        Expr.Arithmetic arithmetic = (Expr.Arithmetic) expr;
        writeEnum("operator", arithmetic.operator());
        writeExprMember("left", arithmetic.left());
        writeExprMember("right", arithmetic.right());
      }
      case AND -> writeList("terms", ((Expr.And) expr).terms(), this::writeExpr);
      case OR -> writeList("terms", ((Expr.Or) expr).terms(), this::writeExpr);
      case NOT -> writeExprMember("term", ((Expr.Not) expr).term());
      case IN -> {
        Expr.In in = (Expr.In) expr;
        writeExprMember("value", in.value());
        writeList("list", in.list(), this::writeExpr);
      }
      case LIKE -> {
        Expr.Like like = (Expr.Like) expr;
        writeExprMember("value", like.value());
        writeExprMember("pattern", like.pattern());
        generator.writeBooleanField("caseInsensitive", like.caseInsensitive());
      }
      case IS_NULL -> writeExprMember("value", ((Expr.IsNull) expr).value());
      case CASE -> {
        Expr.Case caseExpr = (Expr.Case) expr;
        writeList("whenClauses", caseExpr.whenClauses(), this::writeWhenClause);
        writeExprMember("otherwise", caseExpr.otherwise());
      }
      case CAST -> {
        Expr.Cast cast = (Expr.Cast) expr;
        writeExprMember("value", cast.value());
        generator.writeStringField("type", cast.type());
      }
      case HAS_ROLE -> {
        Expr.HasRole hasRole = (Expr.HasRole) expr;
        writeExprMember("role", hasRole.role());
        writeEnum("scope", hasRole.scope());
      }
      case IN_GROUP -> writeExprMember("group", ((Expr.InGroup) expr).group());
      case SESSION_ATTRIBUTE ->
          generator.writeStringField("name", ((Expr.SessionAttribute) expr).name());
      case COLUMN_TAG_VALUE ->
          generator.writeStringField("tag", ((Expr.ColumnTagValue) expr).tag());
      case LOOKUP -> {
        Expr.Lookup lookup = (Expr.Lookup) expr;
        writeSecurable("table", lookup.table());
        generator.writeStringField("alias", lookup.alias());
        writeExprMember("condition", lookup.condition());
        if (lookup.probe().isPresent()) {
          writeExprMember("probe", lookup.probe().get());
        }
        writeOptionalString("column", lookup.column());
      }
      case OPAQUE -> {
        Expr.Opaque opaque = (Expr.Opaque) expr;
        writeSystem("dialect", opaque.dialect());
        generator.writeStringField("sql", opaque.sql());
      }
    }
    generator.writeEndObject();
  }

  private void writeWhenClause(Expr.WhenClause clause) throws IOException {
    generator.writeStartObject();
    writeExprMember("condition", clause.condition());
    writeExprMember("result", clause.result());
    generator.writeEndObject();
  }

  private void writeExprMember(String name, Expr expr) throws IOException {
    generator.writeFieldName(name);
    writeExpr(expr);
  }

  private void writeNumber(BigDecimal value) throws IOException {
    generator.writeFieldName("value");
    // A number the reader would refuse must not be written: every written set reads back.
    if (PolicySetReader.plainLength(value) > PolicySetCodec.MAX_NUMBER_LENGTH) {
      throw new PassportException(
          ErrorCode.INVALID_POLICY_SET,
          JsonPaths.of(generator.getOutputContext())
              + ": a number literal longer than "
              + PolicySetCodec.MAX_NUMBER_LENGTH
              + " digits cannot be written");
    }
    // Plain digits, never exponent notation, so readers that parse doubles see a plain number.
    generator.writeNumber(value.toPlainString());
  }

  private <T> void writeList(String name, List<T> values, ValueWriter<T> elementWriter)
      throws IOException {
    generator.writeArrayFieldStart(name);
    for (T value : values) {
      elementWriter.write(value);
    }
    generator.writeEndArray();
  }

  private void writeStringMap(String name, Map<String, String> map) throws IOException {
    generator.writeObjectFieldStart(name);
    for (Map.Entry<String, String> entry : map.entrySet()) {
      generator.writeStringField(entry.getKey(), entry.getValue());
    }
    generator.writeEndObject();
  }

  private void writeOptionalString(String name, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      generator.writeStringField(name, value.get());
    }
  }

  private void writeSystem(String name, SystemKind system) throws IOException {
    generator.writeStringField(name, system.id());
  }

  private void writeEnum(String name, Enum<?> value) throws IOException {
    generator.writeStringField(name, enumId(value));
  }

  private <E extends Enum<E>> void writeEnumSet(String name, Set<E> values) throws IOException {
    generator.writeArrayFieldStart(name);
    // The model's sets are EnumSets: iteration is in declaration order, so output is stable.
    for (E value : values) {
      generator.writeString(enumId(value));
    }
    generator.writeEndArray();
  }

  static String enumId(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
