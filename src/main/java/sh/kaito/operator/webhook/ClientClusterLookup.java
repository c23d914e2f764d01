package sh.kaito.operator.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import sh.kaito.operator.common.ClusterLookup;

/** Cluster state for admission, read from the API server. */
@ApplicationScoped
public class ClientClusterLookup implements ClusterLookup {
  private final KubernetesClient client;

  public ClientClusterLookup(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<Node> nodesWithLabels(Map<String, String> labels) {
    try {
      return client.nodes().withLabels(labels).list().getItems();
    } catch (KubernetesClientException e) {
      throw new LookupException(e.getMessage(), e);
    }
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    try {
      return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      throw new LookupException(e.getMessage(), e);
    }
  }
}
