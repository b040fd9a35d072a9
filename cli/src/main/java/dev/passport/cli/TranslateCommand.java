package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.IcebergReadRestrictions;
import dev.passport.translate.iceberg.IcebergReadRestrictionsOptions;
import dev.passport.translate.iceberg.IcebergSchema;
import dev.passport.translate.iceberg.ReadRestrictions;
import dev.passport.translate.iceberg.ReadRestrictionsJson;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.lakeformation.LakeFormationOptions;
import dev.passport.translate.lakeformation.LakeFormationTranslator;
import dev.passport.translate.opa.OpaOptions;
import dev.passport.translate.opa.OpaTranslator;
import dev.passport.translate.ranger.RangerOptions;
import dev.passport.translate.ranger.RangerPolicyTranslator;
import dev.passport.translate.trinorules.TrinoRulesOptions;
import dev.passport.translate.trinorules.TrinoRulesTranslator;
import dev.passport.translate.views.SecureViewOptions;
import dev.passport.translate.views.SecureViewTranslator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code passport translate}: writes a PolicySet as the policies of another engine. */
@Command(
    name = "translate",
    header = "Write a PolicySet as the policies of another engine, with what could not be said.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    mixinStandardHelpOptions = true,
    description = {
      "Translate a PolicySet into the policy files of a target engine and write them into a"
          + " directory, together with losses.json: everything the target cannot say exactly as"
          + " the source did (where it came from, why, and whether the result is stricter or"
          + " looser).",
      "Targets: ranger (Apache Ranger, trino service: ServicePolicies, roles, tags and the"
          + " Admin import file), ranger-hive (the same for a hive service, HiveQL masks), opa"
          + " (a Rego v1 module for Trino's OPA access control, its data.json facts, generated"
          + " tests for opa test, and Trino's access-control.properties), trino-rules (Trino"
          + " file-based access control: rules.json and one <catalog>-rules.json per catalog),"
          + " iceberg-read-restrictions (the Iceberg REST read-restrictions of every table for"
          + " every principal class, and an index), lakeformation (AWS Lake Formation request"
          + " bodies: LF-tags, data cells filters, grants; needs --account), iceberg-views (one"
          + " view per table and principal class, in Trino and Spark SQL).",
      "With --principal, iceberg-read-restrictions instead prints the read-restrictions one"
          + " principal gets for one table (--table, its Iceberg schema in --schema), as a"
          + " catalog's loadTable returns them; losses go to standard error.",
      "Source principals become target users, groups and roles through the identity map (by"
          + " default: same user names, roles become groups); one it does not map is denied and"
          + " reported.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  passport translate --to ranger policies.json -o ranger/",
      "  passport translate --to ranger-hive policies.json --service-name prod_hive \\",
      "      -o hive/",
      "  passport translate --to ranger policies.json --identity-map identities.json \\",
      "      --catalog lake --strict -o ranger/",
      "  passport translate --to opa policies.json --catalog lake -o opa/",
      "  passport translate --to trino-rules policies.json --catalog lake -o trino/",
      "  passport translate --to lakeformation policies.json --account 123456789012 \\",
      "      -o lf/",
      "  passport translate --to iceberg-read-restrictions policies.json \\",
      "      --principal alice --role analyst --table sales.customers \\",
      "      --schema customers-schema.json",
      "",
      "An identity map:",
      "  {\"defaults\": {\"user\": \"same-name\", \"role\": \"group\", \"group\": \"group\"},",
      "   \"mappings\": [{\"source\": {\"role\": \"analyst\"},",
      "                 \"target\": {\"groups\": [\"analysts\"]}}]}",
      "",
      "Exit status: 0 success; 2 bad input (unreadable or invalid file, unknown target, an"
          + " option the target does not take); 3 under --strict when there are losses (the"
          + " files are still written); 1 internal error."
    })
final class TranslateCommand implements Callable<Integer> {
  /** The values of {@code --to}. */
  enum Target {
    RANGER("ranger"),
    RANGER_HIVE("ranger-hive"),
    OPA("opa"),
    TRINO_RULES("trino-rules"),
    ICEBERG_READ_RESTRICTIONS("iceberg-read-restrictions"),
    LAKEFORMATION("lakeformation"),
    ICEBERG_VIEWS("iceberg-views");

    private final String id;

    Target(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    boolean ranger() {
      return this == RANGER || this == RANGER_HIVE;
    }

    static String list() {
      List<String> ids = new ArrayList<>();
      for (Target target : values()) {
        ids.add(target.id);
      }
      return String.join(", ", ids);
    }
  }

  private final Environment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TARGET",
      converter = TargetConverter.class,
      completionCandidates = TargetNames.class,
      description = "${COMPLETION-CANDIDATES}.")
  private Target target;

  @Parameters(index = "0", paramLabel = "POLICYSET", description = "The PolicySet JSON file.")
  private Path file;

  @Option(
      names = "--identity-map",
      paramLabel = "FILE",
      description = "A JSON file mapping source principals to target users, groups and roles.")
  private Path identityMapFile;

  @Option(
      names = "--service-name",
      paramLabel = "NAME",
      description = "The Ranger service (ranger targets). Default: dev_trino, or dev_hive.")
  private String serviceName;

  @Option(
      names = "--catalog",
      paramLabel = "CATALOG",
      description =
          "ranger, opa: the Trino catalog of tables the source names without one, as PostgreSQL"
              + " and Redshift do (default: any catalog, reported as a loss). trino-rules,"
              + " iceberg-views: the catalog every table lives in (default: its source catalog;"
              + " iceberg when it has none).")
  private String catalog;

  @Option(
      names = "--opa-url",
      paramLabel = "URL",
      description =
          "The OPA server as Trino reaches it, for access-control.properties (opa target)."
              + " Default: http://localhost:8181.")
  private String opaUrl;

  @Option(
      names = "--policy-user",
      paramLabel = "USER",
      description =
          "trino-rules: the user whose identity evaluates filters and masks that read columns"
              + " the caller may not see (filter_environment, mask_environment).")
  private String policyUser;

  @Option(
      names = "--account",
      paramLabel = "ID",
      description = "lakeformation (required): the AWS account ID of the Glue Data Catalog.")
  private String account;

  @Option(
      names = "--database",
      paramLabel = "NAME",
      description =
          "lakeformation: the Glue database of every table. Default: each table's schema.")
  private String database;

  @Option(
      names = "--view-schema",
      paramLabel = "SCHEMA",
      description = "iceberg-views: the schema that holds the views. Default: the table's own.")
  private String viewSchema;

  @Option(
      names = "--salt-env",
      paramLabel = "VAR",
      description =
          "trino-rules, iceberg-views: the environment variable that holds the deployment's salt"
              + " for salted hashes (it is written into the files).")
  private String saltVariable;

  @Option(
      names = "--principal",
      paramLabel = "USER",
      description =
          "iceberg-read-restrictions: print the read-restrictions of this one user for --table"
              + " instead of writing files.")
  private String principal;

  @Mixin private SessionOptions session;

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description =
          "iceberg-read-restrictions: the table whose Iceberg schema --schema holds; required"
              + " with --principal.")
  private String table;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description =
          "iceberg-read-restrictions: the table's Iceberg schema (a schema, table metadata or a"
              + " loadTable result), whose field IDs the restrictions bind. Default for whole-set"
              + " translation: derived from the PolicySet.")
  private Path schemaFile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description =
          "The directory to write into; created when missing. Required, except with"
              + " --principal.")
  private Path directory;

  @Option(names = "--strict", description = "Exit with status 3 when anything was lost.")
  private boolean strict;

  TranslateCommand(Environment environment) {
    this.environment = requireNonNull(environment, "environment is null");
  }

  @Override
  public Integer call() {
    checkOptions();
    if (principal != null) {
      return printReadRestrictions();
    }
    PolicySet policySet = PolicySetCodec.read(file);
    IdentityMap identities =
        identityMapFile == null ? IdentityMap.standard() : IdentityMap.read(identityMapFile);
    Translation translation = translate(policySet, identities);
    List<Path> written = TranslationFiles.write(translation, directory);
    PrintWriter out = spec.commandLine().getOut();
    printSummary(out, policySet, translation, written);
    return strictExit(translation.losses());
  }

  private int strictExit(List<Loss> losses) {
    if (strict && !losses.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "passport: --strict: "
                  + ExtractCommand.count(losses.size(), "loss", "losses")
                  + ", exit status "
                  + Main.EXIT_LOSSES);
      return Main.EXIT_LOSSES;
    }
    return Main.EXIT_OK;
  }

  /** Refuses options the target does not take, before reading anything. */
  private void checkOptions() {
    if (serviceName != null && !target.ranger()) {
      throw usage("--service-name names a Ranger service; --to " + target.id() + " has none");
    }
    if (opaUrl != null && target != Target.OPA) {
      throw usage("--opa-url goes with --to opa, not --to " + target.id());
    }
    if (opaUrl != null && opaUrl.isBlank()) {
      throw usage("--opa-url needs a URL");
    }
    if (serviceName != null && serviceName.isBlank()) {
      throw usage("--service-name needs a name");
    }
    onlyFor(
        catalog,
        "--catalog",
        Target.RANGER,
        Target.RANGER_HIVE,
        Target.OPA,
        Target.TRINO_RULES,
        Target.ICEBERG_VIEWS);
    onlyFor(policyUser, "--policy-user", Target.TRINO_RULES);
    onlyFor(account, "--account", Target.LAKEFORMATION);
    onlyFor(database, "--database", Target.LAKEFORMATION);
    onlyFor(viewSchema, "--view-schema", Target.ICEBERG_VIEWS);
    onlyFor(saltVariable, "--salt-env", Target.TRINO_RULES, Target.ICEBERG_VIEWS);
    onlyFor(principal, "--principal", Target.ICEBERG_READ_RESTRICTIONS);
    onlyFor(table, "--table", Target.ICEBERG_READ_RESTRICTIONS);
    onlyFor(schemaFile, "--schema", Target.ICEBERG_READ_RESTRICTIONS);
    if (target == Target.LAKEFORMATION && (account == null || account.isBlank())) {
      throw usage("--to lakeformation needs --account ID, the AWS account of the Glue catalog");
    }
    if (principal == null) {
      if (session.given()) {
        throw usage("--role, --group and --attr describe the session of --principal");
      }
      if (schemaFile != null && table == null) {
        throw usage("--schema is the Iceberg schema of one table; name it with --table");
      }
      if (directory == null) {
        throw usage(
            "Missing required option: '--output=DIR'"
                + (target == Target.ICEBERG_READ_RESTRICTIONS
                    ? " (or --principal, for one principal's read restrictions)"
                    : ""));
      }
      return;
    }
    if (table == null || schemaFile == null) {
      throw usage(
          "--principal needs --table TABLE and --schema FILE, the table's Iceberg schema (its"
              + " field IDs are what the restrictions bind)");
    }
    if (directory != null) {
      throw usage("--principal prints one principal's read restrictions; -o writes a whole set");
    }
    if (identityMapFile != null) {
      throw usage("--principal names a source principal; --identity-map does not apply");
    }
  }

  private void onlyFor(Object value, String option, Target... targets) {
    if (value == null || List.of(targets).contains(target)) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (Target candidate : targets) {
      ids.add(candidate.id());
    }
    throw usage(option + " goes with --to " + String.join(", ", ids) + ", not --to " + target.id());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** {@code --principal}: one principal's read restrictions on one table, on standard output. */
  private int printReadRestrictions() {
    PrincipalContext context = session.context(spec, "--principal", principal);
    PolicySet policySet = PolicySetCodec.read(file);
    ExplainCommand.checkPrincipals(policySet, context, file.toString());
    IcebergSchema schema = readSchema();
    Evaluator evaluator = Evaluator.compile(policySet);
    Securable resolved;
    try {
      resolved = evaluator.resolveTable(table);
    } catch (PassportException e) {
      throw new PassportException(e.errorCode(), file + ": " + e.getMessage(), e);
    }
    ReadRestrictions restrictions =
        IcebergReadRestrictions.resolve(evaluator, context, schema, resolved, Map.of());
    PrintWriter out = spec.commandLine().getOut();
    out.print(ReadRestrictionsJson.write(restrictions));
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    if (!restrictions.allowed()) {
      err.println(
          "passport: "
              + principal
              + " may not read "
              + resolved.qualifiedName()
              + "; a catalog should answer 403 (the restrictions admit no rows)");
    }
    if (!restrictions.losses().isEmpty()) {
      err.println(
          "passport: "
              + ExtractCommand.count(restrictions.losses().size(), "loss", "losses")
              + ":");
      ExtractCommand.printCapped(
          err, restrictions.losses(), ExtractCommand.MAX_LISTED, ExtractCommand::describe);
    }
    return strictExit(restrictions.losses());
  }

  private IcebergSchema readSchema() {
    String text = RewriteCommand.readText(schemaFile);
    try {
      return IcebergSchema.parse(text);
    } catch (PassportException e) {
      throw new PassportException(e.errorCode(), schemaFile + ": " + e.getMessage(), e);
    }
  }

  private Translation translate(PolicySet policySet, IdentityMap identities) {
    switch (target) {
      case RANGER:
      case RANGER_HIVE:
        return RangerPolicyTranslator.translate(policySet, identities, rangerOptions());
      case OPA:
        return OpaTranslator.translate(policySet, identities, opaOptions());
      case TRINO_RULES:
        return TrinoRulesTranslator.translate(policySet, identities, trinoRulesOptions());
      case ICEBERG_READ_RESTRICTIONS:
        return IcebergReadRestrictions.translate(
            policySet, identities, readRestrictionsOptions(policySet));
      case LAKEFORMATION:
        return LakeFormationTranslator.translate(policySet, identities, lakeFormationOptions());
      case ICEBERG_VIEWS:
        return SecureViewTranslator.translate(policySet, identities, secureViewOptions());
    }
    throw new IllegalStateException("Target " + target.id() + " has no translator");
  }

  private Optional<String> salt() {
    return DatabaseConnections.secret(environment, "--salt-env", saltVariable);
  }

  private TrinoRulesOptions trinoRulesOptions() {
    return new TrinoRulesOptions(
        Optional.ofNullable(catalog), Optional.ofNullable(policyUser), salt());
  }

  private SecureViewOptions secureViewOptions() {
    return new SecureViewOptions(
        Optional.ofNullable(catalog), Optional.ofNullable(viewSchema), salt());
  }

  private LakeFormationOptions lakeFormationOptions() {
    LakeFormationOptions options = LakeFormationOptions.forAccount(account);
    return database == null ? options : options.withDatabase(database);
  }

  private IcebergReadRestrictionsOptions readRestrictionsOptions(PolicySet policySet) {
    IcebergReadRestrictionsOptions options = IcebergReadRestrictionsOptions.defaults();
    if (table == null) {
      return options;
    }
    Securable resolved;
    try {
      resolved = Evaluator.compile(policySet).resolveTable(table);
    } catch (PassportException e) {
      throw new PassportException(e.errorCode(), file + ": " + e.getMessage(), e);
    }
    return options.withSchema(resolved.qualifiedName(), readSchema());
  }

  private RangerOptions rangerOptions() {
    RangerOptions options =
        target == Target.RANGER
            ? RangerOptions.trino(serviceName == null ? "dev_trino" : serviceName)
            : RangerOptions.hive(serviceName == null ? "dev_hive" : serviceName);
    return catalog == null ? options : options.withDefaultCatalog(catalog);
  }

  private OpaOptions opaOptions() {
    OpaOptions options = OpaOptions.defaults();
    if (opaUrl != null) {
      options = options.withOpaUrl(opaUrl);
    }
    return catalog == null ? options : options.withDefaultCatalog(catalog);
  }

  private void printSummary(
      PrintWriter out, PolicySet policySet, Translation translation, List<Path> written) {
    out.println(
        "passport: translated "
            + file
            + " to "
            + target.id()
            + describeTarget()
            + ", wrote "
            + ExtractCommand.count(written.size(), "file", "files")
            + ":");
    for (Path path : written) {
      out.println("  " + path);
    }
    List<Loss> losses = translation.losses();
    if (losses.isEmpty()) {
      out.println("  no losses");
    } else {
      Map<LossDirection, Integer> byDirection = new EnumMap<>(LossDirection.class);
      for (Loss loss : losses) {
        byDirection.merge(loss.direction(), 1, Integer::sum);
      }
      List<String> counts = new ArrayList<>();
      for (LossDirection direction : LossDirection.values()) {
        counts.add(
            byDirection.getOrDefault(direction, 0)
                + " "
                + direction.name().toLowerCase(Locale.ROOT));
      }
      out.println(
          "  "
              + ExtractCommand.count(losses.size(), "loss", "losses")
              + " ("
              + String.join(", ", counts)
              + "):");
      ExtractCommand.printCapped(out, losses, ExtractCommand.MAX_LISTED, ExtractCommand::describe);
    }
    if (!policySet.losses().isEmpty()) {
      out.println(
          "  the PolicySet itself records "
              + ExtractCommand.count(policySet.losses().size(), "loss", "losses")
              + " from extraction (not repeated here)");
    }
  }

  private String describeTarget() {
    if (target.ranger()) {
      return " (service " + rangerOptions().serviceName() + ")";
    }
    if (target == Target.LAKEFORMATION) {
      return " (account " + account + ")";
    }
    return "";
  }

  /** Accepts the ids of {@link Target}, ignoring case, and names them all when it cannot. */
  static final class TargetConverter implements CommandLine.ITypeConverter<Target> {
    @Override
    public Target convert(String value) {
      for (Target candidate : Target.values()) {
        if (candidate.id().equalsIgnoreCase(value)) {
          return candidate;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a target; expected one of " + Target.list());
    }
  }

  /** The ids of the available targets, for the help text. */
  static final class TargetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Target candidate : Target.values()) {
        names.add(candidate.id());
      }
      return names.iterator();
    }
  }
}
