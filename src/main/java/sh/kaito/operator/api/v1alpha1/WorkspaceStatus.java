package sh.kaito.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.schema.ConditionSchema;

/** Observed state of a v1alpha1 Workspace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WorkspaceStatus(
    @JsonPropertyDescription("Names of the nodes that run the workload, sorted.")
        List<String> workerNodes,
    @SchemaFrom(type = ConditionSchema[].class)
        @JsonPropertyDescription("Conditions of the Workspace.")
        List<Condition> conditions) {}
