package sh.kaito.operator.api.v1beta1;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.Schemaless;

/** Where the tuning output (the adapter) goes: exactly one of volumeSource or image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataDestination(
    @JsonProperty("volumeSource")
        @PreserveUnknownFields
        @SchemaFrom(type = Schemaless.class)
        @JsonPropertyDescription("A volume (a Kubernetes VolumeSource) the adapter is written to.")
        Volume volumeSource,
    @JsonPropertyDescription(
            "Image reference the adapter is pushed to, e.g."
                + " myregistry.azurecr.io/phi-3-adapter:1.0. Needs imagePushSecret.")
        String image,
    @JsonPropertyDescription(
            "Name of a Secret of type kubernetes.io/dockerconfigjson in the Workspace namespace"
                + " with push access to the output image's registry.")
        String imagePushSecret) {}
