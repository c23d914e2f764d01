package sh.kaito.operator.cloud;

import java.time.Instant;
import java.util.Map;

/**
 * A cloud resource this operator created, as listed by the cloud.
 *
 * @param name resource name (the Machine name)
 * @param labels labels it carries for its node (include {@code kaito.sh/workspace})
 * @param provisioningState the cloud's state
 * @param createdAt when the operator created it, from its labels or tags; null when unknown
 */
public record CloudResource(
    String name, Map<String, String> labels, String provisioningState, Instant createdAt) {}
