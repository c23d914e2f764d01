package sh.kaito.operator.workspace;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.manifests.RevisionManifests;
import sh.kaito.operator.manifests.SpecHash;

/**
 * Keeps KAITO's revision history of a Workspace: a ControllerRevision per spec version (at most
 * ten), and the {@code workspace.kaito.io/hash} and {@code /revision} annotations on the Workspace.
 * Writes only when the spec changed.
 */
@ApplicationScoped
public class WorkspaceRevisions {
  private final KubernetesClient client;

  public WorkspaceRevisions(KubernetesClient client) {
    this.client = client;
  }

  /** Thrown when a revision of the same name records a different hash (a hash-prefix clash). */
  public static final class RevisionConflictException extends RuntimeException {
    RevisionConflictException(String message) {
      super(message);
    }
  }

  /**
   * Makes sure the current spec has a revision and returns its number.
   *
   * @param existing the Workspace's ControllerRevisions (from the informer cache)
   */
  public String sync(Workspace ws, Collection<ControllerRevision> existing) {
    String hash = SpecHash.of(ws);
    String name = RevisionManifests.name(ws, hash);
    List<ControllerRevision> sorted =
        existing.stream()
            .sorted(Comparator.comparingLong(ControllerRevision::getRevision))
            .toList();
    Optional<ControllerRevision> current =
        sorted.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    long number;
    if (current.isPresent()) {
      String recorded =
          current.get().getMetadata().getAnnotations() == null
              ? null
              : current
                  .get()
                  .getMetadata()
                  .getAnnotations()
                  .get(KaitoApi.ANNOTATION_WORKSPACE_HASH);
      if (!hash.equals(recorded)) {
        throw new RevisionConflictException(
            "revision name conflicts, the hash values are different: " + name);
      }
      number = current.get().getRevision();
    } else {
      number = sorted.isEmpty() ? 1 : sorted.get(sorted.size() - 1).getRevision() + 1;
      client.resource(RevisionManifests.desired(ws, hash, number)).create();
      int surplus = sorted.size() + 1 - RevisionManifests.HISTORY_LIMIT;
      for (int i = 0; i < surplus; i++) {
        client.resource(sorted.get(i)).delete();
      }
    }
    String revision = Long.toString(number);
    annotate(ws, hash, revision);
    return revision;
  }

  private void annotate(Workspace ws, String hash, String revision) {
    Map<String, String> annotations =
        ws.getMetadata().getAnnotations() == null ? Map.of() : ws.getMetadata().getAnnotations();
    if (Objects.equals(annotations.get(KaitoApi.ANNOTATION_WORKSPACE_HASH), hash)
        && Objects.equals(annotations.get(KaitoApi.ANNOTATION_WORKSPACE_REVISION), revision)) {
      return;
    }
    String patch =
        "{\"metadata\":{\"annotations\":{\""
            + KaitoApi.ANNOTATION_WORKSPACE_HASH
            + "\":\""
            + hash
            + "\",\""
            + KaitoApi.ANNOTATION_WORKSPACE_REVISION
            + "\":\""
            + revision
            + "\"}}}";
    client
        .resources(Workspace.class)
        .inNamespace(ws.getMetadata().getNamespace())
        .withName(ws.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    Map<String, String> updated = new HashMap<>(annotations);
    updated.put(KaitoApi.ANNOTATION_WORKSPACE_HASH, hash);
    updated.put(KaitoApi.ANNOTATION_WORKSPACE_REVISION, revision);
    ws.getMetadata().setAnnotations(updated);
  }
}
