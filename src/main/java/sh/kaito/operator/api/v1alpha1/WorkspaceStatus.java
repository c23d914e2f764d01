package sh.kaito.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of a v1alpha1 Workspace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WorkspaceStatus(
    @JsonPropertyDescription("Names of the nodes that run the workload, sorted.")
        List<String> workerNodes,
    @JsonPropertyDescription("Conditions of the Workspace.") List<Condition> conditions) {}
