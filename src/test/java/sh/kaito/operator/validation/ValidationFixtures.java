package sh.kaito.operator.validation;

import java.util.List;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.testsupport.Workspaces;

/** Validators for both provisioning modes and helpers that render the result. */
final class ValidationFixtures {
  static final WorkspaceValidator MACHINE =
      new WorkspaceValidator(
          Workspaces.models(),
          Workspaces.instanceTypes(),
          ValidationSettings.defaults(ProvisioningMode.MACHINE));
  static final WorkspaceValidator BYO =
      new WorkspaceValidator(
          Workspaces.models(),
          Workspaces.instanceTypes(),
          ValidationSettings.defaults(ProvisioningMode.BYO));
  static final WorkspaceValidator AWS =
      new WorkspaceValidator(
          Workspaces.models(),
          Workspaces.instanceTypes(),
          new ValidationSettings(ProvisioningMode.MACHINE, "aws", true, false, false));

  private ValidationFixtures() {}

  /** A BYO validator with the MIG and accelerator gates set. */
  static WorkspaceValidator byoWithGates(boolean mig, boolean accelerator) {
    return new WorkspaceValidator(
        Workspaces.models(),
        Workspaces.instanceTypes(),
        new ValidationSettings(ProvisioningMode.BYO, "azure", true, mig, accelerator));
  }

  static ValidationResult create(WorkspaceValidator v, Workspace ws) {
    return v.validateCreate(ws, false, StaticClusterLookup.empty());
  }

  static ValidationResult create(WorkspaceValidator v, Workspace ws, ClusterLookup cluster) {
    return v.validateCreate(ws, false, cluster);
  }

  /** The rendered errors, "message: path". */
  static List<String> errors(ValidationResult r) {
    return r.errors().stream().map(FieldError::render).toList();
  }
}
