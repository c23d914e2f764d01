package sh.kaito.operator.api.v1beta1;

import java.util.List;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.schema.ConditionSchema;

/** Observed state of a Workspace, computed by the Workspace controller. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WorkspaceStatus(
    @JsonPropertyDescription("Names of the nodes that run the workload, sorted.")
        List<String> workerNodes,
    @JsonPropertyDescription(
            "High-level state: Pending, Ready or NotReady (inference), Running, Succeeded or"
                + " Failed (tuning).")
        WorkspaceState state,
    @SchemaFrom(type = ConditionSchema[].class)
        @JsonPropertyDescription(
            "Conditions: ResourceReady, InferenceReady, JobStarted, WorkspaceSucceeded,"
                + " WorkspaceDeleting, each with reason, message and observedGeneration.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "Number of GPU nodes the workload needs, estimated once from the model and the"
                + " instance type; it does not change afterwards.")
        Integer targetNodeCount,
    @JsonPropertyDescription("Measurements of the post-load inference benchmark.")
        Performance performance) {}
