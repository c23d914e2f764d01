package sh.kaito.operator.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ImageReference;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.TrainingConfigFile;

/**
 * The fine-tuning Job of a Workspace and the default training ConfigMap it mounts.
 *
 * <p>The pod follows the contract of KAITO's {@code kaito-base} image: the trainer container runs
 * {@code /workspace/tfs/fine_tuning.py} under {@code accelerate}, reads {@code
 * /mnt/config/training_config.yaml}, the base weights from {@code /workspace/weights} and the data
 * from {@code /mnt/data}, and writes the adapter plus the marker {@code fine_tuning_completed.txt}
 * to the configured {@code output_dir}. Init containers fill the weights and data volumes; for an
 * image output a {@code pusher} container waits for the marker and pushes the adapter with ORAS.
 */
public final class TuningManifests {
  /** Where the operator's default configs write the adapter (their {@code output_dir}). */
  public static final String DEFAULT_OUTPUT_DIR = "/mnt/results";

  /** KAITO's output directory when a training config sets no {@code output_dir}. */
  public static final String UNSET_OUTPUT_DIR = "/mnt/output";

  /** The file the trainer writes into the output directory when training has finished. */
  public static final String SENTINEL_FILE = "fine_tuning_completed.txt";

  /** Manifest annotation of the pushed adapter image naming its base model. */
  public static final String ANNOTATION_MODEL_NAME = "sh.kaito.model.name";

  public static final String WEIGHTS_DOWNLOADER = "model-weights-downloader";
  public static final String DATA_DOWNLOADER = "data-downloader";
  public static final String DATA_PULLER = "puller";
  public static final String PUSHER = "pusher";

  public static final String VOLUME_SHM = "dshm";
  public static final String VOLUME_WEIGHTS = "model-weights-volume";
  public static final String VOLUME_CONFIG = "config-volume";
  public static final String VOLUME_DATA = "data-volume";
  public static final String VOLUME_RESULTS = "results-volume";
  public static final String VOLUME_PUSH_SECRET = "docker-config";
  public static final String VOLUME_INPUT_PULL_SECRETS = "input-docker-config";

  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  /**
   * Retries of a failed pod. Kubernetes' default is 6; most tuning failures (out of GPU memory, a
   * malformed data set, a bad config) fail the same way every time, and each retry pulls gigabytes
   * of weights again while holding a GPU node, so a failed Job is reported after three attempts.
   * Flaky downloads are retried inside the data downloader and the pusher and cost no attempt.
   */
  public static final int BACKOFF_LIMIT = 2;

  static final String BASE_DIR = "/mnt";
  static final String CONFIG_DIR = "/mnt/config";
  static final String DATA_DIR = "/mnt/data";
  static final String WEIGHTS_DIR = "/workspace/weights";
  static final String SHM_DIR = "/dev/shm";
  static final String PUSH_SECRET_DIR = "/root/.docker";
  static final String INPUT_PULL_SECRETS_DIR = "/root/.docker/config.d/tuning-input";
  static final String TRAINER_SCRIPT = "/workspace/tfs/fine_tuning.py";
  static final int PORT = 5000;

  static final String DATA_DOWNLOADER_SCRIPT = load("/tuning/data-downloader.sh");
  static final String PULLER_SCRIPT = load("/tuning/puller.sh");
  static final String PUSHER_SCRIPT = load("/tuning/pusher.sh");

  private TuningManifests() {}

  /** Name of the ConfigMap holding the operator's default training config for a Workspace. */
  public static String configMapName(String workspaceName) {
    return workspaceName + "-tuning-config";
  }

  /**
   * The default training config for the Workspace's method and GPU, or null when the Workspace
   * names its own ConfigMap (the Job mounts that one).
   */
  public static ConfigMap trainingConfigMap(WorkloadContext ctx) {
    TuningSpec tuning = tuning(ctx);
    if (hasText(tuning.config())) {
      return null;
    }
    return new ConfigMapBuilder()
        .withMetadata(metadata(ctx, configMapName(ctx.name()), false))
        .withData(
            Map.of(
                TrainingConfigFile.KEY,
                TrainingConfigDefaults.forMethod(tuning.method(), ctx.gpus())))
        .build();
  }

  /**
   * The tuning Job, writing the adapter to {@link #DEFAULT_OUTPUT_DIR}: right for the operator's
   * default config. With a ConfigMap of the user's, read its {@code output_dir} with {@link
   * #outputDir(TrainingConfigFile)} and call {@link #job(WorkloadContext, String)}.
   */
  public static Job job(WorkloadContext ctx) {
    return job(ctx, DEFAULT_OUTPUT_DIR);
  }

  /**
   * The tuning Job.
   *
   * @param outputDir the training config's {@code output_dir}, resolved as by {@link
   *     #resolveOutputDir(String)}
   * @throws IllegalArgumentException when the Workspace has no tuning, the model cannot be tuned,
   *     or the output directory is not usable
   */
  public static Job job(WorkloadContext ctx, String outputDir) {
    TuningSpec tuning = tuning(ctx);
    ModelPreset model = ctx.model();
    if (model == null || !model.supportsTuning()) {
      throw new IllegalArgumentException(
          "model " + (model == null ? "<none>" : model.name()) + " does not support tuning");
    }
    String resultsDir = resolveOutputDir(outputDir);
    String name = ctx.name();

    List<Volume> volumes = new ArrayList<>();
    List<Container> initContainers = new ArrayList<>();
    List<VolumeMount> trainerMounts = new ArrayList<>();

    volumes.add(
        new VolumeBuilder()
            .withName(VOLUME_SHM)
            .withNewEmptyDir()
            .withMedium("Memory")
            .endEmptyDir()
            .build());
    trainerMounts.add(mount(VOLUME_SHM, SHM_DIR, false));

    volumes.add(emptyDir(VOLUME_WEIGHTS));
    trainerMounts.add(mount(VOLUME_WEIGHTS, WEIGHTS_DIR, false));
    initContainers.add(weightsDownloader(ctx, model));

    String configMap = hasText(tuning.config()) ? tuning.config() : configMapName(name);
    volumes.add(
        new VolumeBuilder()
            .withName(VOLUME_CONFIG)
            .withNewConfigMap()
            .withName(configMap)
            .endConfigMap()
            .build());
    trainerMounts.add(mount(VOLUME_CONFIG, CONFIG_DIR, true));

    input(ctx, tuning.input(), volumes, initContainers, trainerMounts);

    DataDestination output = tuning.output();
    Volume userOutput = output == null ? null : output.volumeSource();
    volumes.add(
        userOutput != null
            ? new VolumeBuilder(userOutput).withName(VOLUME_RESULTS).build()
            : emptyDir(VOLUME_RESULTS));
    trainerMounts.add(mount(VOLUME_RESULTS, resultsDir, false));

    List<Container> containers = new ArrayList<>();
    containers.add(trainer(ctx, model, trainerMounts));

    boolean push = userOutput == null && output != null && hasText(output.image());
    if (push) {
      if (!hasText(output.imagePushSecret())) {
        throw new IllegalArgumentException(
            "output image " + output.image() + " needs imagePushSecret");
      }
      volumes.add(pushSecretVolume(output.imagePushSecret()));
      containers.add(pusher(ctx, model, output.image(), resultsDir));
    }

    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withInitContainers(initContainers)
            .withContainers(containers)
            .withVolumes(volumes)
            .withRestartPolicy("Never")
            .withTolerations(tolerations())
            .withAffinity(affinity(ctx));
    if (push) {
      // The pusher watches the trainer's processes to notice a failed run.
      pod.withShareProcessNamespace(true)
          .withImagePullSecrets(new LocalObjectReference(output.imagePushSecret()));
    }

    return new JobBuilder()
        .withMetadata(metadata(ctx, name, true))
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of(KaitoApi.LABEL_WORKSPACE, name))
        .endMetadata()
        .withSpec(pod.build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The output directory a training config asks for: its {@code TrainingArguments.output_dir},
   * resolved by {@link #resolveOutputDir(String)}.
   *
   * @throws IllegalArgumentException when output_dir is not a string or not usable
   */
  public static String outputDir(TrainingConfigFile config) {
    Object value = config.section("TrainingArguments").get("output_dir");
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("output_dir is not a string");
    }
    return resolveOutputDir((String) value);
  }

  /**
   * KAITO's rule for the training output directory: empty means {@value #UNSET_OUTPUT_DIR}; a path
   * not under {@code /mnt} is taken relative to {@code /mnt}; the result is normalized and must be
   * a directory below {@code /mnt}. It must also not be the config or data mount, which would give
   * the trainer two volumes at one path.
   *
   * @throws IllegalArgumentException when the directory is not usable
   */
  public static String resolveOutputDir(String outputDir) {
    if (outputDir == null || outputDir.isEmpty()) {
      return UNSET_OUTPUT_DIR;
    }
    String joined =
        outputDir.equals(BASE_DIR) || outputDir.startsWith(BASE_DIR + "/")
            ? outputDir
            : BASE_DIR + "/" + outputDir;
    String clean = cleanPath(joined);
    if (!clean.startsWith(BASE_DIR + "/")) {
      throw new IllegalArgumentException(
          "invalid output_dir specified: '" + outputDir + "', must be a directory under /mnt");
    }
    if (clean.equals(CONFIG_DIR) || clean.equals(DATA_DIR)) {
      throw new IllegalArgumentException(
          "invalid output_dir specified: '"
              + outputDir
              + "', "
              + clean
              + " is where the training "
              + (clean.equals(CONFIG_DIR) ? "config" : "data")
              + " is mounted");
    }
    return clean;
  }

  // --- containers

  private static Container trainer(
      WorkloadContext ctx, ModelPreset model, List<VolumeMount> mounts) {
    Map<String, String> env = new TreeMap<>();
    env.put("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True");
    List<String> modules = model.tuning().targetModules();
    if (modules != null && !modules.isEmpty()) {
      env.put("DEFAULT_TARGET_MODULES", String.join(",", modules));
    }
    Quantity gpus = new Quantity(Integer.toString(ctx.gpusPerNode()));
    return new ContainerBuilder()
        .withName(ctx.name())
        .withImage(ctx.images().baseImage())
        .withCommand("/bin/sh", "-c", trainerCommand(ctx.gpusPerNode()))
        .addNewPort()
        .withContainerPort(PORT)
        .endPort()
        .withEnv(env(env))
        .withNewResources()
        .withRequests(Map.of(GPU_RESOURCE, gpus))
        .withLimits(Map.of(GPU_RESOURCE, gpus))
        .endResources()
        .withVolumeMounts(mounts)
        .build();
  }

  /** The metrics server in the background, then one training process per GPU. */
  static String trainerCommand(int gpus) {
    return "cd /workspace/tfs/ && python3 metrics_server.py & accelerate launch --num_processes="
        + gpus
        + " "
        + TRAINER_SCRIPT;
  }

  private static Container weightsDownloader(WorkloadContext ctx, ModelPreset model) {
    return new ContainerBuilder()
        .withName(WEIGHTS_DOWNLOADER)
        .withImage(ctx.images().oras())
        .withCommand(
            "oras",
            "pull",
            ctx.images().weightsArtifact(model.name(), model.tuning().weightsImageTag()),
            "-o",
            WEIGHTS_DIR)
        .withVolumeMounts(mount(VOLUME_WEIGHTS, WEIGHTS_DIR, false))
        .build();
  }

  /** Adds the data volume, its mount and, for URLs and images, the init container filling it. */
  private static void input(
      WorkloadContext ctx,
      DataSource input,
      List<Volume> volumes,
      List<Container> initContainers,
      List<VolumeMount> trainerMounts) {
    if (input == null) {
      return;
    }
    // Admission allows exactly one source; checked in KAITO's order.
    if (hasText(input.image())) {
      volumes.add(emptyDir(VOLUME_DATA));
      trainerMounts.add(mount(VOLUME_DATA, DATA_DIR, false));
      List<VolumeMount> pullerMounts = new ArrayList<>();
      pullerMounts.add(mount(VOLUME_DATA, DATA_DIR, false));
      LinkedHashSet<String> secrets = new LinkedHashSet<>();
      if (input.imagePullSecrets() != null) {
        input.imagePullSecrets().stream().filter(TuningManifests::hasText).forEach(secrets::add);
      }
      if (!secrets.isEmpty()) {
        volumes.add(inputPullSecretsVolume(secrets));
        pullerMounts.add(mount(VOLUME_INPUT_PULL_SECRETS, INPUT_PULL_SECRETS_DIR, true));
      }
      Map<String, String> env = new TreeMap<>();
      env.put("AUTH_DIR", INPUT_PULL_SECRETS_DIR);
      env.put("DATA_VOLUME_PATH", DATA_DIR);
      env.put("IMAGE_REF", normalizedImage(input.image()));
      initContainers.add(
          new ContainerBuilder()
              .withName(DATA_PULLER)
              .withImage(ctx.images().skopeo())
              .withCommand("/bin/sh", "-c", PULLER_SCRIPT)
              .withEnv(env(env))
              .withVolumeMounts(pullerMounts)
              .build());
    } else if (!input.urlsOrEmpty().isEmpty()) {
      volumes.add(emptyDir(VOLUME_DATA));
      trainerMounts.add(mount(VOLUME_DATA, DATA_DIR, false));
      Map<String, String> env = new TreeMap<>();
      env.put("DATA_URLS", String.join(" ", input.urlsOrEmpty()));
      env.put("DATA_VOLUME_PATH", DATA_DIR);
      initContainers.add(
          new ContainerBuilder()
              .withName(DATA_DOWNLOADER)
              .withImage(ctx.images().curl())
              .withCommand("/bin/sh", "-c", DATA_DOWNLOADER_SCRIPT)
              .withEnv(env(env))
              .withVolumeMounts(mount(VOLUME_DATA, DATA_DIR, false))
              .build());
    } else if (input.volumeSource() != null) {
      volumes.add(new VolumeBuilder(input.volumeSource()).withName(VOLUME_DATA).build());
      trainerMounts.add(mount(VOLUME_DATA, DATA_DIR, true));
    }
  }

  private static Container pusher(
      WorkloadContext ctx, ModelPreset model, String image, String resultsDir) {
    Map<String, String> env = new TreeMap<>();
    env.put("ADAPTER_DIR", resultsDir);
    env.put("IMAGE_REF", normalizedImage(image));
    env.put("MODEL_NAME", model.name());
    env.put("REGISTRY_CONFIG", PUSH_SECRET_DIR + "/config.json");
    env.put("SENTINEL_PATH", resultsDir + "/" + SENTINEL_FILE);
    env.put("TRAINER_MARKER", TRAINER_SCRIPT);
    return new ContainerBuilder()
        .withName(PUSHER)
        .withImage(ctx.images().pusher())
        .withCommand("/bin/sh", "-c", PUSHER_SCRIPT)
        .withEnv(env(env))
        .withVolumeMounts(
            mount(VOLUME_PUSH_SECRET, PUSH_SECRET_DIR, true),
            mount(VOLUME_RESULTS, resultsDir, true))
        .build();
  }

  // --- volumes

  private static Volume pushSecretVolume(String secret) {
    return new VolumeBuilder()
        .withName(VOLUME_PUSH_SECRET)
        .withNewProjected()
        .addNewSource()
        .withNewSecret()
        .withName(secret)
        .addNewItem()
        .withKey(".dockerconfigjson")
        .withPath("config.json")
        .endItem()
        .endSecret()
        .endSource()
        .endProjected()
        .build();
  }

  /** One {@code <secret>.json} per pull secret, which the puller tries in turn. */
  private static Volume inputPullSecretsVolume(Iterable<String> secrets) {
    List<VolumeProjection> sources = new ArrayList<>();
    for (String secret : secrets) {
      sources.add(
          new VolumeProjectionBuilder()
              .withNewSecret()
              .withName(secret)
              .addNewItem()
              .withKey(".dockerconfigjson")
              .withPath(secret + ".json")
              .endItem()
              .endSecret()
              .build());
    }
    return new VolumeBuilder()
        .withName(VOLUME_INPUT_PULL_SECRETS)
        .withNewProjected()
        .withSources(sources)
        .endProjected()
        .build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    VolumeMountBuilder b = new VolumeMountBuilder().withName(volume).withMountPath(path);
    if (readOnly) {
      b.withReadOnly(true);
    }
    return b.build();
  }

  // --- scheduling

  private static List<Toleration> tolerations() {
    return List.of(
        new TolerationBuilder()
            .withKey(GPU_RESOURCE)
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .build(),
        new TolerationBuilder()
            .withKey(MachineManifests.GPU_TAINT.getKey())
            .withOperator("Equal")
            .withValue(MachineManifests.GPU_TAINT.getValue())
            .withEffect(MachineManifests.GPU_TAINT.getEffect())
            .build());
  }

  /**
   * Required node affinity: the Workspace's selector labels and, for machine mode, the labels of
   * the Workspace's own Machines; null when there is nothing to require (an empty term is invalid).
   */
  private static Affinity affinity(WorkloadContext ctx) {
    Map<String, String> labels = new TreeMap<>(MachineManifests.selectorLabels(ctx.ws()));
    if (ctx.mode() == ProvisioningMode.MACHINE) {
      labels.put(KaitoApi.LABEL_WORKSPACE, ctx.name());
      labels.put(KaitoApi.LABEL_WORKSPACE_NAMESPACE, ctx.namespace());
    }
    if (labels.isEmpty()) {
      return null;
    }
    List<NodeSelectorRequirement> requirements = new ArrayList<>();
    labels.forEach(
        (k, v) ->
            requirements.add(
                new NodeSelectorRequirementBuilder()
                    .withKey(k)
                    .withOperator("In")
                    .withValues(v)
                    .build()));
    return new AffinityBuilder()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .withMatchExpressions(requirements)
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }

  // --- helpers

  private static TuningSpec tuning(WorkloadContext ctx) {
    TuningSpec tuning = ctx.ws().getTuning();
    if (tuning == null) {
      throw new IllegalArgumentException("workspace " + ctx.name() + " has no tuning");
    }
    return tuning;
  }

  /** Name, namespace, workspace label, the revision (Job only) and the Workspace as owner. */
  private static ObjectMeta metadata(WorkloadContext ctx, String name, boolean revision) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ctx.namespace())
            .withLabels(Map.of(KaitoApi.LABEL_WORKSPACE, ctx.name()));
    if (revision && ctx.revision() != null) {
      meta.withAnnotations(Map.of(KaitoApi.ANNOTATION_WORKSPACE_REVISION, ctx.revision()));
    }
    Workspace ws = ctx.ws();
    String uid = ws.getMetadata().getUid();
    if (hasText(uid)) {
      meta.withOwnerReferences(
          new OwnerReferenceBuilder()
              .withApiVersion(Workspace.API_VERSION)
              .withKind("Workspace")
              .withName(ctx.name())
              .withUid(uid)
              .withController(true)
              .withBlockOwnerDeletion(true)
              .build());
    }
    return meta.build();
  }

  private static List<EnvVar> env(Map<String, String> sorted) {
    List<EnvVar> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
    return out;
  }

  /** The fully qualified reference ORAS and skopeo need ({@code docker.io/library/...}). */
  static String normalizedImage(String image) {
    try {
      return ImageReference.parse(image).toString();
    } catch (ImageReference.InvalidReferenceException e) {
      // Admission rejects such references; let the tool report it.
      return image;
    }
  }

  /** POSIX path normalization of an absolute path: drops empty and "." segments, applies "..". */
  static String cleanPath(String absolute) {
    Deque<String> parts = new ArrayDeque<>();
    for (String segment : absolute.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(segment);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static boolean hasText(String s) {
    return s != null && !s.isEmpty();
  }

  private static String load(String resource) {
    try (InputStream in = TuningManifests.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
