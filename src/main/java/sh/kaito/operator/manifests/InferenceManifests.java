package sh.kaito.operator.manifests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ImageReference;
import sh.kaito.operator.common.LabelSelectors;
import sh.kaito.operator.common.ProvisioningMode;

/**
 * The inference workload of a Workspace: the leader Service, the headless Service and the
 * StatefulSet, as KAITO creates them, so that KAITO's runtime image runs unchanged.
 *
 * <ul>
 *   <li>Service {@code <ws>}: ClusterIP (LoadBalancer with {@code kaito.sh/enablelb: "True"})
 *       selecting pod {@code <ws>-0} only, ports http 80→5000, ray 6379, dashboard 8265 and, for
 *       vLLM on ClusterIP, kv-events 5557. Service {@code <ws>-headless}: {@code clusterIP: None},
 *       gives every pod a DNS name (the Ray workers find the head through it).
 *   <li>StatefulSet {@code <ws>} for a preset: one pod per node, all GPUs of the node, the runtime
 *       image with the {@link VllmCommand vLLM} or {@link TransformersCommand transformers}
 *       command, {@code /health} probes (exec probes of KAITO's multi-node health check when vLLM
 *       spans several nodes), weights on an emptyDir or a local NVMe PVC, the inference ConfigMap,
 *       LoRA adapters from images (skopeo init containers) or volumes, GPU tolerations and a node
 *       affinity on the Workspace's labels.
 *   <li>StatefulSet {@code <ws>} for a custom template: the user's pod template with the workspace
 *       label, the node affinity and the GPU tolerations.
 * </ul>
 *
 * <p>Every builder is a pure function of its {@link WorkloadContext}: maps are sorted and lists are
 * in a fixed order, so equal input gives equal objects. Owner references are set when the Workspace
 * has a UID (a stored object); {@code plan} output has none.
 *
 * <p>Changed from KAITO: the node affinity also carries the selector's {@code matchExpressions}
 * (KAITO keeps only {@code matchLabels}, so an expression-only selector let pods land on any GPU
 * node); the custom template keeps its pod (anti-)affinity (KAITO replaces the whole affinity); the
 * template StatefulSet gets {@code serviceName} and the revision annotation like the preset one.
 * See {@link VllmCommand} for the runtime features left out.
 */
public final class InferenceManifests {
  /** Port of the inference server in the pod. */
  public static final int HTTP_PORT = 5000;

  /** Port of the inference server on the Service. */
  public static final int SERVICE_HTTP_PORT = 80;

  public static final int DASHBOARD_PORT = 8265;

  /** vLLM's KV-cache events (ZMQ), unauthenticated: never on a LoadBalancer. */
  public static final int KV_EVENTS_PORT = 5557;

  public static final String HEALTH_PATH = "/health";

  public static final String GPU_RESOURCE = "nvidia.com/gpu";
  public static final String MIG_RESOURCE_PREFIX = "nvidia.com/mig-";

  /** StorageClass of KAITO's local-NVMe CSI driver. */
  public static final String LOCAL_NVME_STORAGE_CLASS = "kaito-local-nvme-disk";

  public static final String VOLUME_WEIGHTS = "model-weights-volume";
  public static final String VOLUME_SHM = "dshm";
  public static final String VOLUME_CONFIG = "config-volume";
  public static final String VOLUME_ADAPTERS = "adapter-volume";
  public static final String ADAPTER_DIR = "/mnt/adapter";

  /** Label the StatefulSet controller puts on each pod: its ordinal. */
  public static final String LABEL_POD_INDEX = "apps.kubernetes.io/pod-index";

  public static final String LABEL_POD_NAME = "statefulset.kubernetes.io/pod-name";

  /** Labels of a Workspace that KAITO copies onto the pod selector when present. */
  static final List<String> PROPAGATED_LABELS =
      List.of(
          VllmCommand.LABEL_INFERENCESET_CREATED_BY,
          "multiroleinference.kaito.sh/created-by",
          "kaito.sh/inference-role");

  static final String MULTI_NODE_HEALTH_CHECK =
      "python3 /workspace/vllm/multi-node-health-check.py";
  static final String AZURE_SPOT_KEY = "kubernetes.azure.com/scalesetpriority";
  static final String HF_TOKEN = "HF_TOKEN";

  private static final Duration MIN_READINESS_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration MAX_READINESS_TIMEOUT = Duration.ofMinutes(180);
  private static final Duration READINESS_TIMEOUT_BASE = Duration.ofMinutes(15);
  private static final long READINESS_NANOS_PER_GIB = Duration.ofSeconds(18).toNanos();
  private static final int PROBE_PERIOD_SECONDS = 10;

  /**
   * Pulls an adapter image and moves its {@code /data} directory to the target directory. Called as
   * {@code sh -c SCRIPT puller <image> <target>}: image and target are positional arguments, never
   * spliced into the script text. Registry credentials are the projected pull secrets under {@code
   * ~/.docker/config.d}; the anonymous pull is tried first.
   */
  static final String PULLER_SCRIPT =
      """
      set -eu
      image="$1"
      target="$2"
      work="$(mktemp -d)"
      layout="$work/layout"
      rootfs="$work/rootfs"
      auth_dir="${HOME:-/root}/.docker/config.d"
      auth_files=""
      if [ -d "$auth_dir" ]; then
        auth_files="$(find -L "$auth_dir" -type f)"
      fi
      pulled=no
      for auth in "" $auth_files; do
        rm -rf "$layout"
        if [ -z "$auth" ]; then
          skopeo copy --dest-decompress "docker://$image" "dir:$layout" && pulled=yes && break
        else
          skopeo copy --dest-decompress --authfile="$auth" "docker://$image" "dir:$layout" \\
            && pulled=yes && break
        fi
      done
      if [ "$pulled" != yes ]; then
        echo "cannot pull $image" >&2
        exit 1
      fi
      mkdir -p "$rootfs"
      for layer in $(skopeo inspect --format '{{ range .Layers }}{{ slice . 7 }} {{ end }}' "dir:$layout"); do
        tar -x -f "$layout/$layer" -C "$rootfs"
      done
      if [ ! -d "$rootfs/data" ]; then
        echo "image $image has no /data directory" >&2
        exit 1
      fi
      rm -rf "$target"
      mv "$rootfs/data" "$target"
      rm -rf "$work"
      """;

  private InferenceManifests() {}

  // ---------------------------------------------------------------- Services

  /** The leader Service {@code <ws>} and the headless Service {@code <ws>-headless}. */
  public static List<Service> services(WorkloadContext ctx) {
    return List.of(service(ctx), headlessService(ctx));
  }

  /** {@code <ws>}: traffic to pod 0 only. */
  public static Service service(WorkloadContext ctx) {
    Workspace ws = ctx.ws();
    boolean loadBalancer = "True".equals(annotation(ws, KaitoApi.ANNOTATION_ENABLE_LB));
    SortedMap<String, String> selector = new TreeMap<>();
    selector.put(KaitoApi.LABEL_WORKSPACE, ctx.name());
    selector.put(LABEL_POD_NAME, ctx.name() + "-0");

    List<ServicePort> ports = new ArrayList<>();
    ports.add(servicePort("http", SERVICE_HTTP_PORT, HTTP_PORT));
    ports.add(servicePort("ray", VllmCommand.RAY_PORT, VllmCommand.RAY_PORT));
    ports.add(servicePort("dashboard", DASHBOARD_PORT, DASHBOARD_PORT));
    if (!loadBalancer && VllmCommand.isVllm(ctx)) {
      ports.add(servicePort("kv-events", KV_EVENTS_PORT, KV_EVENTS_PORT));
    }
    return new ServiceBuilder()
        .withMetadata(metadata(ctx, ctx.name(), null))
        .withNewSpec()
        .withType(loadBalancer ? "LoadBalancer" : "ClusterIP")
        .withSelector(selector)
        .withPorts(ports)
        .withPublishNotReadyAddresses(true)
        .endSpec()
        .build();
  }

  /** {@code <ws>-headless}: DNS names for every pod, ready or not. */
  public static Service headlessService(WorkloadContext ctx) {
    return new ServiceBuilder()
        .withMetadata(metadata(ctx, headlessServiceName(ctx.name()), null))
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(new TreeMap<>(Map.of(KaitoApi.LABEL_WORKSPACE, ctx.name())))
        .withPorts(List.of())
        .withPublishNotReadyAddresses(true)
        .endSpec()
        .build();
  }

  public static String headlessServiceName(String workspace) {
    return workspace + "-headless";
  }

  private static ServicePort servicePort(String name, int port, int targetPort) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(targetPort))
        .build();
  }

  // ---------------------------------------------------------------- StatefulSet

  /** The inference StatefulSet: from the preset, or from the custom pod template. */
  public static StatefulSet statefulSet(WorkloadContext ctx) {
    InferenceSpec inference = ctx.ws().getInference();
    if (inference == null) {
      throw new IllegalArgumentException("workspace " + ctx.name() + " has no inference");
    }
    if (inference.template() != null) {
      return templateStatefulSet(ctx);
    }
    return presetStatefulSet(ctx);
  }

  /** The StatefulSet that serves a preset model. */
  public static StatefulSet presetStatefulSet(WorkloadContext ctx) {
    if (ctx.model() == null) {
      throw new IllegalArgumentException("workspace " + ctx.name() + " has no preset model");
    }
    SortedMap<String, String> selector = selectorLabels(ctx.ws());
    StatefulSetBuilder b =
        new StatefulSetBuilder()
            .withMetadata(metadata(ctx, ctx.name(), ctx.revision()))
            .withNewSpec()
            .withReplicas(ctx.nodeCount())
            .withPodManagementPolicy("Parallel")
            .withNewPersistentVolumeClaimRetentionPolicy()
            .withWhenScaled("Retain")
            .withWhenDeleted("Delete")
            .endPersistentVolumeClaimRetentionPolicy()
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            .withServiceName(headlessServiceName(ctx.name()))
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(selector)
            .endMetadata()
            .withSpec(presetPodSpec(ctx))
            .endTemplate()
            .endSpec();
    if (ctx.localNvmeStorage()) {
      b.editSpec().withVolumeClaimTemplates(weightsClaim(ctx)).endSpec();
    }
    return b.build();
  }

  /** The weights PVC template on the local NVMe StorageClass, sized to the model's disk needs. */
  static PersistentVolumeClaim weightsClaim(WorkloadContext ctx) {
    long gi = ctx.model().diskBytes() / ByteQuantity.GI;
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(VOLUME_WEIGHTS)
        .withLabels(new TreeMap<>(Map.of(KaitoApi.LABEL_WORKSPACE, ctx.name())))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(LOCAL_NVME_STORAGE_CLASS)
        .withNewResources()
        .withRequests(new TreeMap<>(Map.of("storage", new Quantity(gi + "Gi"))))
        .endResources()
        .endSpec()
        .build();
  }

  /** The pod of a preset: one inference container, adapter pullers, volumes and scheduling. */
  public static PodSpec presetPodSpec(WorkloadContext ctx) {
    Workspace ws = ctx.ws();
    ModelPreset model = ctx.model();
    boolean vllm = VllmCommand.isVllm(ctx);
    boolean distributed = VllmCommand.distributed(ctx);
    List<AdapterSpec> adapters =
        ws.getInference() == null ? List.of() : ws.getInference().adaptersOrEmpty();
    List<AdapterSpec> imageAdapters =
        adapters.stream().filter(a -> a.source() != null && !isVolumeAdapter(a)).toList();
    List<AdapterSpec> volumeAdapters = adapters.stream().filter(a -> isVolumeAdapter(a)).toList();

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    if (VllmCommand.hasConfig(ws)) {
      volumes.add(
          new VolumeBuilder()
              .withName(VOLUME_CONFIG)
              .withNewConfigMap()
              .withName(ws.getInference().config())
              .endConfigMap()
              .build());
      mounts.add(mount(VOLUME_CONFIG, VllmCommand.CONFIG_DIR));
    }
    if (!ctx.localNvmeStorage()) {
      volumes.add(
          new VolumeBuilder().withName(VOLUME_WEIGHTS).withNewEmptyDir().endEmptyDir().build());
    }
    mounts.add(mount(VOLUME_WEIGHTS, VllmCommand.WEIGHTS_DIR));
    volumes.add(
        new VolumeBuilder()
            .withName(VOLUME_SHM)
            .withNewEmptyDir()
            .withMedium("Memory")
            .endEmptyDir()
            .build());
    mounts.add(mount(VOLUME_SHM, "/dev/shm"));

    List<Container> initContainers = new ArrayList<>();
    if (!imageAdapters.isEmpty()) {
      volumes.add(
          new VolumeBuilder().withName(VOLUME_ADAPTERS).withNewEmptyDir().endEmptyDir().build());
      VolumeMount adapterMount = mount(VOLUME_ADAPTERS, ADAPTER_DIR);
      mounts.add(adapterMount);
      for (AdapterSpec adapter : imageAdapters) {
        DataSource source = adapter.source();
        List<VolumeMount> pullerMounts = new ArrayList<>();
        pullerMounts.add(adapterMount);
        List<String> secrets =
            source.imagePullSecrets() == null ? List.of() : source.imagePullSecrets();
        if (!secrets.isEmpty()) {
          String suffix = source.name() + "-inference-adapter";
          volumes.add(pullSecretVolume("docker-config-" + suffix, secrets));
          pullerMounts.add(mount("docker-config-" + suffix, "/root/.docker/config.d/" + suffix));
        }
        initContainers.add(
            new ContainerBuilder()
                .withName("puller-" + source.name())
                .withImage(ctx.images().skopeo())
                .withCommand("/bin/sh", "-c", PULLER_SCRIPT)
                .withArgs(
                    "puller", normalizedImage(source.image()), ADAPTER_DIR + "/" + source.name())
                .withVolumeMounts(pullerMounts)
                .build());
      }
    }
    for (AdapterSpec adapter : volumeAdapters) {
      String name = "adapter-volume-" + adapter.source().name();
      volumes.add(new VolumeBuilder(adapter.source().volumeSource()).withName(name).build());
      mounts.add(mount(name, ADAPTER_DIR + "/" + adapter.source().name()));
    }

    List<EnvVar> env = new ArrayList<>();
    if (vllm) {
      // The runtime image has no nvcc: keep vLLM off kernels it would JIT-compile.
      env.add(env("VLLM_USE_FLASHINFER_SAMPLER", "0"));
      env.add(env("VLLM_USE_DEEP_GEMM", VllmCommand.requiresDeepGemm(model) ? "1" : "0"));
    }
    String secret =
        ws.getInference() == null || ws.getInference().preset() == null
            ? null
            : ws.getInference().preset().modelAccessSecret();
    if (secret != null && !secret.isEmpty()) {
      env.add(
          new EnvVarBuilder()
              .withName(HF_TOKEN)
              .withNewValueFrom()
              .withNewSecretKeyRef()
              .withName(secret)
              .withKey(HF_TOKEN)
              .withOptional(true)
              .endSecretKeyRef()
              .endValueFrom()
              .build());
    }
    for (AdapterSpec adapter : imageAdapters) {
      addStrength(env, adapter);
    }
    for (AdapterSpec adapter : volumeAdapters) {
      addStrength(env, adapter);
    }
    if (distributed) {
      env.add(
          new EnvVarBuilder()
              .withName("POD_INDEX")
              .withNewValueFrom()
              .withNewFieldRef()
              .withFieldPath("metadata.labels['" + LABEL_POD_INDEX + "']")
              .endFieldRef()
              .endValueFrom()
              .build());
    }

    List<ContainerPort> ports = new ArrayList<>();
    ports.add(containerPort("http", HTTP_PORT));
    if (vllm) {
      ports.add(containerPort("kv-events", KV_EVENTS_PORT));
    }

    Duration readiness = readinessTimeout(model);
    ContainerBuilder main =
        new ContainerBuilder()
            .withName(ctx.name())
            .withImage(ctx.images().baseImage())
            .withCommand(vllm ? VllmCommand.command(ctx) : TransformersCommand.command(ctx))
            .withResources(gpuResources(ctx))
            .withPorts(ports)
            .withVolumeMounts(mounts)
            .withEnv(env);
    if (distributed) {
      main.withStartupProbe(
              multiNodeProbe(ws, "readiness", 0, 1, startupFailureThreshold(readiness), false))
          .withLivenessProbe(multiNodeProbe(ws, "liveness", 60, 5, 1, true))
          .withReadinessProbe(multiNodeProbe(ws, "readiness", 0, 1, 1, false));
    } else {
      main.withStartupProbe(
              httpProbe().withFailureThreshold(startupFailureThreshold(readiness)).build())
          .withLivenessProbe(httpProbe().withFailureThreshold(3).build())
          .withReadinessProbe(httpProbe().withInitialDelaySeconds(30).build());
    }

    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withContainers(main.build())
            .withInitContainers(initContainers)
            .withVolumes(volumes)
            .withTolerations(defaultTolerations(ws))
            .withImagePullSecrets(adapterPullSecrets(adapters));
    Affinity affinity = requiredNodeAffinity(ctx, null);
    if (affinity != null) {
      pod.withAffinity(affinity);
    }
    return pod.build();
  }

  /** The custom-template StatefulSet: the user's pod with KAITO's scheduling added. */
  public static StatefulSet templateStatefulSet(WorkloadContext ctx) {
    Workspace ws = ctx.ws();
    PodTemplateSpec template = new PodTemplateSpecBuilder(ws.getInference().template()).build();
    SortedMap<String, String> selector = selectorLabels(ws);

    ObjectMeta podMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    SortedMap<String, String> podLabels = new TreeMap<>();
    if (podMeta.getLabels() != null) {
      podLabels.putAll(podMeta.getLabels());
    }
    podLabels.putAll(selector);
    podMeta.setLabels(podLabels);
    template.setMetadata(podMeta);

    PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
    spec.setAffinity(requiredNodeAffinity(ctx, spec.getAffinity()));
    List<Toleration> tolerations = new ArrayList<>();
    if (spec.getTolerations() != null) {
      tolerations.addAll(spec.getTolerations());
    }
    tolerations.addAll(defaultTolerations(ws));
    spec.setTolerations(tolerations);
    template.setSpec(spec);

    return new StatefulSetBuilder()
        .withMetadata(metadata(ctx, ctx.name(), ctx.revision()))
        .withNewSpec()
        .withReplicas(ctx.nodeCount())
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withServiceName(headlessServiceName(ctx.name()))
        .withTemplate(template)
        .endSpec()
        .build();
  }

  // ---------------------------------------------------------------- pod pieces

  /**
   * Labels of the StatefulSet selector and its pods: {@code kaito.sh/workspace}, plus the
   * InferenceSet and MultiRoleInference labels of the Workspace when present.
   */
  public static SortedMap<String, String> selectorLabels(Workspace ws) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(KaitoApi.LABEL_WORKSPACE, ws.getMetadata().getName());
    Map<String, String> wsLabels = ws.getMetadata().getLabels();
    if (wsLabels != null) {
      for (String key : PROPAGATED_LABELS) {
        String value = wsLabels.get(key);
        if (value != null) {
          labels.put(key, value);
        }
      }
    }
    return labels;
  }

  /**
   * KAITO's tolerations for GPU nodes: the NVIDIA device plugin's {@code nvidia.com/gpu} taint,
   * KAITO's {@code sku=gpu} taint, Azure spot nodes, and the MIG profile's taint for a MIG slice.
   */
  public static List<Toleration> defaultTolerations(Workspace ws) {
    List<Toleration> tolerations = new ArrayList<>();
    tolerations.add(
        new TolerationBuilder()
            .withKey(GPU_RESOURCE)
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .build());
    tolerations.add(
        new TolerationBuilder()
            .withKey(MachineManifests.GPU_TAINT.getKey())
            .withOperator("Equal")
            .withValue(MachineManifests.GPU_TAINT.getValue())
            .withEffect(MachineManifests.GPU_TAINT.getEffect())
            .build());
    tolerations.add(
        new TolerationBuilder()
            .withKey(AZURE_SPOT_KEY)
            .withOperator("Equal")
            .withValue("spot")
            .withEffect("NoSchedule")
            .build());
    String profile = migProfile(ws);
    if (profile != null) {
      tolerations.add(
          new TolerationBuilder()
              .withKey(MIG_RESOURCE_PREFIX + profile)
              .withOperator("Exists")
              .withEffect("NoSchedule")
              .build());
    }
    return tolerations;
  }

  /**
   * The node requirements of the workload: the Workspace's selector (matchLabels as {@code In},
   * matchExpressions as written, reserved keys dropped, sorted by key), then, in machine mode, the
   * labels that tie the nodes to this Workspace.
   */
  public static List<NodeSelectorRequirement> nodeRequirements(WorkloadContext ctx) {
    Workspace ws = ctx.ws();
    List<NodeSelectorRequirement> requirements = new ArrayList<>();
    ResourceSpec resource = ws.getResource();
    LabelSelector selector = resource == null ? null : resource.labelSelector();
    LabelSelectors.sanitizedMatchLabels(selector)
        .forEach((key, value) -> requirements.add(requirement(key, "In", List.of(value))));
    if (selector != null && selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement e : selector.getMatchExpressions()) {
        if (e.getKey() == null || LabelSelectors.RESERVED_KEYS.contains(e.getKey())) {
          continue;
        }
        requirements.add(
            requirement(
                e.getKey(), e.getOperator(), e.getValues() == null ? List.of() : e.getValues()));
      }
    }
    requirements.sort(Comparator.comparing(NodeSelectorRequirement::getKey));
    if (ctx.mode() == ProvisioningMode.MACHINE) {
      requirements.add(requirement(KaitoApi.LABEL_WORKSPACE, "In", List.of(ctx.name())));
      requirements.add(
          requirement(KaitoApi.LABEL_WORKSPACE_NAMESPACE, "In", List.of(ctx.namespace())));
    }
    return requirements;
  }

  /**
   * {@code base} with its node affinity replaced by one required term of {@link #nodeRequirements};
   * pod (anti-)affinity is kept. Null when nothing is left.
   */
  static Affinity requiredNodeAffinity(WorkloadContext ctx, Affinity base) {
    List<NodeSelectorRequirement> requirements = nodeRequirements(ctx);
    AffinityBuilder b = base == null ? new AffinityBuilder() : new AffinityBuilder(base);
    if (requirements.isEmpty()) {
      b.withNodeAffinity(null);
    } else {
      b.withNewNodeAffinity()
          .withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm()
          .withMatchExpressions(requirements)
          .endNodeSelectorTerm()
          .endRequiredDuringSchedulingIgnoredDuringExecution()
          .endNodeAffinity();
    }
    Affinity affinity = b.build();
    if (affinity.getNodeAffinity() == null
        && affinity.getPodAffinity() == null
        && affinity.getPodAntiAffinity() == null) {
      return null;
    }
    return affinity;
  }

  /**
   * How long a model may take to start: 15 minutes plus 18 seconds per GiB of weights (download at
   * about 60 MB/s), at least 30 minutes and at most 3 hours. 30 minutes without a model.
   */
  public static Duration readinessTimeout(ModelPreset model) {
    if (model == null || model.weights() == null) {
      return MIN_READINESS_TIMEOUT;
    }
    double gib = (double) model.weightsBytes() / ByteQuantity.GI;
    Duration timeout = READINESS_TIMEOUT_BASE.plusNanos((long) (gib * READINESS_NANOS_PER_GIB));
    if (timeout.compareTo(MIN_READINESS_TIMEOUT) < 0) {
      return MIN_READINESS_TIMEOUT;
    }
    if (timeout.compareTo(MAX_READINESS_TIMEOUT) > 0) {
      return MAX_READINESS_TIMEOUT;
    }
    return timeout;
  }

  /** Startup-probe failures (one per 10 s period) that cover the whole timeout. */
  public static int startupFailureThreshold(Duration timeout) {
    long periodNanos = Duration.ofSeconds(PROBE_PERIOD_SECONDS).toNanos();
    return (int) ((timeout.toNanos() + periodNanos - 1) / periodNanos);
  }

  /** The Workspace runs on one MIG slice. */
  static boolean isMig(Workspace ws) {
    return migPartition(ws) != null;
  }

  /** GPUs (or MIG slices) one pod requests: one slice for MIG, else every GPU of the node. */
  static int gpuCount(WorkloadContext ctx) {
    return isMig(ctx.ws()) ? 1 : ctx.gpusPerNode();
  }

  private static PartitionSpec migPartition(Workspace ws) {
    ResourceSpec resource = ws.getResource();
    PartitionSpec p = resource == null ? null : resource.partition();
    return p != null && p.mode() == PartitionMode.MIG ? p : null;
  }

  /** The MIG profile of a mixed-strategy slice (its own resource name), else null. */
  private static String migProfile(Workspace ws) {
    PartitionSpec p = migPartition(ws);
    return p == null || p.profile() == null || p.profile().isEmpty() ? null : p.profile();
  }

  private static ResourceRequirements gpuResources(WorkloadContext ctx) {
    String profile = migProfile(ctx.ws());
    String resource = profile == null ? GPU_RESOURCE : MIG_RESOURCE_PREFIX + profile;
    Quantity count = new Quantity(Integer.toString(gpuCount(ctx)));
    return new ResourceRequirementsBuilder()
        .withRequests(new TreeMap<>(Map.of(resource, count)))
        .withLimits(new TreeMap<>(Map.of(resource, count)))
        .build();
  }

  private static ProbeBuilder httpProbe() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(HEALTH_PATH)
        .withPort(new IntOrString(HTTP_PORT))
        .endHttpGet()
        .withPeriodSeconds(PROBE_PERIOD_SECONDS);
  }

  /**
   * KAITO's multi-node health check: liveness asks the Ray head, readiness the vLLM server on the
   * leader, so workers follow the leader's state.
   */
  private static Probe multiNodeProbe(
      Workspace ws,
      String type,
      int initialDelay,
      int timeout,
      int failureThreshold,
      boolean liveness) {
    String check =
        MULTI_NODE_HEALTH_CHECK
            + " "
            + type
            + " --leader-address="
            + VllmCommand.leaderAddress(ws)
            + (liveness ? " --ray-port=" + VllmCommand.RAY_PORT : " --vllm-port=" + HTTP_PORT);
    ProbeBuilder b =
        new ProbeBuilder()
            .withNewExec()
            .withCommand("/bin/sh", "-c", check)
            .endExec()
            .withPeriodSeconds(PROBE_PERIOD_SECONDS)
            .withTimeoutSeconds(timeout)
            .withFailureThreshold(failureThreshold);
    if (initialDelay > 0) {
      b.withInitialDelaySeconds(initialDelay);
    }
    if (liveness) {
      b.withTerminationGracePeriodSeconds(1L);
    }
    return b.build();
  }

  private static boolean isVolumeAdapter(AdapterSpec adapter) {
    return adapter.source() != null && adapter.source().volumeSource() != null;
  }

  private static void addStrength(List<EnvVar> env, AdapterSpec adapter) {
    if (adapter.strength() != null && adapter.source() != null) {
      env.add(env(adapter.source().name(), adapter.strength()));
    }
  }

  /** The pull secrets of all adapters, each once, in order. */
  private static List<LocalObjectReference> adapterPullSecrets(List<AdapterSpec> adapters) {
    Set<String> names = new LinkedHashSet<>();
    for (AdapterSpec adapter : adapters) {
      if (adapter.source() != null && adapter.source().imagePullSecrets() != null) {
        names.addAll(adapter.source().imagePullSecrets());
      }
    }
    return names.stream().map(n -> new LocalObjectReference(n)).toList();
  }

  /** Projects each secret's {@code .dockerconfigjson} as {@code <secret>.json}. */
  private static Volume pullSecretVolume(String name, List<String> secrets) {
    VolumeBuilder b = new VolumeBuilder().withName(name);
    var projected = b.withNewProjected();
    for (String secret : secrets) {
      projected
          .addNewSource()
          .withNewSecret()
          .withName(secret)
          .addNewItem()
          .withKey(".dockerconfigjson")
          .withPath(secret + ".json")
          .endItem()
          .endSecret()
          .endSource();
    }
    return projected.endProjected().build();
  }

  /**
   * The image as the registry client needs it ({@code docker.io/library/x:latest} for {@code x}).
   */
  static String normalizedImage(String image) {
    try {
      return ImageReference.parse(image).toString();
    } catch (ImageReference.InvalidReferenceException e) {
      return image; // admission rejects invalid references; skopeo reports it otherwise
    }
  }

  private static NodeSelectorRequirement requirement(
      String key, String operator, List<String> values) {
    return new NodeSelectorRequirementBuilder()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  private static String annotation(Workspace ws, String key) {
    Map<String, String> annotations = ws.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** Name, namespace, the revision annotation when given, and the Workspace as controller owner. */
  private static ObjectMeta metadata(WorkloadContext ctx, String name, String revision) {
    ObjectMetaBuilder b = new ObjectMetaBuilder().withName(name).withNamespace(ctx.namespace());
    if (revision != null) {
      b.withAnnotations(new TreeMap<>(Map.of(KaitoApi.ANNOTATION_WORKSPACE_REVISION, revision)));
    }
    OwnerReference owner = owner(ctx.ws());
    if (owner != null) {
      b.withOwnerReferences(owner);
    }
    return b.build();
  }

  private static OwnerReference owner(Workspace ws) {
    String uid = ws.getMetadata().getUid();
    if (uid == null || uid.isEmpty()) {
      return null;
    }
    return new OwnerReferenceBuilder()
        .withApiVersion(Workspace.API_VERSION)
        .withKind("Workspace")
        .withName(ws.getMetadata().getName())
        .withUid(uid)
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
