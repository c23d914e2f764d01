package sh.kaito.operator.manifests;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.manifests.InferenceFixtures.imageAdapter;
import static sh.kaito.operator.manifests.InferenceFixtures.preset;

/** A revision change rolls out env, mounts, init containers and volumes, nothing else. */
class InferenceUpdatesTest {
  private static Container main(StatefulSet ss) {
    return ss.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The StatefulSet as it was created at revision 1, then hand-tuned by someone. */
  private static StatefulSet existing() {
    StatefulSet created =
        InferenceManifests.statefulSet(
            preset("phi4", "phi-4-mini-instruct")
                .instanceType("Standard_NC24ads_A100_v4")
                .revision("1")
                .build());
    return new StatefulSetBuilder(created)
        .editMetadata()
        .addToAnnotations("team.example.com/owner", "ml")
        .endMetadata()
        .editSpec()
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .withImage("mcr.microsoft.com/aks/kaito/kaito-base:0.4.0")
        .editResources()
        .addToLimits("memory", new Quantity("200Gi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Revision 2 adds an adapter with a pull secret and an inference ConfigMap. */
  private static StatefulSet desired() {
    return InferenceManifests.statefulSet(
        preset("phi4", "phi-4-mini-instruct")
            .instanceType("Standard_NC24ads_A100_v4")
            .revision("2")
            .accessSecret("hf")
            .config("phi4-config", Map.of())
            .adapter(imageAdapter("pycoder", "myregistry.azurecr.io/pycoder:1", null, "acr"))
            .build());
  }

  @Test
  void envMountsInitContainersAndVolumesComeFromTheNewRevision() {
    StatefulSet desired = desired();
    StatefulSet updated = InferenceUpdates.applyRevision(existing(), desired);

    assertThat(main(updated).getEnv()).isEqualTo(main(desired).getEnv());
    assertThat(main(updated).getEnv()).extracting(EnvVar::getName).contains("HF_TOKEN");
    assertThat(main(updated).getVolumeMounts()).isEqualTo(main(desired).getVolumeMounts());
    assertThat(updated.getSpec().getTemplate().getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("puller-pycoder");
    assertThat(updated.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly(
            "config-volume",
            "model-weights-volume",
            "dshm",
            "adapter-volume",
            "docker-config-pycoder-inference-adapter");
    assertThat(updated.getMetadata().getAnnotations())
        .containsEntry("workspace.kaito.io/revision", "2")
        .containsEntry("team.example.com/owner", "ml");
  }

  @Test
  void imageCommandAndResourcesStay() {
    StatefulSet existing = existing();
    StatefulSet desired = desired();
    StatefulSet updated = InferenceUpdates.applyRevision(existing, desired);

    assertThat(main(updated).getImage()).isEqualTo("mcr.microsoft.com/aks/kaito/kaito-base:0.4.0");
    // The old command has no --enable-lora / --kaito-config-file: KAITO keeps it as it was.
    assertThat(main(updated).getCommand()).isEqualTo(main(existing).getCommand());
    assertThat(main(desired).getCommand()).isNotEqualTo(main(existing).getCommand());
    assertThat(main(updated).getResources().getLimits()).containsKey("memory");
    assertThat(main(updated).getStartupProbe()).isEqualTo(main(existing).getStartupProbe());
    assertThat(updated.getSpec().getTemplate().getSpec().getImagePullSecrets()).isEmpty();
  }

  @Test
  void inputsAreNotModified() {
    StatefulSet existing = existing();
    StatefulSet existingCopy = new StatefulSetBuilder(existing).build();
    StatefulSet desired = desired();
    StatefulSet desiredCopy = new StatefulSetBuilder(desired).build();

    StatefulSet updated = InferenceUpdates.applyRevision(existing, desired);
    main(updated).getEnv().clear();

    assertThat(existing).isEqualTo(existingCopy);
    assertThat(desired).isEqualTo(desiredCopy);
  }

  @Test
  void removingAnAdapterRemovesItsPuller() {
    StatefulSet withAdapter = desired();
    StatefulSet without =
        InferenceManifests.statefulSet(
            preset("phi4", "phi-4-mini-instruct")
                .instanceType("Standard_NC24ads_A100_v4")
                .revision("3")
                .build());

    StatefulSet updated = InferenceUpdates.applyRevision(withAdapter, without);

    assertThat(updated.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
    assertThat(updated.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly("model-weights-volume", "dshm");
  }

  @Test
  void revisionChangedComparesTheAnnotation() {
    StatefulSet existing = existing();

    assertThat(InferenceUpdates.revisionChanged(existing, "1")).isFalse();
    assertThat(InferenceUpdates.revisionChanged(existing, "2")).isTrue();
    assertThat(InferenceUpdates.revisionChanged(new StatefulSetBuilder().build(), "1")).isTrue();
  }
}
