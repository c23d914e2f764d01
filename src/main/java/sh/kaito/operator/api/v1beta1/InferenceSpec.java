package sh.kaito.operator.api.v1beta1;

import java.util.List;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.Schemaless;

/** What to serve: a preset model, or a custom pod template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceSpec(
    @JsonPropertyDescription(
            "The base model to serve with the preset configuration. Exactly one of preset and"
                + " template must be set. Immutable.")
        PresetSpec preset,
    @PreserveUnknownFields
        @SchemaFrom(type = Schemaless.class)
        @JsonPropertyDescription(
            "A custom pod template (a Kubernetes PodTemplateSpec) to run instead of a preset."
                + " Exactly one of preset and template must be set.")
        PodTemplateSpec template,
    @JsonPropertyDescription(
            "Name of a ConfigMap in the Workspace namespace with key inference_config.yaml that"
                + " holds runtime arguments (e.g. vllm.max-model-len).")
        String config,
    @JsonPropertyDescription(
            "LoRA adapters to load with the base model (at most 10), from images or volumes.")
        List<AdapterSpec> adapters) {

  public List<AdapterSpec> adaptersOrEmpty() {
    return adapters == null ? List.of() : adapters;
  }
}
