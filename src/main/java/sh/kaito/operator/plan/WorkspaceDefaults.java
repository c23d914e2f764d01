package sh.kaito.operator.plan;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;

/**
 * Applies the CRD defaults the API server would apply, since plan reads files that never went
 * through it: namespace {@code default}, {@code resource.count: 1}, {@code accessMode: public} and,
 * for v1alpha1, {@code instanceType: Standard_NC24ads_A100_v4}.
 */
final class WorkspaceDefaults {
  static final String V1ALPHA1_DEFAULT_INSTANCE_TYPE = "Standard_NC24ads_A100_v4";

  private WorkspaceDefaults() {}

  static Workspace apply(Workspace ws, boolean v1alpha1) {
    if (ws.getMetadata() == null) {
      ws.setMetadata(new ObjectMeta());
    }
    if (ws.getMetadata().getNamespace() == null) {
      ws.getMetadata().setNamespace("default");
    }
    ResourceSpec r = ws.getResource();
    if (r != null) {
      String instanceType = r.instanceType();
      if (v1alpha1 && instanceType == null) {
        instanceType = V1ALPHA1_DEFAULT_INSTANCE_TYPE;
      }
      ws.setResource(
          new ResourceSpec(
              r.count() == null ? 1 : r.count(),
              instanceType,
              r.labelSelector(),
              r.preferredNodes(),
              r.partition()));
    }
    InferenceSpec inference = ws.getInference();
    if (inference != null && inference.preset() != null) {
      ws.setInference(
          new InferenceSpec(
              withAccessMode(inference.preset()),
              inference.template(),
              inference.config(),
              inference.adapters()));
    }
    TuningSpec tuning = ws.getTuning();
    if (tuning != null && tuning.preset() != null) {
      ws.setTuning(
          new TuningSpec(
              withAccessMode(tuning.preset()),
              tuning.method(),
              tuning.config(),
              tuning.input(),
              tuning.output()));
    }
    return ws;
  }

  private static PresetSpec withAccessMode(PresetSpec p) {
    return p.accessMode() != null
        ? p
        : new PresetSpec(p.name(), ModelImageAccessMode.PUBLIC, p.presetOptions());
  }
}
