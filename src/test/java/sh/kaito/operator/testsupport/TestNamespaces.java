package sh.kaito.operator.testsupport;

import java.time.Duration;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import sh.kaito.operator.api.v1beta1.Workspace;

import static org.awaitility.Awaitility.await;

/** A namespace of its own for each controller test, and its Workspaces released at the end. */
public final class TestNamespaces {
  private TestNamespaces() {}

  /** Creates a namespace named {@code prefix-<random>} and returns its name. */
  public static String create(KubernetesClient client, String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Deletes the Workspaces of {@code namespace} and waits until the operator has removed their
   * finalizers. The delete is repeated while any remains: on the fabric8 mock server a status patch
   * of a reconcile that was running when the delete came can leave the Workspace without a pending
   * deletion, or without a watch event that says so (a real API server keeps the deletion mark, and
   * a repeated delete is a no-op there).
   */
  public static void deleteWorkspaces(KubernetesClient client, String namespace, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var remaining =
                  client.resources(Workspace.class).inNamespace(namespace).list().getItems();
              if (!remaining.isEmpty()) {
                client.resources(Workspace.class).inNamespace(namespace).delete();
              }
              return remaining.isEmpty();
            });
  }
}
