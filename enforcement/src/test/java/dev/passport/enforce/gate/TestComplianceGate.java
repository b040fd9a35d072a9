package dev.passport.enforce.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate scenarios under {@code src/test/resources/gate}: one folder each, holding {@code
 * transfer.yaml}, the policies it names, and {@code expected.txt} with the expected verdict, the
 * exact set of causes of FAIL and REVIEW findings, optionally objects those findings must name and
 * the exact set of INFO causes. Folders starting with {@code _} hold shared files.
 */
class TestComplianceGate {
  private static Path scenarios() throws URISyntaxException {
    return Path.of(TestComplianceGate.class.getResource("/gate").toURI());
  }

  static Stream<String> scenarioNames() throws IOException, URISyntaxException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> folders = Files.list(scenarios())) {
      folders
          .filter(Files::isDirectory)
          .map(folder -> folder.getFileName().toString())
          .filter(name -> !name.startsWith("_"))
          .sorted()
          .forEach(names::add);
    }
    return names.stream();
  }

  @Test
  void testThereAreEnoughScenariosForEveryCause() throws Exception {
    List<String> names = scenarioNames().toList();
    assertThat(names).hasSizeGreaterThanOrEqualTo(20);
    Set<String> causes = new TreeSet<>();
    for (String name : names) {
      causes.addAll(expected(scenarios().resolve(name)).causes());
    }
    assertThat(causes)
        .contains(
            "MASK_MISSING",
            "MASK_WEAKER",
            "FILTER_MISSING",
            "FILTER_WEAKER",
            "GRANT_BROADER",
            "UNMAPPED_PRINCIPAL",
            "UNKNOWN_COMPARISON",
            "LOSS",
            "NO_GRANTS");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioNames")
  void testScenario(String name) throws Exception {
    Path folder = scenarios().resolve(name);
    Expected expected = expected(folder);
    GateResult result =
        ComplianceGate.evaluate(TransferSpecReader.read(folder.resolve("transfer.yaml")));
    Set<String> causes = new TreeSet<>();
    Set<String> objects = new TreeSet<>();
    Set<String> info = new TreeSet<>();
    for (Finding finding : result.findings()) {
      if (finding.severity() != FindingSeverity.INFO) {
        causes.add(finding.cause().name());
        objects.add(finding.object());
      } else {
        info.add(finding.cause().name());
      }
    }
    String report = GateReports.toMarkdown(result);
    assertThat(result.verdict()).as(report).isEqualTo(expected.verdict());
    assertThat(causes).as(report).isEqualTo(expected.causes());
    assertThat(objects).as(report).containsAll(expected.objects());
    expected.info().ifPresent(wanted -> assertThat(info).as(report).isEqualTo(wanted));
    // Every FAIL names who and what, and both sides' rules.
    for (Finding finding : result.findings(FindingSeverity.FAIL)) {
      assertThat(finding.principal()).as(finding.message()).isPresent();
      assertThat(finding.source().description()).isNotBlank();
      assertThat(finding.destination().description()).isNotBlank();
    }
    // The reports are deterministic.
    GateResult again =
        ComplianceGate.evaluate(TransferSpecReader.read(folder.resolve("transfer.yaml")));
    assertThat(GateReports.toJson(again)).isEqualTo(GateReports.toJson(result));
  }

  /** {@code info} is empty when {@code expected.txt} does not constrain INFO findings. */
  private record Expected(
      GateVerdict verdict, Set<String> causes, Set<String> objects, Optional<Set<String>> info) {}

  private static Expected expected(Path folder) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(folder.resolve("expected.txt"), StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      values.put(trimmed.substring(0, colon).strip(), trimmed.substring(colon + 1).strip());
    }
    return new Expected(
        GateVerdict.valueOf(values.get("verdict")),
        list(values.getOrDefault("causes", "none")),
        list(values.getOrDefault("objects", "none")),
        Optional.ofNullable(values.get("info")).map(TestComplianceGate::list));
  }

  private static Set<String> list(String text) {
    Set<String> items = new TreeSet<>();
    if (text.equals("none")) {
      return items;
    }
    for (String item : text.split(",")) {
      items.add(item.strip());
    }
    return items;
  }
}
