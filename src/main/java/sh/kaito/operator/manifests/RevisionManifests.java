package sh.kaito.operator.manifests;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;

/**
 * The ControllerRevision that records one version of a Workspace's spec, as KAITO writes it: named
 * {@code <ws>-<first 5 hex of the hash>}, labelled {@code workspace.kaito.io/name}, annotated with
 * the full hash, owned by the Workspace.
 */
public final class RevisionManifests {
  /** KAITO keeps the last ten revisions. */
  public static final int HISTORY_LIMIT = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RevisionManifests() {}

  public static String name(Workspace ws, String hash) {
    return ws.getMetadata().getName() + "-" + hash.substring(0, 5);
  }

  public static ControllerRevision desired(Workspace ws, String hash, long revision) {
    Object data;
    try {
      data = JSON.readValue(SpecHash.revisionData(ws), Map.class);
    } catch (Exception e) {
      throw new IllegalStateException("cannot encode the revision data", e);
    }
    return new ControllerRevisionBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(name(ws, hash))
                .withNamespace(ws.getMetadata().getNamespace())
                .withLabels(
                    Map.of(KaitoApi.LABEL_REVISION_WORKSPACE_NAME, ws.getMetadata().getName()))
                .withAnnotations(Map.of(KaitoApi.ANNOTATION_WORKSPACE_HASH, hash))
                .withOwnerReferences(ownerReference(ws))
                .build())
        .withRevision(revision)
        .withData(data)
        .build();
  }

  /** The controller owner reference to a Workspace: deleting it deletes what it owns. */
  public static OwnerReference ownerReference(Workspace ws) {
    return new OwnerReferenceBuilder()
        .withApiVersion(Workspace.API_VERSION)
        .withKind("Workspace")
        .withName(ws.getMetadata().getName())
        .withUid(ws.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
