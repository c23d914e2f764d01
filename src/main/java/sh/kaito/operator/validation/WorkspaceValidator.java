package sh.kaito.operator.validation;

import java.util.Map;
import java.util.Objects;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.ClusterLookup;

/**
 * Validates Workspaces on CREATE and UPDATE with KAITO's rules and messages. Objects of both API
 * versions are read into the v1beta1 type (the schemas are field-compatible); {@code v1alpha1}
 * switches on that version's own rules.
 */
public final class WorkspaceValidator {
  private final ModelCatalog models;
  private final InstanceTypeCatalog instanceTypes;
  private final ValidationSettings settings;

  public WorkspaceValidator(
      ModelCatalog models, InstanceTypeCatalog instanceTypes, ValidationSettings settings) {
    this.models = models;
    this.instanceTypes = instanceTypes;
    this.settings = settings;
  }

  public ValidationSettings settings() {
    return settings;
  }

  public ValidationResult validateCreate(Workspace ws, boolean v1alpha1, ClusterLookup cluster) {
    ValidationContext c = context(ws, v1alpha1, cluster);
    ObjectRules.name(c);
    ObjectRules.create(c);
    ObjectRules.annotations(c);
    if (ws.getResource() != null) {
      if (ws.getInference() != null) {
        int contextTokens = InferenceConfigRules.validate(c);
        ResourceRules.createWithInference(c, contextTokens);
        InferenceRules.create(c);
      }
      if (ws.getTuning() != null) {
        TuningRules.create(c);
      }
    }
    return c.errors.result();
  }

  /**
   * Validates an update. Updates that change none of the user's fields (the controller adding a
   * finalizer, annotations it writes, a deletion in progress) are always allowed, so that a rule
   * added or a mode changed after a Workspace was created can never block its cleanup.
   */
  public ValidationResult validateUpdate(
      Workspace ws, Workspace old, boolean v1alpha1, ClusterLookup cluster) {
    ValidationContext c = context(ws, v1alpha1, cluster);
    if (ws.getMetadata() != null && ws.getMetadata().getDeletionTimestamp() != null) {
      return c.errors.result();
    }
    if (sameUserFields(ws, old)) {
      return c.errors.result();
    }
    ObjectRules.name(c);
    if (!Objects.equals(userAnnotations(ws), userAnnotations(old))) {
      ObjectRules.annotations(c);
      ObjectRules.nodeImageFamily(c);
    }
    UpdateRules.validate(c, old);
    return c.errors.result();
  }

  private static boolean sameUserFields(Workspace ws, Workspace old) {
    return Objects.equals(ws.getResource(), old.getResource())
        && Objects.equals(ws.getInference(), old.getInference())
        && Objects.equals(ws.getTuning(), old.getTuning())
        && Objects.equals(userAnnotations(ws), userAnnotations(old));
  }

  private static Map<String, String> userAnnotations(Workspace ws) {
    Map<String, String> a = ws.getMetadata() == null ? null : ws.getMetadata().getAnnotations();
    if (a == null) {
      return Map.of();
    }
    Map<String, String> copy = new java.util.TreeMap<>(a);
    copy.keySet().removeIf(k -> k.startsWith("workspace.kaito.io/"));
    return copy;
  }

  private ValidationContext context(Workspace ws, boolean v1alpha1, ClusterLookup cluster) {
    return new ValidationContext(ws, v1alpha1, cluster, settings, models, instanceTypes);
  }
}
