package sh.kaito.operator.workspace.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Creates that tolerate a lagging informer cache. */
final class Creates {
  private Creates() {}

  /**
   * Creates the object; returns false when it already exists (the cache had not seen it yet), which
   * is not an error: the informer event that follows brings it.
   */
  static boolean create(KubernetesClient client, HasMetadata object) {
    try {
      client.resource(object).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }
}
