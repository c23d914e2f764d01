package sh.kaito.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.Schemaless;
import sh.kaito.operator.api.v1beta1.AdapterSpec;

/** What to serve (v1alpha1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceSpec(
    @JsonPropertyDescription(
            "The base model to serve with the preset configuration. Exactly one of preset and"
                + " template must be set. Immutable.")
        PresetSpec preset,
    @PreserveUnknownFields
        @SchemaFrom(type = Schemaless.class)
        @JsonPropertyDescription(
            "A custom pod template (a Kubernetes PodTemplateSpec) to run instead of a preset.")
        PodTemplateSpec template,
    @JsonPropertyDescription(
            "Name of a ConfigMap in the Workspace namespace with key inference_config.yaml.")
        String config,
    @JsonPropertyDescription("LoRA adapters to load with the base model (at most 10).")
        List<AdapterSpec> adapters) {}
