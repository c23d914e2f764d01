package sh.kaito.operator.api.machine;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.KaitoApi;

/**
 * One GPU node: the Machine controller creates it through a cloud provider (an AKS agent pool, or a
 * simulated node) and links the Node that joins. Cluster-scoped, like Karpenter's Machine; the
 * labels {@code kaito.sh/workspace} and {@code kaito.sh/workspacenamespace} tie it to its
 * Workspace.
 */
@Group(KaitoApi.GROUP)
@Version(Machine.VERSION)
@Kind("Machine")
@Plural("machines")
@Singular("machine")
@Categories("kaito")
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".spec.instanceType")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeName")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Workspace",
    jsonPath = ".metadata.labels.kaito\\.sh/workspace",
    priority = 1)
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.cloudResource.provisioningState",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Machine extends CustomResource<MachineSpec, MachineStatus> {
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = KaitoApi.GROUP + "/" + VERSION;

  @Override
  @JsonPropertyDescription("The node the Machine asks for; immutable.")
  public MachineSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the Machine and its cloud resource.")
  public MachineStatus getStatus() {
    return super.getStatus();
  }
}
