package sh.kaito.operator.sizing;

import sh.kaito.operator.catalog.GpuConfig;

/**
 * The GPU shape a Workspace will run on, as far as admission can tell.
 *
 * @param config GPUs of one node; null when unknown (an instance type outside the catalog)
 * @param nodeCount nodes counted for the memory check: {@code resource.count} with provisioned
 *     nodes, the matching nodes in BYO mode
 * @param source where the shape comes from, for messages ("instance type X", "node Y")
 */
public record GpuShape(GpuConfig config, int nodeCount, String source) {
  public boolean known() {
    return config != null;
  }
}
