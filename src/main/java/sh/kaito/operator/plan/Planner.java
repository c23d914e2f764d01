package sh.kaito.operator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.HasMetadata;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.config.OperatorSettings;
import sh.kaito.operator.manifests.MachineManifests;
import sh.kaito.operator.manifests.RuntimeImages;
import sh.kaito.operator.manifests.WorkloadContext;
import sh.kaito.operator.manifests.WorkloadContextFactory;
import sh.kaito.operator.manifests.WorkloadManifests;
import sh.kaito.operator.sizing.Sizing;
import sh.kaito.operator.sizing.SizingException;
import sh.kaito.operator.sizing.WorkspaceSizer;
import sh.kaito.operator.validation.FieldError;
import sh.kaito.operator.validation.ValidationResult;
import sh.kaito.operator.validation.WorkspaceValidator;

/** Validates a Workspace, sizes it and builds the objects the operator would create for it. */
public final class Planner {
  static final String FIRST_REVISION = "1";

  private final ModelCatalog models;
  private final OperatorSettings settings;
  private final WorkspaceValidator validator;
  private final WorkspaceSizer sizer;
  private final WorkloadContextFactory contexts;

  public Planner(
      ModelCatalog models, InstanceTypeCatalog instanceTypes, OperatorSettings settings) {
    this.models = models;
    this.settings = settings;
    this.validator = new WorkspaceValidator(models, instanceTypes, settings.validation());
    this.sizer = new WorkspaceSizer(models, instanceTypes, settings.mode(), settings.vllm());
    this.contexts =
        new WorkloadContextFactory(
            models,
            instanceTypes,
            settings.mode(),
            settings.vllm(),
            RuntimeImages.defaults(settings.presetRegistry(), settings.baseImageTag()));
  }

  /**
   * Plans one Workspace.
   *
   * @param storageClassExists which StorageClasses the cluster has (from the input files)
   */
  public WorkspacePlan plan(
      PlanInput.WorkspaceDoc doc, ClusterLookup cluster, Predicate<String> storageClassExists) {
    Workspace ws = doc.workspace();
    ValidationResult validation = validator.validateCreate(ws, doc.v1alpha1(), cluster);
    List<String> notes = new ArrayList<>(validation.warnings());
    if (!validation.isValid()) {
      return new WorkspacePlan(doc, validation, null, List.of(), notes);
    }
    Sizing sizing;
    try {
      sizing = sizer.size(ws, cluster);
    } catch (SizingException e) {
      ValidationResult failed =
          new ValidationResult(
              List.of(new FieldError("resource", e.getMessage())), validation.warnings());
      return new WorkspacePlan(doc, failed, null, List.of(), notes);
    }
    notes.addAll(sizing.notes());
    List<HasMetadata> objects = new ArrayList<>();
    if (settings.mode() == ProvisioningMode.MACHINE) {
      String uid = uid(ws, notes);
      for (int ordinal = 0; ordinal < sizing.targetNodeCount(); ordinal++) {
        objects.add(
            MachineManifests.desired(ws, uid, ordinal, models, settings.defaultImageFamily()));
      }
    }
    // A new Workspace's first revision; the controller also records it in a ControllerRevision.
    WorkloadContext ctx = contexts.of(ws, sizing, FIRST_REVISION, cluster, storageClassExists);
    objects.addAll(WorkloadManifests.all(ctx, WorkloadContextFactory.tuningOutputDir(ws, cluster)));
    return new WorkspacePlan(doc, validation, sizing, objects, notes);
  }

  /**
   * Machine names derive from the Workspace UID, which only the API server assigns. A file read
   * back from the cluster has it; otherwise a stand-in from namespace and name is used.
   */
  private static String uid(Workspace ws, List<String> notes) {
    String uid = ws.getMetadata().getUid();
    if (uid != null && !uid.isEmpty()) {
      return uid;
    }
    notes.add(
        "Machine names derive from the Workspace UID, which the cluster assigns: these use a"
            + " stand-in UID, so the names in the cluster will differ");
    return "plan:" + ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName();
  }
}
