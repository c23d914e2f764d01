package sh.kaito.operator.manifests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.TrainingConfigFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TuningManifestsTest {
  private static final ModelCatalog MODELS = ModelCatalog.load();
  private static final InstanceTypeCatalog INSTANCE_TYPES = InstanceTypeCatalog.load();
  private static final RuntimeImages IMAGES =
      RuntimeImages.defaults("mcr.microsoft.com/aks/kaito", "0.5.0");

  private static final String WS = "workspace-tuning-phi-3";
  private static final String NS = "team-a";
  private static final String UID = "0b8f4c8e-5f0a-4a43-9d5e-3c1f0f9a7d21";
  private static final String DATA_URL =
      "https://huggingface.co/datasets/philschmid/dolly-15k-oai-style/resolve/main/data/"
          + "train-00000-of-00001-54e3756291ca09c6.parquet?download=true";
  private static final String OUTPUT_IMAGE = "myacr.azurecr.io/phi-3-adapter:0.0.1";

  // --- the seed: phi-3-mini-128k-instruct, qlora, one V100, URL input, image output

  @Test
  void seedJobMetadataAndPolicy() {
    Job job = TuningManifests.job(seed().build());

    assertThat(job.getMetadata().getName()).isEqualTo(WS);
    assertThat(job.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(job.getMetadata().getLabels()).containsExactly(entry("kaito.sh/workspace", WS));
    assertThat(job.getMetadata().getAnnotations())
        .containsExactly(entry("workspace.kaito.io/revision", "3"));
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Workspace");
              assertThat(o.getApiVersion()).isEqualTo("kaito.sh/v1beta1");
              assertThat(o.getName()).isEqualTo(WS);
              assertThat(o.getUid()).isEqualTo(UID);
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(TuningManifests.BACKOFF_LIMIT);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsExactly(entry("kaito.sh/workspace", WS));
    PodSpec pod = pod(job);
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getShareProcessNamespace()).isTrue();
    assertThat(pod.getImagePullSecrets()).containsExactly(new LocalObjectReference("acr-push"));
  }

  @Test
  void seedJobContainersAndVolumes() {
    PodSpec pod = pod(TuningManifests.job(seed().build()));

    assertThat(names(pod.getInitContainers()))
        .containsExactly("model-weights-downloader", "data-downloader");
    assertThat(names(pod.getContainers())).containsExactly(WS, "pusher");
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly(
            "dshm",
            "model-weights-volume",
            "config-volume",
            "data-volume",
            "results-volume",
            "docker-config");
    assertThat(volume(pod, "dshm").getEmptyDir().getMedium()).isEqualTo("Memory");
    assertThat(volume(pod, "model-weights-volume").getEmptyDir()).isNotNull();
    assertThat(volume(pod, "config-volume").getConfigMap().getName())
        .isEqualTo(WS + "-tuning-config");
    assertThat(volume(pod, "data-volume").getEmptyDir()).isNotNull();
    assertThat(volume(pod, "results-volume").getEmptyDir()).isNotNull();
    assertThat(volume(pod, "docker-config").getProjected().getSources())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getSecret().getName()).isEqualTo("acr-push");
              assertThat(s.getSecret().getItems())
                  .singleElement()
                  .satisfies(
                      i -> {
                        assertThat(i.getKey()).isEqualTo(".dockerconfigjson");
                        assertThat(i.getPath()).isEqualTo("config.json");
                      });
            });
  }

  @Test
  void seedTrainerContainer() {
    Container trainer = container(pod(TuningManifests.job(seed().build())), WS);

    assertThat(trainer.getImage()).isEqualTo("mcr.microsoft.com/aks/kaito/kaito-base:0.5.0");
    assertThat(trainer.getCommand())
        .containsExactly(
            "/bin/sh",
            "-c",
            "cd /workspace/tfs/ && python3 metrics_server.py & accelerate launch"
                + " --num_processes=1 /workspace/tfs/fine_tuning.py");
    assertThat(trainer.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(5000));
    assertThat(env(trainer))
        .containsExactly(
            entry(
                "DEFAULT_TARGET_MODULES",
                "k_proj,q_proj,v_proj,o_proj,gate_proj,down_proj,up_proj"),
            entry("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True"));
    assertThat(trainer.getResources().getRequests())
        .containsExactly(entry("nvidia.com/gpu", new Quantity("1")));
    assertThat(trainer.getResources().getLimits()).isEqualTo(trainer.getResources().getRequests());
    assertThat(mounts(trainer))
        .containsExactly(
            entry("dshm", "/dev/shm"),
            entry("model-weights-volume", "/workspace/weights"),
            entry("config-volume", "/mnt/config"),
            entry("data-volume", "/mnt/data"),
            entry("results-volume", "/mnt/results"));
  }

  @Test
  void seedInitContainers() {
    PodSpec pod = pod(TuningManifests.job(seed().build()));

    Container weights = initContainer(pod, "model-weights-downloader");
    assertThat(weights.getImage()).isEqualTo(RuntimeImages.DEFAULT_ORAS);
    assertThat(weights.getCommand())
        .containsExactly(
            "oras",
            "pull",
            "mcr.microsoft.com/aks/kaito/kaito-phi-3-mini-128k-instruct:0.2.0",
            "-o",
            "/workspace/weights");
    assertThat(mounts(weights))
        .containsExactly(entry("model-weights-volume", "/workspace/weights"));

    Container data = initContainer(pod, "data-downloader");
    assertThat(data.getImage()).isEqualTo(RuntimeImages.DEFAULT_CURL);
    assertThat(data.getCommand()).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(data.getCommand().get(2))
        .isEqualTo(TuningManifests.DATA_DOWNLOADER_SCRIPT)
        .contains("$DATA_URLS", "DATA_VOLUME_PATH", "200");
    assertThat(env(data))
        .containsExactly(entry("DATA_URLS", DATA_URL), entry("DATA_VOLUME_PATH", "/mnt/data"));
    assertThat(mounts(data)).containsExactly(entry("data-volume", "/mnt/data"));
  }

  @Test
  void seedPusherWaitsForTheSentinelAndPushesWithThePushSecret() {
    Container pusher = container(pod(TuningManifests.job(seed().build())), "pusher");

    assertThat(pusher.getImage()).isEqualTo(RuntimeImages.DEFAULT_PUSHER);
    assertThat(pusher.getCommand()).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(pusher.getCommand().get(2))
        .isEqualTo(TuningManifests.PUSHER_SCRIPT)
        .contains(
            "adapter_config.json",
            "adapter_model.safetensors",
            "sh.kaito.model.name=$MODEL_NAME",
            "oras push",
            "$SENTINEL_PATH");
    assertThat(env(pusher))
        .containsExactly(
            entry("ADAPTER_DIR", "/mnt/results"),
            entry("IMAGE_REF", OUTPUT_IMAGE),
            entry("MODEL_NAME", "phi-3-mini-128k-instruct"),
            entry("REGISTRY_CONFIG", "/root/.docker/config.json"),
            entry("SENTINEL_PATH", "/mnt/results/fine_tuning_completed.txt"),
            entry("TRAINER_MARKER", "/workspace/tfs/fine_tuning.py"));
    assertThat(mounts(pusher))
        .containsExactly(
            entry("docker-config", "/root/.docker"), entry("results-volume", "/mnt/results"));
    assertThat(pusher.getVolumeMounts()).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
  }

  @Test
  void pusherScriptDoesNotMatchItsOwnCommandLine() {
    // The pusher finds the trainer by TRAINER_MARKER in /proc/*/cmdline; its own command line is
    // the script, so the script must not contain the marker.
    assertThat(TuningManifests.PUSHER_SCRIPT).doesNotContain(TuningManifests.TRAINER_SCRIPT);
    assertThat(TuningManifests.trainerCommand(1)).contains(TuningManifests.TRAINER_SCRIPT);
  }

  @Test
  void seedSchedulingTargetsTheWorkspacesOwnGpuMachines() {
    PodSpec pod = pod(TuningManifests.job(seed().build()));

    assertThat(pod.getTolerations())
        .extracting(
            Toleration::getKey,
            Toleration::getOperator,
            Toleration::getValue,
            Toleration::getEffect)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("nvidia.com/gpu", "Exists", null, "NoSchedule"),
            org.assertj.core.groups.Tuple.tuple("sku", "Equal", "gpu", "NoSchedule"));
    assertThat(affinity(pod))
        .containsExactly(
            entry("app", List.of("tuning-phi-3")),
            entry("kaito.sh/workspace", List.of(WS)),
            entry("kaito.sh/workspacenamespace", List.of(NS)));
  }

  @Test
  void seedConfigMapComputesInFloat16OnTheV100() {
    ConfigMap cm = TuningManifests.trainingConfigMap(seed().build());

    assertThat(cm.getMetadata().getName()).isEqualTo(WS + "-tuning-config");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(cm.getMetadata().getLabels()).containsExactly(entry("kaito.sh/workspace", WS));
    assertThat(cm.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(UID));
    assertThat(cm.getData()).containsOnlyKeys("training_config.yaml");
    TrainingConfigFile file = TrainingConfigFile.parse(cm.getData().get("training_config.yaml"));
    assertThat(file.section("ModelConfig")).containsEntry("torch_dtype", "float16");
    assertThat(file.section("QuantizationConfig"))
        .containsEntry("load_in_4bit", true)
        .containsEntry("bnb_4bit_compute_dtype", "float16");
    assertThat(file.section("TrainingArguments"))
        .containsEntry("fp16", true)
        .doesNotContainKey("bf16")
        .containsEntry("output_dir", TuningManifests.DEFAULT_OUTPUT_DIR);
  }

  @Test
  void defaultConfigsOutputDirIsWhereTheJobMountsResults() {
    Fixture f = seed();
    String yaml =
        TuningManifests.trainingConfigMap(f.build()).getData().get("training_config.yaml");
    String dir = TuningManifests.outputDir(TrainingConfigFile.parse(yaml));

    assertThat(TuningManifests.job(f.build(), dir)).isEqualTo(TuningManifests.job(f.build()));
  }

  // --- other GPUs

  @Test
  void a100KeepsBfloat16() {
    ConfigMap cm =
        TuningManifests.trainingConfigMap(seed().instanceType("Standard_NC24ads_A100_v4").build());

    TrainingConfigFile file = TrainingConfigFile.parse(cm.getData().get("training_config.yaml"));
    assertThat(file.section("ModelConfig")).containsEntry("torch_dtype", "bfloat16");
    assertThat(file.section("QuantizationConfig"))
        .containsEntry("bnb_4bit_compute_dtype", "bfloat16");
    assertThat(file.section("TrainingArguments")).doesNotContainKeys("fp16", "bf16");
  }

  @Test
  void multiGpuNodeRunsOneProcessPerGpu() {
    Container trainer =
        container(
            pod(TuningManifests.job(seed().instanceType("Standard_NC96ads_A100_v4").build())), WS);

    assertThat(trainer.getCommand().get(2)).contains("--num_processes=4 ");
    assertThat(trainer.getResources().getRequests())
        .containsExactly(entry("nvidia.com/gpu", new Quantity("4")));
    assertThat(trainer.getResources().getLimits())
        .containsExactly(entry("nvidia.com/gpu", new Quantity("4")));
  }

  @Test
  void unknownNodeRequestsOneGpu() {
    Container trainer = container(pod(TuningManifests.job(seed().gpus(null).build())), WS);

    assertThat(trainer.getResources().getLimits())
        .containsExactly(entry("nvidia.com/gpu", new Quantity("1")));
    assertThat(trainer.getCommand().get(2)).contains("--num_processes=1 ");
  }

  @Test
  void loraUsesTheLoraDefaults() {
    ConfigMap cm =
        TuningManifests.trainingConfigMap(
            seed().method("lora").instanceType("Standard_NC24ads_A100_v4").build());

    assertThat(cm.getData().get("training_config.yaml"))
        .isEqualTo(TrainingConfigDefaults.template("lora"));
  }

  @Test
  void modelWithoutTargetModulesGetsNoDefaultTargetModules() {
    Container trainer =
        container(pod(TuningManifests.job(seed().model("phi-4-mini-instruct").build())), WS);

    assertThat(env(trainer)).containsOnlyKeys("PYTORCH_CUDA_ALLOC_CONF");
    assertThat(
            initContainer(
                    pod(TuningManifests.job(seed().model("phi-4-mini-instruct").build())),
                    "model-weights-downloader")
                .getCommand())
        .contains("mcr.microsoft.com/aks/kaito/kaito-phi-4-mini-instruct:0.2.0");
  }

  // --- output to a volume

  @Test
  void volumeOutputMountsTheUsersVolumeAndHasNoPusher() {
    Volume pvc = new VolumeBuilder().withNewPersistentVolumeClaim("adapters", false).build();
    Fixture f = seed().output(new DataDestination(pvc, null, null));
    PodSpec pod = pod(TuningManifests.job(f.build()));

    assertThat(names(pod.getContainers())).containsExactly(WS);
    assertThat(pod.getShareProcessNamespace()).isNull();
    assertThat(pod.getImagePullSecrets()).isEmpty();
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("docker-config");
    Volume results = volume(pod, "results-volume");
    assertThat(results.getPersistentVolumeClaim().getClaimName()).isEqualTo("adapters");
    assertThat(results.getEmptyDir()).isNull();
    assertThat(mounts(container(pod, WS))).containsEntry("results-volume", "/mnt/results");
    // the Workspace's own object is copied, not renamed in place
    assertThat(pvc.getName()).isNull();
  }

  // --- other inputs

  @Test
  void imageInputIsPulledWithSkopeoUsingThePullSecrets() {
    Fixture f =
        seed()
            .input(
                new DataSource(
                    "dolly",
                    null,
                    null,
                    "myregistry.io/datasets/dolly:1.0",
                    List.of("reg-a", "reg-b")));
    PodSpec pod = pod(TuningManifests.job(f.build()));

    assertThat(names(pod.getInitContainers()))
        .containsExactly("model-weights-downloader", "puller");
    Container puller = initContainer(pod, "puller");
    assertThat(puller.getImage()).isEqualTo(RuntimeImages.DEFAULT_SKOPEO);
    assertThat(puller.getCommand()).containsExactly("/bin/sh", "-c", TuningManifests.PULLER_SCRIPT);
    assertThat(TuningManifests.PULLER_SCRIPT).contains("skopeo copy", "/data");
    assertThat(env(puller))
        .containsExactly(
            entry("AUTH_DIR", "/root/.docker/config.d/tuning-input"),
            entry("DATA_VOLUME_PATH", "/mnt/data"),
            entry("IMAGE_REF", "myregistry.io/datasets/dolly:1.0"));
    assertThat(mounts(puller))
        .containsExactly(
            entry("data-volume", "/mnt/data"),
            entry("input-docker-config", "/root/.docker/config.d/tuning-input"));
    assertThat(volume(pod, "input-docker-config").getProjected().getSources())
        .extracting(
            s ->
                s.getSecret().getName()
                    + ":"
                    + s.getSecret().getItems().get(0).getKey()
                    + "->"
                    + s.getSecret().getItems().get(0).getPath())
        .containsExactly(
            "reg-a:.dockerconfigjson->reg-a.json", "reg-b:.dockerconfigjson->reg-b.json");
    assertThat(volume(pod, "data-volume").getEmptyDir()).isNotNull();
    // the trainer sees the data but not the pull credentials
    assertThat(mounts(container(pod, WS)))
        .containsEntry("data-volume", "/mnt/data")
        .doesNotContainKey("input-docker-config");
    // the data pull secrets are the puller's business, not the kubelet's
    assertThat(pod.getImagePullSecrets()).containsExactly(new LocalObjectReference("acr-push"));
  }

  @Test
  void publicImageInputNeedsNoSecretVolumeAndIsNormalized() {
    Fixture f = seed().input(new DataSource(null, null, null, "dolly", null));
    PodSpec pod = pod(TuningManifests.job(f.build()));

    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("input-docker-config");
    assertThat(env(initContainer(pod, "puller")))
        .containsEntry("IMAGE_REF", "docker.io/library/dolly:latest");
  }

  @Test
  void volumeInputIsMountedReadOnlyWithoutInitContainer() {
    Volume share =
        new VolumeBuilder()
            .withNewAzureFile()
            .withSecretName("share")
            .withShareName("azure-files")
            .endAzureFile()
            .build();
    Fixture f = seed().input(new DataSource(null, null, share, null, null));
    PodSpec pod = pod(TuningManifests.job(f.build()));

    assertThat(names(pod.getInitContainers())).containsExactly("model-weights-downloader");
    Volume data = volume(pod, "data-volume");
    assertThat(data.getAzureFile().getShareName()).isEqualTo("azure-files");
    VolumeMount mount =
        container(pod, WS).getVolumeMounts().stream()
            .filter(m -> m.getName().equals("data-volume"))
            .findFirst()
            .orElseThrow();
    assertThat(mount.getMountPath()).isEqualTo("/mnt/data");
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(share.getName()).isNull();
  }

  // --- a ConfigMap of the user's

  @Test
  void userConfigMapReplacesTheDefault() {
    Fixture f = seed().config("my-training-config");

    assertThat(TuningManifests.trainingConfigMap(f.build())).isNull();
    PodSpec pod = pod(TuningManifests.job(f.build()));
    assertThat(volume(pod, "config-volume").getConfigMap().getName())
        .isEqualTo("my-training-config");
  }

  @Test
  void userConfigMapsOutputDirMovesResultsAndSentinel() {
    TrainingConfigFile userFile =
        TrainingConfigFile.parse(
            "training_config:\n  TrainingArguments:\n    output_dir: adapters/run-1\n");
    String dir = TuningManifests.outputDir(userFile);
    PodSpec pod = pod(TuningManifests.job(seed().config("mine").build(), dir));

    assertThat(dir).isEqualTo("/mnt/adapters/run-1");
    assertThat(mounts(container(pod, WS))).containsEntry("results-volume", "/mnt/adapters/run-1");
    assertThat(mounts(container(pod, "pusher")))
        .containsEntry("results-volume", "/mnt/adapters/run-1");
    assertThat(env(container(pod, "pusher")))
        .containsEntry("ADAPTER_DIR", "/mnt/adapters/run-1")
        .containsEntry("SENTINEL_PATH", "/mnt/adapters/run-1/fine_tuning_completed.txt");
  }

  @Test
  void userConfigWithoutOutputDirUsesKaitosFallback() {
    TrainingConfigFile userFile =
        TrainingConfigFile.parse("training_config:\n  LoraConfig:\n    r: 16\n");

    assertThat(TuningManifests.outputDir(userFile)).isEqualTo("/mnt/output");
  }

  @Test
  void nonStringOutputDirIsRejected() {
    TrainingConfigFile userFile =
        TrainingConfigFile.parse("training_config:\n  TrainingArguments:\n    output_dir: 42\n");

    assertThatThrownBy(() -> TuningManifests.outputDir(userFile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output_dir is not a string");
  }

  @ParameterizedTest
  @CsvSource({
    "'', /mnt/output",
    "/mnt/results, /mnt/results",
    "results, /mnt/results",
    "./out//x/, /mnt/out/x",
    "/mnt/a/../b, /mnt/b",
    "/tmp/out, /mnt/tmp/out",
  })
  void resolvesOutputDirLikeKaito(String raw, String expected) {
    assertThat(TuningManifests.resolveOutputDir(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/mnt", "/mnt/", "..", "../../etc", "/mnt/x/../..", "/mnt/config", "data"})
  void rejectsOutputDirsOutsideMntOrOnOtherMounts(String raw) {
    assertThatThrownBy(() -> TuningManifests.resolveOutputDir(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid output_dir specified");
  }

  // --- node provisioning modes

  @Test
  void byoModeUsesOnlyTheSelectorLabels() {
    PodSpec pod = pod(TuningManifests.job(seed().mode(ProvisioningMode.BYO).build()));

    assertThat(affinity(pod)).containsExactly(entry("app", List.of("tuning-phi-3")));
  }

  @Test
  void reservedSelectorKeysAreDroppedAndInExpressionsKept() {
    Fixture f =
        seed()
            .selector(
                new LabelSelectorBuilder()
                    .addToMatchLabels("kaito.sh/workspace", "someone-else")
                    .addToMatchLabels("pool", "gpu")
                    .addNewMatchExpression()
                    .withKey("zone")
                    .withOperator("In")
                    .withValues("eastus-1")
                    .endMatchExpression()
                    .build())
            .mode(ProvisioningMode.BYO);

    assertThat(affinity(pod(TuningManifests.job(f.build()))))
        .containsExactly(entry("pool", List.of("gpu")), entry("zone", List.of("eastus-1")));
  }

  @Test
  void byoModeWithEmptySelectorHasNoAffinity() {
    PodSpec pod =
        pod(
            TuningManifests.job(
                seed()
                    .selector(new LabelSelectorBuilder().build())
                    .mode(ProvisioningMode.BYO)
                    .build()));

    assertThat(pod.getAffinity()).isNull();
  }

  // --- determinism and misuse

  @Test
  void sameInputGivesEqualObjects() {
    assertThat(TuningManifests.job(seed().build())).isEqualTo(TuningManifests.job(seed().build()));
    assertThat(TuningManifests.trainingConfigMap(seed().build()))
        .isEqualTo(TuningManifests.trainingConfigMap(seed().build()));
    Fixture image = seed().input(new DataSource("d", null, null, "r.io/d:1", List.of("b", "a")));
    assertThat(TuningManifests.job(image.build())).isEqualTo(TuningManifests.job(image.build()));
  }

  @Test
  void noOwnerReferenceWithoutUid() {
    Fixture f = seed().uid(null);

    assertThat(TuningManifests.job(f.build()).getMetadata().getOwnerReferences()).isEmpty();
    assertThat(TuningManifests.trainingConfigMap(f.build()).getMetadata().getOwnerReferences())
        .isEmpty();
  }

  @Test
  void rejectsAnOutputImageWithoutPushSecret() {
    Fixture f = seed().output(new DataDestination(null, OUTPUT_IMAGE, null));

    assertThatThrownBy(() -> TuningManifests.job(f.build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs imagePushSecret");
  }

  @Test
  void rejectsAModelThatCannotBeTuned() {
    assertThatThrownBy(() -> TuningManifests.job(seed().model("llama-3.1-8b-instruct").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not support tuning");
  }

  @Test
  void rejectsAnInferenceWorkspace() {
    Fixture f = seed();
    WorkloadContext ctx = f.build();
    ctx.ws().setTuning(null);

    assertThatThrownBy(() -> TuningManifests.job(ctx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no tuning");
  }

  // --- fixture

  private static Fixture seed() {
    return new Fixture();
  }

  /** The seed's Workspace, changed one field at a time. */
  private static final class Fixture {
    private String model = "phi-3-mini-128k-instruct";
    private String method = "qlora";
    private String config;
    private String instanceType = "Standard_NC6s_v3";
    private boolean gpusFromInstanceType = true;
    private GpuConfig gpus;
    private String uid = UID;
    private ProvisioningMode mode = ProvisioningMode.MACHINE;
    private io.fabric8.kubernetes.api.model.LabelSelector selector =
        new LabelSelectorBuilder().addToMatchLabels("app", "tuning-phi-3").build();
    private DataSource input = new DataSource(null, List.of(DATA_URL), null, null, null);
    private DataDestination output = new DataDestination(null, OUTPUT_IMAGE, "acr-push");

    Fixture model(String v) {
      model = v;
      return this;
    }

    Fixture method(String v) {
      method = v;
      return this;
    }

    Fixture config(String v) {
      config = v;
      return this;
    }

    Fixture instanceType(String v) {
      instanceType = v;
      return this;
    }

    Fixture gpus(GpuConfig v) {
      gpus = v;
      gpusFromInstanceType = false;
      return this;
    }

    Fixture uid(String v) {
      uid = v;
      return this;
    }

    Fixture mode(ProvisioningMode v) {
      mode = v;
      return this;
    }

    Fixture selector(io.fabric8.kubernetes.api.model.LabelSelector v) {
      selector = v;
      return this;
    }

    Fixture input(DataSource v) {
      input = v;
      return this;
    }

    Fixture output(DataDestination v) {
      output = v;
      return this;
    }

    WorkloadContext build() {
      Workspace ws = new Workspace();
      ws.setMetadata(new ObjectMetaBuilder().withName(WS).withNamespace(NS).withUid(uid).build());
      ws.setResource(
          new ResourceSpec(
              null, mode == ProvisioningMode.MACHINE ? instanceType : null, selector, null, null));
      ws.setTuning(
          new TuningSpec(new PresetSpec(model, null, null), method, config, input, output));
      GpuConfig gpu =
          gpusFromInstanceType ? INSTANCE_TYPES.find(instanceType).orElseThrow().gpuConfig() : gpus;
      return new WorkloadContext(
          ws, MODELS.find(model).orElseThrow(), null, gpu, 1, "3", Map.of(), false, mode, IMAGES);
    }
  }

  // --- accessors

  private static PodSpec pod(Job job) {
    return job.getSpec().getTemplate().getSpec();
  }

  private static List<String> names(List<Container> containers) {
    return containers.stream().map(Container::getName).toList();
  }

  private static Container container(PodSpec pod, String name) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  private static Container initContainer(PodSpec pod, String name) {
    return pod.getInitContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no init container " + name));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  /** Env in container order, as name to value. */
  private static Map<String, String> env(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    c.getEnv().forEach((EnvVar e) -> out.put(e.getName(), e.getValue()));
    return out;
  }

  /** Mounts in container order, as volume name to path. */
  private static Map<String, String> mounts(Container c) {
    Map<String, String> out = new LinkedHashMap<>();
    c.getVolumeMounts().forEach(m -> out.put(m.getName(), m.getMountPath()));
    return out;
  }

  /** The single required node selector term, as key to values; every operator must be In. */
  private static Map<String, List<String>> affinity(PodSpec pod) {
    var terms =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms).hasSize(1);
    List<NodeSelectorRequirement> reqs = terms.get(0).getMatchExpressions();
    assertThat(reqs).allSatisfy(r -> assertThat(r.getOperator()).isEqualTo("In"));
    return reqs.stream()
        .collect(
            Collectors.toMap(
                NodeSelectorRequirement::getKey,
                NodeSelectorRequirement::getValues,
                (a, b) -> a,
                LinkedHashMap::new));
  }
}
