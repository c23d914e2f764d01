package sh.kaito.operator.api.v1beta1;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** GPU partitioning for a workload: one MIG slice, or a number of whole GPUs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartitionSpec(
    @Required
        @JsonPropertyDescription(
            "Partitioning technology: mig (one NVIDIA Multi-Instance GPU slice) or accelerator"
                + " (a number of whole GPUs).")
        PartitionMode mode,
    @JsonPropertyDescription(
            "MIG profile of the slice, e.g. 1g.10gb or 3g.40gb. Only for mode mig.")
        String profile,
    @Min(1)
        @JsonPropertyDescription(
            "Number of whole GPUs to allocate. Required for mode accelerator, not valid for mig.")
        Integer count) {}
