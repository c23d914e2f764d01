package sh.kaito.operator.workspace;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.config.GaugeOwnership;

/**
 * KAITO's Workspace metrics: {@code kaito_workspace_count{phase}} and {@code
 * kaito_workspace_preset_count{preset_name}}, computed from the informer cache when Prometheus
 * scrapes (no periodic list of all Workspaces), plus reconcile duration and errors per controller.
 */
@ApplicationScoped
public class WorkspaceMetrics {
  static final List<String> PHASES = List.of("succeeded", "error", "pending", "deleting");

  private final MeterRegistry registry;
  private final MultiGauge presets;
  private volatile Supplier<Collection<Workspace>> workspaces = List::of;

  public WorkspaceMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Gauges read this instance's cache. A registry that outlives an application instance (the
    // global one, across restarts of the application in tests) would keep answering from the
    // previous instance's gauges, since a second registration returns the first meter.
    GaugeOwnership.takeOver(registry, "kaito_workspace_count", "kaito_workspace_preset_count");
    for (String phase : PHASES) {
      Gauge.builder("kaito_workspace_count", () -> count(phase))
          .description("Number of Workspaces in a phase (succeeded, error, pending, deleting)")
          .tag("phase", phase)
          .register(registry);
    }
    this.presets =
        MultiGauge.builder("kaito_workspace_preset_count")
            .description("Number of Workspaces using each preset model")
            .register(registry);
  }

  /** Where the Workspaces come from: the controller's primary cache. */
  public void observe(Supplier<Collection<Workspace>> source) {
    this.workspaces = source;
  }

  /** Refreshes the per-preset gauges; called after each reconcile. */
  public void refreshPresets() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Workspace ws : workspaces.get()) {
      String preset = preset(ws);
      if (preset != null) {
        counts.merge(preset, 1, Integer::sum);
      }
    }
    presets.register(
        counts.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("preset_name", e.getKey()), e.getValue()))
            .toList(),
        true);
  }

  public Timer.Sample startReconcile() {
    return Timer.start(registry);
  }

  public void endReconcile(Timer.Sample sample, String controller, boolean failed) {
    sample.stop(
        Timer.builder("kaito_reconcile_duration_seconds")
            .description("Time of one reconcile, per controller and result")
            .tag("controller", controller)
            .tag("result", failed ? "error" : "success")
            .register(registry));
    if (failed) {
      registry.counter("kaito_reconcile_errors", "controller", controller).increment();
    }
  }

  private double count(String phase) {
    return workspaces.get().stream().filter(ws -> phase.equals(phase(ws))).count();
  }

  /** KAITO's phase of a Workspace, from its WorkspaceDeleting and WorkspaceSucceeded conditions. */
  static String phase(Workspace ws) {
    var conditions = ws.getStatus() == null ? null : ws.getStatus().conditions();
    if (Conditions.isTrue(conditions, WorkspaceConditions.WORKSPACE_DELETING)
        || ws.getMetadata().getDeletionTimestamp() != null) {
      return "deleting";
    }
    var succeeded = Conditions.find(conditions, WorkspaceConditions.WORKSPACE_SUCCEEDED);
    if (succeeded.isPresent() && Conditions.TRUE.equals(succeeded.get().getStatus())) {
      return "succeeded";
    }
    // KAITO counts every WorkspaceSucceeded=False as an error, pending ones included; here only
    // failures are errors.
    if (succeeded.isPresent()
        && List.of(WorkspaceConditions.REASON_FAILED, "BenchmarkFailed")
            .contains(succeeded.get().getReason())) {
      return "error";
    }
    return "pending";
  }

  static String preset(Workspace ws) {
    if (ws.getInference() != null && ws.getInference().preset() != null) {
      return ws.getInference().preset().name();
    }
    return null;
  }
}
