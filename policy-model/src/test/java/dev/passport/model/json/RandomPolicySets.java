package dev.passport.model.json;

import dev.passport.model.Action;
import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.DateUnit;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.Parameter;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.SubjectKind;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Random, valid {@link PolicySet}s from a seed, for property tests. Every node is built with the
 * record constructors (not the simplifying {@code Expressions}/{@code Subjects} factories) so that
 * any shape the model admits can come out. The generator records what it produced, so tests can
 * check that a run covered every kind, every enum constant and both states of every optional.
 */
final class RandomPolicySets {
  private static final int MAX_EXPR_DEPTH = 4;
  private static final int MAX_SUBJECT_DEPTH = 3;

  /** Text fragments chosen to stress escaping: quotes, backslashes, controls, non-BMP, RTL. */
  private static final List<String> FRAGMENTS =
      List.of(
          "a",
          "tenant_id",
          "Ünïcødé",
          "日本語",
          "😀",
          "\"quoted\"",
          "it's",
          "back\\slash",
          "new\nline",
          "tab\t",
          "\u0000",
          "\u001f",
          "\u2028",
          "</script>",
          "שלום",
          " ",
          "{\"json\": [1]}",
          "%_like_",
          "$.path[0]");

  private final Random random;
  private final Set<ExprKind> exprKinds = EnumSet.noneOf(ExprKind.class);
  private final Set<TransformKind> transformKinds = EnumSet.noneOf(TransformKind.class);
  private final Set<SubjectKind> subjectKinds = EnumSet.noneOf(SubjectKind.class);
  private final Set<Enum<?>> enumConstants = new HashSet<>();
  private final Set<String> optionals = new HashSet<>();

  RandomPolicySets(long seed) {
    this.random = new Random(seed);
  }

  Set<ExprKind> exprKinds() {
    return exprKinds;
  }

  Set<TransformKind> transformKinds() {
    return transformKinds;
  }

  Set<SubjectKind> subjectKinds() {
    return subjectKinds;
  }

  Set<Enum<?>> enumConstants() {
    return enumConstants;
  }

  /** {@code "Owner.member=present"} and {@code "Owner.member=absent"} for each optional made. */
  Set<String> optionals() {
    return optionals;
  }

  PolicySet next() {
    PolicySet.Builder builder = PolicySet.builder(source());
    repeat(0, 4, () -> builder.addPrincipal(principal()));
    repeat(0, 3, () -> builder.addTable(table()));
    repeat(0, 3, () -> builder.addGrant(grant()));
    repeat(0, 3, () -> builder.addDefinition(definition()));
    repeat(0, 3, () -> builder.addRowFilter(rowFilter()));
    repeat(0, 3, () -> builder.addColumnMask(columnMask()));
    repeat(0, 2, () -> builder.addTag(tag()));
    repeat(0, 2, () -> builder.addView(view()));
    repeat(0, 3, () -> builder.addLoss(loss()));
    return builder.build();
  }

  private Source source() {
    return new Source(
        system(),
        text(),
        pick(ExtractionMethod.values()),
        optional("Source.extractedAt", this::instant));
  }

  private Principal principal() {
    Map<String, String> attributes = new LinkedHashMap<>();
    repeat(0, 3, () -> attributes.put(text(), text()));
    return new Principal(
        name(),
        pick(PrincipalKind.values()),
        list(0, 3, this::name),
        attributes,
        enumSubset(PrincipalFlag.values(), 0),
        origin());
  }

  private Table table() {
    return new Table(
        tableSecurable(),
        list(0, 4, () -> new ColumnInfo(name(), text(), random.nextBoolean())),
        optional("Table.owner", this::name),
        new RowSecurity(
            random.nextBoolean(),
            pick(CombinationRule.values()),
            random.nextBoolean(),
            random.nextBoolean(),
            subject(0)));
  }

  private Grant grant() {
    return new Grant(
        subject(0),
        enumSubset(Privilege.values(), 1),
        securable(),
        pick(GrantEffect.values()),
        random.nextBoolean(),
        pick(GrantVia.values()),
        origin());
  }

  private Definition definition() {
    DefinitionBody body =
        random.nextBoolean()
            ? new DefinitionBody.Predicate(expr(0))
            : new DefinitionBody.Mask(list(0, 3, this::maskRule), transform());
    return new Definition(
        name(),
        pick(DefinitionKind.values()),
        list(0, 3, () -> new Parameter(name(), text())),
        optional("Definition.returnType", this::text),
        body,
        origin());
  }

  private RowFilter rowFilter() {
    return new RowFilter(
        optional("RowFilter.name", this::text),
        tableSecurable(),
        expr(0),
        optional("RowFilter.check", () -> expr(0)),
        subject(0),
        enumSubset(Action.values(), 1),
        pick(FilterKind.values()),
        integer(),
        optional("RowFilter.definition", this::name),
        stringMap(),
        optional("RowFilter.runAs", this::name),
        origin());
  }

  private ColumnMask columnMask() {
    boolean onColumn = random.nextBoolean();
    Optional<Securable> column =
        onColumn ? Optional.of(tableSecurable().column(name())) : Optional.empty();
    Optional<TagReference> tag =
        onColumn
            ? Optional.empty()
            : Optional.of(
                new TagReference(
                    name(),
                    optional("TagReference.value", this::text),
                    optional("TagReference.dataType", this::text)));
    return new ColumnMask(
        optional("ColumnMask.name", this::text),
        column,
        tag,
        list(0, 3, this::maskRule),
        transform(),
        subject(0),
        integer(),
        optional("ColumnMask.definition", this::name),
        stringMap(),
        origin());
  }

  private MaskRule maskRule() {
    return new MaskRule(subject(0), expr(0), transform());
  }

  private Tag tag() {
    return new Tag(
        name(),
        list(0, 3, this::text),
        list(0, 3, () -> new TagAssignment(securable(), text(), origin())),
        origin());
  }

  private View view() {
    return new View(
        tableSecurable(),
        optional("View.sql", this::text),
        list(0, 3, this::tableSecurable),
        enumSubset(ViewOption.values(), 0),
        optional("View.owner", this::name),
        origin());
  }

  private Loss loss() {
    return new Loss(origin(), name(), pick(LossDirection.values()));
  }

  private Origin origin() {
    return new Origin(
        system(),
        pick(OriginKind.values()),
        optional("Origin.object", this::text),
        optional("Origin.sql", this::text),
        optional("Origin.file", this::text),
        optional("Origin.line", () -> 1 + random.nextInt(Integer.MAX_VALUE)));
  }

  private Securable securable() {
    int level = random.nextInt(4);
    if (level == 0) {
      return new Securable(
          Optional.of(name()), Optional.empty(), Optional.empty(), Optional.empty(), spelling());
    }
    Optional<String> catalog = optional("Securable.catalog", this::name);
    Optional<String> schema =
        catalog.isPresent() || level == 1
            ? Optional.of(name())
            : optional("Securable.schema", this::name);
    Optional<String> table = level >= 2 ? Optional.of(name()) : Optional.empty();
    Optional<String> column = level == 3 ? Optional.of(name()) : Optional.empty();
    return new Securable(catalog, schema, table, column, spelling());
  }

  private Securable tableSecurable() {
    Optional<String> catalog = optional("Securable.catalog", this::name);
    Optional<String> schema =
        catalog.isPresent() ? Optional.of(name()) : optional("Securable.schema", this::name);
    return new Securable(catalog, schema, Optional.of(name()), Optional.empty(), spelling());
  }

  private String spelling() {
    // Blank spelling means "the normalised name"; the constructor fills it in.
    return random.nextBoolean() ? "" : text();
  }

  private Subject subject(int depth) {
    SubjectKind kind =
        depth >= MAX_SUBJECT_DEPTH
            ? pick(
                SubjectKind.EVERYONE,
                SubjectKind.HAS_ROLE,
                SubjectKind.IS_USER,
                SubjectKind.IN_GROUP,
                SubjectKind.ATTRIBUTE_EQUALS)
            : pick(SubjectKind.values());
    subjectKinds.add(kind);
    return switch (kind) {
      case EVERYONE -> new Subject.Everyone();
      case HAS_ROLE -> new Subject.HasRole(name(), pick(RoleScope.values()));
      case IS_USER -> new Subject.IsUser(name());
      case IN_GROUP -> new Subject.InGroup(name());
      case ATTRIBUTE_EQUALS -> new Subject.AttributeEquals(name(), text());
      case ANY_OF -> new Subject.AnyOf(list(0, 3, () -> subject(depth + 1)));
      case ALL_OF -> new Subject.AllOf(list(0, 3, () -> subject(depth + 1)));
      case NOT -> new Subject.Not(subject(depth + 1));
    };
  }

  private Transform transform() {
    TransformKind kind = pick(TransformKind.values());
    transformKinds.add(kind);
    return switch (kind) {
      case IDENTITY -> new Transform.Identity();
      case NULLIFY -> new Transform.Nullify();
      case CONSTANT -> new Transform.Constant(literal());
      case HASH -> new Transform.Hash(pick(HashAlgorithm.values()), pick(SaltScope.values()));
      case PARTIAL -> {
        FillMode mode = pick(FillMode.values());
        String fill =
            mode == FillMode.EACH_CHARACTER
                ? pick("*", "x", "😀", "\"", "\\")
                : pick("", "***-**-", "•••", "\"\"");
        yield new Transform.Partial(random.nextInt(10), random.nextInt(10), fill, mode);
      }
      case MASK_CHARACTERS -> new Transform.MaskCharacters();
      case EMAIL -> new Transform.Email();
      case REGEX_REPLACE -> new Transform.RegexReplace(pick("[0-9]", "^(.)(.*)$", "\\d"), text());
      case DATE_TRUNCATE -> new Transform.DateTruncate(pick(DateUnit.values()));
      case ROUND -> new Transform.Round(random.nextInt(21) - 10);
      case EXPRESSION -> new Transform.Expression(expr(1));
    };
  }

  private Expr.Literal literal() {
    ExprKind kind =
        pick(
            ExprKind.NULL_LITERAL,
            ExprKind.STRING_LITERAL,
            ExprKind.NUMBER_LITERAL,
            ExprKind.BOOLEAN_LITERAL,
            ExprKind.DATE_LITERAL,
            ExprKind.TIMESTAMP_LITERAL);
    return (Expr.Literal) expr(kind, MAX_EXPR_DEPTH);
  }

  private Expr expr(int depth) {
    ExprKind kind;
    if (depth >= MAX_EXPR_DEPTH) {
      kind =
          pick(
              ExprKind.NULL_LITERAL,
              ExprKind.STRING_LITERAL,
              ExprKind.NUMBER_LITERAL,
              ExprKind.BOOLEAN_LITERAL,
              ExprKind.DATE_LITERAL,
              ExprKind.TIMESTAMP_LITERAL,
              ExprKind.COLUMN,
              ExprKind.MASKED_VALUE,
              ExprKind.CURRENT_USER,
              ExprKind.CURRENT_ROLE,
              ExprKind.SESSION_ATTRIBUTE,
              ExprKind.COLUMN_TAG_VALUE,
              ExprKind.OPAQUE);
    } else {
      kind = pick(ExprKind.values());
    }
    return expr(kind, depth);
  }

  private Expr expr(ExprKind kind, int depth) {
    exprKinds.add(kind);
    int child = depth + 1;
    return switch (kind) {
      case NULL_LITERAL -> new Expr.NullLiteral();
      case STRING_LITERAL -> new Expr.StringLiteral(text());
      case NUMBER_LITERAL -> new Expr.NumberLiteral(decimal());
      case BOOLEAN_LITERAL -> new Expr.BooleanLiteral(random.nextBoolean());
      case DATE_LITERAL -> new Expr.DateLiteral(date());
      case TIMESTAMP_LITERAL ->
          new Expr.TimestampLiteral(
              LocalDateTime.of(
                  date(),
                  LocalTime.ofNanoOfDay(
                      random.nextBoolean()
                          ? random.nextInt(86_400) * 1_000_000_000L
                          : (long) (random.nextDouble() * 86_400_000_000_000L))));
      case COLUMN -> new Expr.Column(optional("Column.qualifier", this::name), name());
      case MASKED_VALUE -> new Expr.MaskedValue();
      case FUNCTION_CALL ->
          new Expr.FunctionCall(
              pick("lower", "substring", "sha2", "regexp_replace", "concat"),
              list(0, 3, () -> expr(child)));
      case COMPARISON ->
          new Expr.Comparison(pick(ComparisonOperator.values()), expr(child), expr(child));
      case ARITHMETIC ->
          new Expr.Arithmetic(pick(ArithmeticOperator.values()), expr(child), expr(child));
      case AND -> new Expr.And(list(2, 3, () -> expr(child)));
      case OR -> new Expr.Or(list(2, 3, () -> expr(child)));
      case NOT -> new Expr.Not(expr(child));
      case IN -> new Expr.In(expr(child), list(1, 3, () -> expr(child)));
      case LIKE -> new Expr.Like(expr(child), expr(child), random.nextBoolean());
      case IS_NULL -> new Expr.IsNull(expr(child));
      case CASE ->
          new Expr.Case(
              list(1, 2, () -> new Expr.WhenClause(expr(child), expr(child))), expr(child));
      case CAST -> new Expr.Cast(expr(child), pick("varchar", "decimal(38,10)", "date", "uuid"));
      case CURRENT_USER -> new Expr.CurrentUser();
      case CURRENT_ROLE -> new Expr.CurrentRole();
      case HAS_ROLE -> new Expr.HasRole(expr(child), pick(RoleScope.values()));
      case IN_GROUP -> new Expr.InGroup(expr(child));
      case SESSION_ATTRIBUTE -> new Expr.SessionAttribute(name());
      case COLUMN_TAG_VALUE -> new Expr.ColumnTagValue(name());
      case LOOKUP -> {
        boolean probe = random.nextBoolean();
        optionals.add("Lookup.probe=" + (probe ? "present" : "absent"));
        yield new Expr.Lookup(
            tableSecurable(),
            name(),
            expr(child),
            probe ? Optional.of(expr(child)) : Optional.empty(),
            probe ? Optional.of(name()) : Optional.empty());
      }
      case OPAQUE -> new Expr.Opaque(system(), text());
    };
  }

  private BigDecimal decimal() {
    switch (random.nextInt(4)) {
      case 0:
        return BigDecimal.valueOf(random.nextInt(2001) - 1000);
      case 1:
        // Many digits on both sides of the point: a double would lose them.
        return new BigDecimal(new BigInteger(200, random), random.nextInt(80) - 20)
            .multiply(BigDecimal.valueOf(random.nextBoolean() ? 1 : -1));
      case 2:
        return new BigDecimal(pick("0.1", "1E+20", "-0.000000000000000000001", "1.50", "0"));
      default:
        return BigDecimal.valueOf(random.nextLong(), random.nextInt(30));
    }
  }

  private LocalDate date() {
    long first = LocalDate.of(1, 1, 1).toEpochDay();
    long last = LocalDate.of(9999, 12, 31).toEpochDay();
    return LocalDate.ofEpochDay(first + (long) (random.nextDouble() * (last - first)));
  }

  private Instant instant() {
    return Instant.ofEpochSecond(
        random.nextInt(Integer.MAX_VALUE),
        random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
  }

  private int integer() {
    return pick(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt());
  }

  private Map<String, String> stringMap() {
    Map<String, String> map = new LinkedHashMap<>();
    repeat(0, 3, () -> map.put(name(), name()));
    return map;
  }

  private SystemKind system() {
    return pick(SystemKind.values());
  }

  /** A non-blank name: an identifier, now and then with awkward characters. */
  private String name() {
    String base = pick("analyst", "ssn", "accounts", "Tenant", "x", "ÆØÅ", "role-1");
    return random.nextInt(4) == 0 ? base + text() : base;
  }

  /** Any text, possibly empty or blank. */
  private String text() {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(4);
    for (int part = 0; part < parts; part++) {
      text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
    }
    return text.toString();
  }

  private <T> Optional<T> optional(String name, Supplier<T> value) {
    boolean present = random.nextBoolean();
    optionals.add(name + "=" + (present ? "present" : "absent"));
    return present ? Optional.of(value.get()) : Optional.empty();
  }

  private <T> List<T> list(int min, int max, Supplier<T> element) {
    List<T> values = new ArrayList<>();
    int count = min + random.nextInt(max - min + 1);
    for (int index = 0; index < count; index++) {
      values.add(element.get());
    }
    return values;
  }

  private void repeat(int min, int max, Runnable action) {
    int count = min + random.nextInt(max - min + 1);
    for (int index = 0; index < count; index++) {
      action.run();
    }
  }

  private <E extends Enum<E>> Set<E> enumSubset(E[] values, int min) {
    Set<E> subset = new HashSet<>();
    for (E value : values) {
      if (random.nextInt(3) == 0) {
        subset.add(value);
        enumConstants.add(value);
      }
    }
    if (subset.size() < min) {
      subset.add(pick(values));
    }
    return subset;
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    T value = values[random.nextInt(values.length)];
    if (value instanceof Enum<?> constant) {
      enumConstants.add(constant);
    }
    return value;
  }
}
