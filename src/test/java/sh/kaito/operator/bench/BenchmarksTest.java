package sh.kaito.operator.bench;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's scenarios do the work they are named after: a benchmark of a review that fails
 * early, or of a plan that stops at validation, would print flattering and meaningless figures.
 * Nothing here is timed.
 */
class BenchmarksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void admissionScenarioValidatesAndAllowsTheSeed() throws Exception {
    Benchmarks.Scenarios s = Benchmarks.Scenarios.load();

    JsonNode answer = JSON.readTree((String) s.admit());

    assertThat(answer.at("/response/uid").asText()).isEqualTo("bench-0001");
    assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
    assertThat(JSON.readTree(s.review).at("/request/object/tuning/output/image").asText())
        .isEqualTo("myregistry.azurecr.io/phi-3-adapter:0.0.1");
  }

  @Test
  void desiredStateScenariosBuildEveryObject() throws Exception {
    Benchmarks.Scenarios s = Benchmarks.Scenarios.load();

    assertThat(s.plan(s.seed).valid()).isTrue();
    assertThat(s.seedObjects).extracting(HasMetadata::getKind).contains("Machine", "Job");
    assertThat(s.plan(s.multinode).sizing().targetNodeCount()).isGreaterThan(1);
    assertThat(s.multinodeObjects)
        .extracting(HasMetadata::getKind)
        .contains("Machine", "Service", "StatefulSet");
  }

  @Test
  void durationsParseAndPrint() {
    assertThat(Benchmarks.Duration.parse("2s").nanos()).isEqualTo(2_000_000_000L);
    assertThat(Benchmarks.Duration.parse("500ms").toString()).isEqualTo("500ms");
    assertThat(Benchmarks.Duration.parse("3s").dividedBy(3).toString()).isEqualTo("1s");
  }
}
