package sh.kaito.operator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A LoRA adapter loaded with the base model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdapterSpec(
    @JsonPropertyDescription(
            "Where the adapter comes from: an image (files under /data) or a volume. Its name must"
                + " be a DNS subdomain and unique among the adapters.")
        DataSource source,
    @JsonPropertyDescription(
            "Multiplier for the adapter weights, a number between 0 and 1 written as a string;"
                + " default 1.0. Only the transformers runtime supports it.")
        String strength) {}
