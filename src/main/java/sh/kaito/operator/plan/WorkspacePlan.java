package sh.kaito.operator.plan;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

import sh.kaito.operator.sizing.Sizing;
import sh.kaito.operator.validation.ValidationResult;

/**
 * The plan for one Workspace.
 *
 * @param doc the Workspace as read
 * @param validation admission's verdict
 * @param sizing how it is sized; null when invalid
 * @param objects what the operator would create, in creation order; empty when invalid
 * @param notes explanations printed as YAML comments
 */
public record WorkspacePlan(
    PlanInput.WorkspaceDoc doc,
    ValidationResult validation,
    Sizing sizing,
    List<HasMetadata> objects,
    List<String> notes) {

  public boolean valid() {
    return validation.isValid();
  }
}
