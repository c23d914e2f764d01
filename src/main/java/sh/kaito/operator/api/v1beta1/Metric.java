package sh.kaito.operator.api.v1beta1;

import java.util.Map;

import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One benchmark measurement. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Metric(
    @Required
        @JsonPropertyDescription("Benchmark type and load pattern, e.g. stress/high-concurrency.")
        String description,
    @Required @JsonPropertyDescription("Measured value.") String value,
    @JsonPropertyDescription("Unit of the value, e.g. tokens/min.") String unit,
    @JsonPropertyDescription("Benchmark parameters that produced the value.")
        Map<String, String> config) {}
