package sh.kaito.operator.api.v1beta1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Benchmark measurements keyed by metric name, e.g. peakTokensPerMinute. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Performance(
    @JsonPropertyDescription("Metric name to measurement.") Map<String, Metric> metrics) {}
