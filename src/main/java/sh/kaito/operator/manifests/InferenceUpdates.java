package sh.kaito.operator.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import sh.kaito.operator.api.KaitoApi;

/**
 * What changes on an existing inference StatefulSet when the Workspace revision changes, as in
 * KAITO: only the first container's env and volume mounts, the init containers and the volumes are
 * taken from the desired StatefulSet (adapter and inference-config changes roll out this way); the
 * image, command, resources, probes and everything else a user may have tuned stay as they are.
 */
public final class InferenceUpdates {
  private InferenceUpdates() {}

  /** The StatefulSet was written for another revision than {@code revision}. */
  public static boolean revisionChanged(StatefulSet existing, String revision) {
    Map<String, String> annotations =
        existing.getMetadata() == null ? null : existing.getMetadata().getAnnotations();
    String current =
        annotations == null ? null : annotations.get(KaitoApi.ANNOTATION_WORKSPACE_REVISION);
    return current == null || !current.equals(revision);
  }

  /**
   * A copy of {@code existing} with the revision-dependent parts of {@code desired}: {@code
   * containers[0].env}, {@code containers[0].volumeMounts}, {@code initContainers}, {@code volumes}
   * and the {@code workspace.kaito.io/revision} annotation. Neither argument is modified.
   */
  public static StatefulSet applyRevision(StatefulSet existing, StatefulSet desired) {
    StatefulSet updated = new StatefulSetBuilder(existing).build();
    StatefulSet source = new StatefulSetBuilder(desired).build();

    PodSpec target = podSpec(updated);
    PodSpec from = podSpec(source);
    if (target != null && from != null) {
      Container targetMain = firstContainer(target);
      Container fromMain = firstContainer(from);
      if (targetMain != null && fromMain != null) {
        targetMain.setEnv(copyOf(fromMain.getEnv()));
        targetMain.setVolumeMounts(copyOf(fromMain.getVolumeMounts()));
      }
      target.setInitContainers(copyOf(from.getInitContainers()));
      target.setVolumes(copyOf(from.getVolumes()));
    }

    String revision =
        source.getMetadata() == null || source.getMetadata().getAnnotations() == null
            ? null
            : source.getMetadata().getAnnotations().get(KaitoApi.ANNOTATION_WORKSPACE_REVISION);
    if (revision != null) {
      if (updated.getMetadata() == null) {
        updated.setMetadata(new ObjectMeta());
      }
      Map<String, String> annotations = new TreeMap<>();
      if (updated.getMetadata().getAnnotations() != null) {
        annotations.putAll(updated.getMetadata().getAnnotations());
      }
      annotations.put(KaitoApi.ANNOTATION_WORKSPACE_REVISION, revision);
      updated.getMetadata().setAnnotations(annotations);
    }
    return updated;
  }

  private static PodSpec podSpec(StatefulSet ss) {
    if (ss.getSpec() == null || ss.getSpec().getTemplate() == null) {
      return null;
    }
    return ss.getSpec().getTemplate().getSpec();
  }

  private static Container firstContainer(PodSpec spec) {
    return spec.getContainers() == null || spec.getContainers().isEmpty()
        ? null
        : spec.getContainers().get(0);
  }

  private static <T> List<T> copyOf(List<T> list) {
    return list == null ? new ArrayList<>() : new ArrayList<>(list);
  }
}
