package sh.kaito.operator.api.v1beta1;

import java.util.List;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Volume;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import sh.kaito.operator.api.Schemaless;

/** Input data: exactly one of urls, volumeSource or image. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSource(
    @JsonPropertyDescription(
            "Name of the data set; also used as a container name, so it must be a DNS subdomain.")
        String name,
    @JsonPropertyDescription(
            "Public http(s) URLs of the data files. Loopback, private, link-local and cloud"
                + " metadata addresses are rejected.")
        List<String> urls,
    @JsonProperty("volumeSource")
        @PreserveUnknownFields
        @SchemaFrom(type = Schemaless.class)
        @JsonPropertyDescription(
            "A volume (a Kubernetes VolumeSource) that holds the data, mounted read-only.")
        Volume volumeSource,
    @JsonPropertyDescription(
            "Image that holds the data in its /data directory, e.g. myregistry.io/dataset:1.0.")
        String image,
    @JsonPropertyDescription("Secrets in the Workspace namespace used to pull the data image.")
        List<String> imagePullSecrets) {

  public List<String> urlsOrEmpty() {
    return urls == null ? List.of() : urls;
  }
}
