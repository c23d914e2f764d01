package sh.kaito.operator.sizing;

import java.util.List;

/**
 * How a Workspace is sized.
 *
 * @param targetNodeCount GPU nodes the workload runs on
 * @param shape GPUs of one node, null when unknown
 * @param estimate the vLLM node estimate behind the count, null when the count came from elsewhere
 * @param tuning the tuning memory estimate, null for inference
 * @param notes how the count was found, one sentence each
 */
public record Sizing(
    int targetNodeCount,
    GpuShape shape,
    NodeEstimate estimate,
    TuningMemoryEstimate tuning,
    List<String> notes) {}
