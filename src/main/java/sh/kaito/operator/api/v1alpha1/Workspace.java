package sh.kaito.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;

/**
 * The v1alpha1 Workspace, served for compatibility and stored as v1beta1. There is no conversion
 * webhook: the two schemas stay field-compatible, as upstream.
 *
 * <p>The status is v1beta1's, field for field. The operator writes status with Server-Side Apply,
 * and the API server then converts the whole object to the version of every field manager on it; a
 * Workspace created as v1alpha1 has one, and a status field that v1alpha1 did not declare would
 * make every status write fail ("failed to convert new object: .status.state: field not declared in
 * schema"), as the end-to-end test against a real API server showed.
 */
@Group(KaitoApi.GROUP)
@Version(value = Workspace.VERSION, storage = false, served = true)
@Kind("Workspace")
@Plural("workspaces")
@Singular("workspace")
@ShortNames({"wk", "wks"})
@Categories("workspace")
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".resource.instanceType")
@AdditionalPrinterColumn(
    name = "ResourceReady",
    jsonPath = ".status.conditions[?(@.type==\"ResourceReady\")].status")
@AdditionalPrinterColumn(
    name = "InferenceReady",
    jsonPath = ".status.conditions[?(@.type==\"InferenceReady\")].status")
@AdditionalPrinterColumn(
    name = "JobStarted",
    jsonPath = ".status.conditions[?(@.type==\"JobStarted\")].status")
@AdditionalPrinterColumn(
    name = "WorkspaceSucceeded",
    jsonPath = ".status.conditions[?(@.type==\"WorkspaceSucceeded\")].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties({"spec"})
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "resource", "inference", "tuning", "status"})
public class Workspace extends CustomResource<Void, WorkspaceStatus> implements Namespaced {
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = KaitoApi.GROUP + "/" + VERSION;

  @Required
  @JsonPropertyDescription("GPU nodes the workload needs.")
  private ResourceSpec resource;

  @JsonPropertyDescription(
      "The model to serve: a preset, or a custom pod template. Exactly one of inference and"
          + " tuning must be set.")
  private InferenceSpec inference;

  @JsonPropertyDescription(
      "The fine-tuning job to run. Exactly one of inference and tuning must be set.")
  private TuningSpec tuning;

  public ResourceSpec getResource() {
    return resource;
  }

  public void setResource(ResourceSpec resource) {
    this.resource = resource;
  }

  public InferenceSpec getInference() {
    return inference;
  }

  public void setInference(InferenceSpec inference) {
    this.inference = inference;
  }

  public TuningSpec getTuning() {
    return tuning;
  }

  public void setTuning(TuningSpec tuning) {
    this.tuning = tuning;
  }

  @Override
  @JsonPropertyDescription("Observed state of the Workspace, written by the operator.")
  public WorkspaceStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected Void initSpec() {
    return null;
  }
}
