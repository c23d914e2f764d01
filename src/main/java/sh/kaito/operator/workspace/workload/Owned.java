package sh.kaito.operator.workspace.workload;

import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.manifests.RevisionManifests;

/** Marks objects as the Workspace's: its label (the informers select on it) and owner reference. */
final class Owned {
  private Owned() {}

  static <T extends HasMetadata> T by(Workspace ws, T object) {
    Map<String, String> labels =
        object.getMetadata().getLabels() == null
            ? new HashMap<>()
            : new HashMap<>(object.getMetadata().getLabels());
    labels.put(KaitoApi.LABEL_WORKSPACE, ws.getMetadata().getName());
    object.getMetadata().setLabels(labels);
    if (object.getMetadata().getOwnerReferences() == null
        || object.getMetadata().getOwnerReferences().isEmpty()) {
      object
          .getMetadata()
          .setOwnerReferences(java.util.List.of(RevisionManifests.ownerReference(ws)));
    }
    return object;
  }
}
