package sh.kaito.operator.manifests;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;

/**
 * Marks objects as a Workspace's: its {@code kaito.sh/workspace} label (the operator's informers
 * select on it) and a controller owner reference (the garbage collector deletes them with it).
 */
public final class Ownership {
  private Ownership() {}

  public static <T extends HasMetadata> T apply(Workspace ws, T object) {
    Map<String, String> labels =
        object.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(object.getMetadata().getLabels());
    labels.put(KaitoApi.LABEL_WORKSPACE, ws.getMetadata().getName());
    object.getMetadata().setLabels(labels);
    boolean hasUid = ws.getMetadata().getUid() != null && !ws.getMetadata().getUid().isEmpty();
    if (hasUid
        && (object.getMetadata().getOwnerReferences() == null
            || object.getMetadata().getOwnerReferences().isEmpty())) {
      object
          .getMetadata()
          .setOwnerReferences(java.util.List.of(RevisionManifests.ownerReference(ws)));
    }
    return object;
  }
}
