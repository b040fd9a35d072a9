package dev.passport.extract.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.ExprKind;
import dev.passport.model.ExprTrees;
import dev.passport.model.MaskRule;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real Snowflake scripts of ../shared/corpus/snowflake (schemachange at two commits), read from
 * outside the project; skipped with a message when the corpus is absent.
 */
class TestSnowflakeCorpus {
  private static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "snowflake");

  private static Path corpus(String folder) {
    Path root = CORPUS;
    if (!Files.isDirectory(root)) {
      root = Path.of("..", "shared", "corpus", "snowflake");
    }
    Path path = root.resolve(folder);
    assumeTrue(Files.isDirectory(path), "corpus folder absent, skipping: " + path.toAbsolutePath());
    return path;
  }

  private static List<Path> files(Path folder, String glob) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(folder)) {
      listing
          .filter(path -> path.getFileName().toString().matches(glob))
          .sorted()
          .forEach(files::add);
    }
    return files;
  }

  @Test
  void testCreateMaskingPoliciesExtractToRecognisedTransforms() throws IOException {
    List<Path> files = files(corpus("schemachange-62ee1e58"), "R__.*\\.sql");
    assertThat(files).hasSize(12);
    ExtractionOptions options =
        ExtractionOptions.defaults().withVariables(Map.of("SF_DATABASE", "ZEUS"));
    for (Path file : files) {
      DdlReadResult result = Extraction.readDdl(SystemKind.SNOWFLAKE, List.of(file), options);
      assertThat(result.policySet().definitions()).as(file.toString()).hasSize(1);
      Definition definition = result.policySet().definitions().get(0);
      assertThat(definition.kind()).isEqualTo(DefinitionKind.MASKING_POLICY);
      DefinitionBody.Mask mask = (DefinitionBody.Mask) definition.body();
      List<Transform> transforms = new ArrayList<>();
      for (MaskRule rule : mask.rules()) {
        transforms.add(rule.transform());
        assertThat(ExprTrees.anyMatch(rule.condition(), node -> node.kind() == ExprKind.OPAQUE))
            .as(file + " condition")
            .isFalse();
      }
      transforms.add(mask.otherwise());
      assertThat(transforms)
          .as(file.toString())
          .noneMatch(transform -> transform.kind() == TransformKind.EXPRESSION);
      assertThat(mask.rules().get(0).transform()).isEqualTo(new Transform.Identity());
      assertThat(result.policySet().losses())
          .as(file + " losses")
          .noneMatch(loss -> loss.reason().contains("not understood"));
    }
  }

  @Test
  void testAlterScriptsAndTheUdfPolicy() throws IOException {
    Path folder = corpus("schemachange-3ec7c8dc");
    List<Path> files = files(folder, "(?!APPLY).*\\.sql");
    DdlReadResult result =
        Extraction.readDdl(SystemKind.SNOWFLAKE, files, ExtractionOptions.defaults());
    Definition udf =
        result.policySet().definitions().stream()
            .filter(definition -> definition.name().endsWith("MASK_SBT_JSON"))
            .findFirst()
            .orElseThrow();
    Transform otherwise = ((DefinitionBody.Mask) udf.body()).otherwise();
    assertThat(otherwise.kind()).isEqualTo(TransformKind.EXPRESSION);
    assertThat(result.policySet().losses())
        .anyMatch(loss -> loss.reason().contains("ETL.MASK_SBT"));
    SkippedStatement drop =
        result.skipped().stream()
            .filter(skipped -> skipped.summary().startsWith("DROP POLICY"))
            .findFirst()
            .orElseThrow();
    assertThat(drop.kind()).isEqualTo(SkippedStatement.Kind.FAILED);
    assertThat(drop.file()).hasValueSatisfying(name -> assertThat(name).endsWith("DOB_MASK.sql"));
    assertThat(drop.line()).isEqualTo(8);
  }

  @Test
  void testApplyScriptBindsEveryColumn() throws IOException {
    Path apply = corpus("schemachange-3ec7c8dc").resolve("APPLY_ZEUS_DDM.sql");
    long attachments =
        Files.readAllLines(apply).stream()
            .filter(line -> line.contains("SET MASKING POLICY"))
            .count();
    assertThat(attachments).isEqualTo(218);
    List<Path> files = new ArrayList<>(files(corpus("schemachange-62ee1e58"), "R__.*\\.sql"));
    files.addAll(files(corpus("schemachange-3ec7c8dc"), "(?!APPLY).*\\.sql"));
    files.add(apply);
    DdlReadResult result =
        Extraction.readDdl(
            SystemKind.SNOWFLAKE,
            files,
            ExtractionOptions.defaults().withVariables(Map.of("SF_DATABASE", "ZEUS")));
    List<ColumnMask> masks = result.policySet().columnMasks();
    assertThat(masks).hasSize(218);
    assertThat(masks.stream().map(mask -> mask.column().orElseThrow().qualifiedName()).distinct())
        .hasSize(218);
    assertThat(masks).allMatch(mask -> mask.definition().isPresent());
    // The one definition the corpus lacks nothing for: every attachment resolves.
    assertThat(result.policySet().losses())
        .noneMatch(loss -> loss.reason().contains("is not defined in the scripts read"));
  }
}
