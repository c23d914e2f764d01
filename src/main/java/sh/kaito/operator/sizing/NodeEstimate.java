package sh.kaito.operator.sizing;

/**
 * The result of the inference node estimate, with the intermediate figures so that {@code plan} and
 * Events can explain it.
 *
 * @param nodes GPU nodes per replica
 * @param minGpus GPUs the weights need
 * @param contextTokens context size the KV cache was sized for
 * @param modelBytes weights as loaded (102% of the file size)
 * @param perGpuBudgetBytes memory per GPU left for weights after the reserve and the overhead
 * @param kvCacheBytesPerGpu KV cache of one sequence at the context size, per GPU
 */
public record NodeEstimate(
    int nodes,
    int minGpus,
    int contextTokens,
    long modelBytes,
    long perGpuBudgetBytes,
    long kvCacheBytesPerGpu) {}
