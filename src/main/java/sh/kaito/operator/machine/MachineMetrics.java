package sh.kaito.operator.machine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.config.GaugeOwnership;

/**
 * Machine metrics: how long provisioning takes, how many Machines are in each phase, and the cloud
 * calls with their outcome and error code.
 */
@ApplicationScoped
public class MachineMetrics {
  static final List<String> PHASES =
      List.of("launching", "registering", "ready", "failed", "deleting");

  private final MeterRegistry registry;
  private final Timer provisioning;
  private volatile Supplier<Collection<Machine>> machines = List::of;

  public MachineMetrics(MeterRegistry registry) {
    this.registry = registry;
    GaugeOwnership.takeOver(registry, "kaito_machine_count");
    this.provisioning =
        Timer.builder("kaito_machine_provisioning_duration_seconds")
            .description("Time from a Machine's creation until it is Ready")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofSeconds(10))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    for (String phase : PHASES) {
      Gauge.builder("kaito_machine_count", () -> count(phase))
          .description("Number of Machines in a phase")
          .tag("phase", phase)
          .register(registry);
    }
  }

  public void observe(Supplier<Collection<Machine>> source) {
    this.machines = source;
  }

  public void provisioned(Duration duration) {
    provisioning.record(duration);
  }

  /** One call to the cloud, with its outcome and, for failures, the cloud's error code. */
  public void cloudCall(String provider, String operation, CloudResult result) {
    String outcome = result.failed() ? "error" : "ok";
    registry
        .counter(
            "kaito_cloud_api_calls",
            "provider",
            provider,
            "operation",
            operation,
            "result",
            outcome)
        .increment();
    if (result.failed()) {
      registry
          .counter(
              "kaito_cloud_api_errors",
              "provider",
              provider,
              "operation",
              operation,
              "code",
              result.errorCode() == null ? "unknown" : result.errorCode())
          .increment();
    }
  }

  public void reconciled(Timer.Sample sample, boolean failed) {
    sample.stop(
        Timer.builder("kaito_reconcile_duration_seconds")
            .description("Time of one reconcile, per controller and result")
            .tag("controller", "machine")
            .tag("result", failed ? "error" : "success")
            .register(registry));
    if (failed) {
      registry.counter("kaito_reconcile_errors", "controller", "machine").increment();
    }
  }

  public Timer.Sample start() {
    return Timer.start(registry);
  }

  private double count(String phase) {
    return machines.get().stream().filter(m -> phase.equals(phase(m))).count();
  }

  static String phase(Machine m) {
    if (m.getMetadata().getDeletionTimestamp() != null) {
      return "deleting";
    }
    var conditions = m.getStatus() == null ? null : m.getStatus().conditions();
    if (Conditions.isTrue(conditions, MachineConditions.READY)) {
      return "ready";
    }
    var launched = Conditions.find(conditions, MachineConditions.LAUNCHED);
    if (launched.isPresent() && Conditions.FALSE.equals(launched.get().getStatus())) {
      return "failed";
    }
    return Conditions.isTrue(conditions, MachineConditions.LAUNCHED) ? "registering" : "launching";
  }
}
