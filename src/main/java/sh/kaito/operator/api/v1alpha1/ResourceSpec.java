package sh.kaito.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.schema.LabelSelectorSchema;

/** The GPU nodes a v1alpha1 Workspace runs on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceSpec(
    @Default("1") @JsonPropertyDescription("Number of GPU nodes. Immutable.") Integer count,
    @Default("Standard_NC24ads_A100_v4")
        @JsonPropertyDescription(
            "GPU instance type (SKU) of the nodes; defaults to Standard_NC24ads_A100_v4."
                + " Immutable.")
        String instanceType,
    @Required
        @SchemaFrom(type = LabelSelectorSchema.class)
        @JsonPropertyDescription(
            "Labels of the GPU nodes (matchLabels and 'In' expressions). Immutable.")
        LabelSelector labelSelector,
    @JsonPropertyDescription("Nodes to prefer for the workload (ignored by this operator).")
        List<String> preferredNodes) {}
