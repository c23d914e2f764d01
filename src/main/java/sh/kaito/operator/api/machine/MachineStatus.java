package sh.kaito.operator.api.machine;

import java.util.List;
import java.util.Map;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.schema.ConditionSchema;

/** Observed state of a Machine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MachineStatus(
    @JsonProperty("providerID")
        @JsonPropertyDescription("Cloud provider ID of the node; the Node is found by it.")
        String providerId,
    @JsonPropertyDescription("Name of the Node that joined for this Machine.") String nodeName,
    @JsonPropertyDescription("Resource capacity of the node.") Map<String, Quantity> capacity,
    @JsonPropertyDescription("Allocatable resources of the node.")
        Map<String, Quantity> allocatable,
    @JsonPropertyDescription("The cloud resource behind the Machine.")
        CloudResourceStatus cloudResource,
    @SchemaFrom(type = ConditionSchema[].class)
        @JsonPropertyDescription(
            "Conditions Launched, Registered, Initialized and Ready (all three before it).")
        List<Condition> conditions) {}
