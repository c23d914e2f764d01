package sh.kaito.operator.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * An end-to-end test class: the shared {@link E2eCluster} (installed once per JVM, skipped without
 * {@code KAITO_E2E_KUBECONFIG}) and a namespace of its own for each test, deleted after it.
 */
@ExtendWith(E2eCluster.Extension.class)
abstract class E2eTest {
  E2eCluster cluster;
  KubernetesClient client;
  String ns;

  /** The prefix of each test's namespace. */
  abstract String namespacePrefix();

  @BeforeEach
  void createNamespace(E2eCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.client();
    ns = cluster.createNamespace(namespacePrefix());
  }

  @AfterEach
  void deleteNamespace() {
    cluster.deleteNamespace(ns);
  }
}
