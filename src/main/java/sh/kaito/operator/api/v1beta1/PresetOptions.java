package sh.kaito.operator.api.v1beta1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Options for running a preset model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresetOptions(
    @JsonPropertyDescription("Deprecated. Name of the containerized model image.") String image,
    @JsonPropertyDescription(
            "Deprecated. Secrets in the Workspace namespace used to pull the model image.")
        List<String> imagePullSecrets,
    @JsonPropertyDescription(
            "Name of a Secret in the Workspace namespace whose key HF_TOKEN holds the HuggingFace"
                + " access token; required for gated models such as Llama.")
        String modelAccessSecret) {}
