package sh.kaito.operator.api.v1beta1;

import java.util.List;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.schema.LabelSelectorSchema;

/** The GPU nodes a Workspace runs on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceSpec(
    @Default("1")
        @JsonPropertyDescription(
            "Deprecated. Number of GPU nodes; used as the node count for the transformers runtime"
                + " and as a hint to the estimator. Immutable.")
        Integer count,
    @JsonPropertyDescription(
            "GPU instance type (SKU) of the nodes to provision, e.g. Standard_NC24ads_A100_v4."
                + " Required when the operator provisions nodes (machine mode); must be empty"
                + " with existing (BYO) nodes. Immutable.")
        String instanceType,
    @Required
        @SchemaFrom(type = LabelSelectorSchema.class)
        @JsonPropertyDescription(
            "Labels of the GPU nodes. Provisioned nodes carry these labels; in BYO mode the"
                + " existing nodes are chosen by them. Only matchLabels and 'In' expressions"
                + " are supported. Immutable.")
        LabelSelector labelSelector,
    @JsonPropertyDescription("Deprecated and ignored: nodes to prefer for the workload.")
        List<String> preferredNodes,
    @JsonPropertyDescription(
            "Run the workload on a GPU partition (MIG slice or a number of whole GPUs) instead of"
                + " whole nodes. Only with BYO nodes. Immutable.")
        PartitionSpec partition) {

  /** The count, with the CRD default applied when the object did not pass through the API. */
  public int countOrDefault() {
    return count == null ? 1 : count;
  }

  public boolean hasInstanceType() {
    return instanceType != null && !instanceType.isEmpty();
  }
}
