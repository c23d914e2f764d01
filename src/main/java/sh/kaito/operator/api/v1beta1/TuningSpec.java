package sh.kaito.operator.api.v1beta1;

import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A fine-tuning job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuningSpec(
    @JsonPropertyDescription(
            "The base model to fine-tune (a preset that supports tuning). Immutable.")
        PresetSpec preset,
    @JsonPropertyDescription(
            "Parameter-efficient fine-tuning method: lora or qlora (4-bit quantized LoRA, which"
                + " needs much less GPU memory). Immutable.")
        String method,
    @JsonPropertyDescription(
            "Name of a ConfigMap in the Workspace namespace with key training_config.yaml. When"
                + " empty, the operator's default configuration for the method is used.")
        String config,
    @Required @JsonPropertyDescription("The training data.") DataSource input,
    @Required @JsonPropertyDescription("Where to store the trained adapter.")
        DataDestination output) {}
