package sh.kaito.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;

/** A model from the preset catalog (v1alpha1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresetSpec(
    @Required @JsonPropertyDescription("Name of the preset model. Immutable.") String name,
    @Default("public")
        @JsonPropertyDescription(
            "Whether the model image is in a public or a private registry; private needs"
                + " presetOptions.image.")
        ModelImageAccessMode accessMode,
    @JsonPropertyDescription("Options for running the preset.") PresetOptions presetOptions) {}
