package sh.kaito.operator.api.v1beta1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A model from the preset catalog and the options to run it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresetSpec(
    @Required
        @JsonPropertyDescription(
            "Model name: a KAITO preset name (e.g. phi-4-mini-instruct), or a HuggingFace model ID"
                + " from the catalog (e.g. microsoft/Phi-4-mini-instruct). Immutable.")
        String name,
    @Default("public")
        @JsonPropertyDescription(
            "Deprecated. Whether the model image is in a public or a private registry.")
        ModelImageAccessMode accessMode,
    @JsonPropertyDescription("Options for running the preset.") PresetOptions presetOptions) {

  public String modelAccessSecret() {
    return presetOptions == null ? null : presetOptions.modelAccessSecret();
  }
}
