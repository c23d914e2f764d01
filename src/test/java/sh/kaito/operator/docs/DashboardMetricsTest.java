package sh.kaito.operator.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.machine.MachineMetrics;
import sh.kaito.operator.testsupport.Workspaces;
import sh.kaito.operator.webhook.WorkspaceWebhook;
import sh.kaito.operator.workspace.WorkspaceMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;

/**
 * The Grafana dashboard and the metrics reference name only series the operator exports, and the
 * reference lists every {@code kaito_} metric family. The series come from the operator's own
 * metrics classes, exercised once each, rendered by the Prometheus registry Quarkus uses.
 */
class DashboardMetricsTest {
  private static final Path DASHBOARD = Path.of("docs/grafana/kaito-operator-dashboard.json");
  private static final Path REFERENCE = Path.of("docs/metrics.md");
  private static final Pattern SERIES = Pattern.compile("\\bkaito_[a-z_]+[a-z]");

  private static Set<String> exported;
  private static Set<String> families;

  @BeforeAll
  static void scrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkspaceMetrics workspaces = new WorkspaceMetrics(registry);
    workspaces.observe(() -> List.of(Workspaces.inference("phi-4").instanceType(A100).build()));
    workspaces.refreshPresets();
    workspaces.endReconcile(workspaces.startReconcile(), "workspace", true);
    MachineMetrics machines = new MachineMetrics(registry);
    machines.provisioned(Duration.ofMinutes(7));
    machines.reconciled(machines.start(), true);
    machines.cloudCall(
        "azure",
        "ensure",
        new CloudResult(
            CloudResult.State.FAILED_TERMINAL,
            "pool",
            "Failed",
            Map.of(),
            "QuotaExceeded",
            "quota",
            null));
    // The webhook's counter is registered inline by the webhook; its name is the shared constant.
    registry.counter(WorkspaceWebhook.ADMISSION_REQUESTS, "operation", "CREATE").increment();
    String scrape = registry.scrape();
    exported = seriesIn(scrape);
    families = new TreeSet<>();
    Matcher type = Pattern.compile("^# TYPE (kaito_[a-z_]+) ", Pattern.MULTILINE).matcher(scrape);
    while (type.find()) {
      families.add(type.group(1));
    }
    // A timer's maximum is a gauge of its own, part of the timer's family.
    families.removeIf(f -> f.endsWith("_max") && families.contains(f.replaceAll("_max$", "")));
  }

  @Test
  void everySeriesTheDashboardQueriesIsExported() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets").size())
          .as("panel %s has a query", panel.path("title").asText())
          .isPositive();
      for (JsonNode target : panel.path("targets")) {
        queried.addAll(seriesIn(target.path("expr").asText()));
      }
    }
    assertThat(queried).hasSizeGreaterThanOrEqualTo(8);
    assertThat(exported).containsAll(queried);
  }

  @Test
  void theReferenceListsEveryMetricFamilyAndNothingElse() throws IOException {
    String reference = Files.readString(REFERENCE);
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| `(kaito_[a-z_]+)`", Pattern.MULTILINE).matcher(reference);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).isEqualTo(families);
    assertThat(exported).containsAll(seriesIn(reference));
  }

  private static Set<String> seriesIn(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }
}
