package sh.kaito.operator.api.machine;

import java.util.List;
import java.util.Map;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Taint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.schema.TaintSchema;

/** The node a Machine asks for. Immutable once created: a different node is a new Machine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable")
public record MachineSpec(
    @Required
        @JsonPropertyDescription("GPU instance type (SKU) of the node, e.g. Standard_NC6s_v3.")
        String instanceType,
    @Pattern("^[0-9]+(Gi|G)$")
        @JsonPropertyDescription(
            "OS disk size of the node, e.g. 128Gi; the model weights are downloaded to it.")
        String storage,
    @JsonPropertyDescription("Labels the node gets when it joins.") Map<String, String> labels,
    @SchemaFrom(type = TaintSchema[].class)
        @JsonPropertyDescription("Taints the node gets when it joins, e.g. sku=gpu:NoSchedule.")
        List<Taint> taints,
    @Default("ubuntu") @JsonPropertyDescription("Node OS image family: ubuntu or azurelinux.")
        ImageFamily imageFamily) {}
