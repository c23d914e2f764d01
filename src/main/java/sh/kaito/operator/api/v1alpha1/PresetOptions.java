package sh.kaito.operator.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Options for running a preset model (v1alpha1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresetOptions(
    @JsonPropertyDescription(
            "Name of the containerized model image; required when accessMode is private.")
        String image,
    @JsonPropertyDescription("Secrets in the Workspace namespace used to pull the model image.")
        List<String> imagePullSecrets) {}
