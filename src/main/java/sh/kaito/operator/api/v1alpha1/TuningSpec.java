package sh.kaito.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;

/** A fine-tuning job (v1alpha1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuningSpec(
    @JsonPropertyDescription("The base model to fine-tune. Immutable.") PresetSpec preset,
    @JsonPropertyDescription("Fine-tuning method: lora or qlora. Immutable.") String method,
    @JsonPropertyDescription(
            "Name of a ConfigMap in the Workspace namespace with key training_config.yaml; the"
                + " operator's default for the method when empty.")
        String config,
    @Required @JsonPropertyDescription("The training data.") DataSource input,
    @Required @JsonPropertyDescription("Where to store the trained adapter.")
        DataDestination output) {}
