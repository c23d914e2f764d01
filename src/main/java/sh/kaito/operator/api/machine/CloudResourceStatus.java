package sh.kaito.operator.api.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** State of the cloud resource behind a Machine, kept so that work resumes after a restart. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CloudResourceStatus(
    @JsonPropertyDescription("Cloud provider that owns the resource: azure or simulated.")
        String provider,
    @JsonPropertyDescription("Name of the resource, e.g. the AKS agent pool name.") String name,
    @JsonPropertyDescription(
            "Provisioning state reported by the cloud, e.g. Creating, Succeeded, Failed, Deleting.")
        String provisioningState,
    @JsonPropertyDescription(
            "The cloud operation in progress (create or delete) and when it started, RFC 3339.")
        String operation,
    @JsonPropertyDescription("When the operation in progress started (RFC 3339).")
        String operationStartTime) {}
