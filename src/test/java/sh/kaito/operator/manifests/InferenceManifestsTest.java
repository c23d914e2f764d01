package sh.kaito.operator.manifests;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.plan.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static sh.kaito.operator.manifests.InferenceFixtures.imageAdapter;
import static sh.kaito.operator.manifests.InferenceFixtures.preset;
import static sh.kaito.operator.manifests.InferenceFixtures.volumeAdapter;

/** Services and StatefulSets of inference Workspaces, compared with KAITO's contract. */
class InferenceManifestsTest {
  private static final String A100 = "Standard_NC24ads_A100_v4";
  private static final String A100X2 = "Standard_NC48ads_A100_v4";

  private static InferenceFixtures.Builder phi4Mini() {
    return preset("phi4", "phi-4-mini-instruct").instanceType(A100);
  }

  private static Container main(StatefulSet ss) {
    return ss.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static PodSpec pod(StatefulSet ss) {
    return ss.getSpec().getTemplate().getSpec();
  }

  private static EnvVar envNamed(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  // ---------------------------------------------------------------- Services

  @Test
  void serviceSendsTrafficToTheLeaderOnly() {
    Service svc = InferenceManifests.service(phi4Mini().build());

    assertThat(svc.getMetadata().getName()).isEqualTo("phi4");
    assertThat(svc.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getSelector())
        .containsExactly(
            entry("kaito.sh/workspace", "phi4"),
            entry("statefulset.kubernetes.io/pod-name", "phi4-0"));
    assertThat(svc.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(svc.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getTargetPort)
        .containsExactly(
            tuple("http", 80, new IntOrString(5000)),
            tuple("ray", 6379, new IntOrString(6379)),
            tuple("dashboard", 8265, new IntOrString(8265)),
            tuple("kv-events", 5557, new IntOrString(5557)));
  }

  @Test
  void enableLbTrueMakesALoadBalancerWithoutTheKvEventsPort() {
    Service svc =
        InferenceManifests.service(
            phi4Mini().annotation(KaitoApi.ANNOTATION_ENABLE_LB, "True").build());

    assertThat(svc.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(svc.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("http", "ray", "dashboard");
  }

  @ParameterizedTest
  @CsvSource({"true", "TRUE", "yes", "False"})
  void onlyTheExactValueTrueEnablesTheLoadBalancer(String value) {
    Service svc =
        InferenceManifests.service(
            phi4Mini().annotation(KaitoApi.ANNOTATION_ENABLE_LB, value).build());

    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
  }

  @Test
  void transformersServiceHasNoKvEventsPort() {
    Service svc =
        InferenceManifests.service(
            preset("phi4", "phi-4")
                .instanceType(A100)
                .runtime(InferenceRuntime.TRANSFORMERS)
                .build());

    assertThat(svc.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("http", "ray", "dashboard");
  }

  @Test
  void headlessServiceGivesEveryPodADnsName() {
    List<Service> services = InferenceManifests.services(phi4Mini().build());

    assertThat(services)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("phi4", "phi4-headless");
    Service headless = services.get(1);
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPorts()).isEmpty();
    assertThat(headless.getSpec().getSelector())
        .containsExactlyEntriesOf(Map.of("kaito.sh/workspace", "phi4"));
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
  }

  @Test
  void storedWorkspaceOwnsItsObjects() {
    var b = phi4Mini().uid("0b5e8e5a-1111-2222-3333-444455556666");

    for (var meta :
        List.of(
            InferenceManifests.service(b.build()).getMetadata(),
            InferenceManifests.headlessService(b.build()).getMetadata(),
            InferenceManifests.statefulSet(b.build()).getMetadata())) {
      assertThat(meta.getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getApiVersion()).isEqualTo("kaito.sh/v1beta1");
                assertThat(o.getKind()).isEqualTo("Workspace");
                assertThat(o.getName()).isEqualTo("phi4");
                assertThat(o.getUid()).isEqualTo("0b5e8e5a-1111-2222-3333-444455556666");
                assertThat(o.getController()).isTrue();
              });
    }
    assertThat(InferenceManifests.service(phi4Mini().build()).getMetadata().getOwnerReferences())
        .isEmpty();
  }

  // ---------------------------------------------------------------- single-node vLLM

  @Test
  void singleNodeVllmStatefulSet() {
    WorkloadContext ctx = phi4Mini().revision("3").build();
    StatefulSet ss = InferenceManifests.statefulSet(ctx);

    assertThat(ss.getMetadata().getName()).isEqualTo("phi4");
    assertThat(ss.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(ss.getMetadata().getAnnotations())
        .containsExactlyEntriesOf(Map.of("workspace.kaito.io/revision", "3"));
    assertThat(ss.getSpec().getReplicas()).isEqualTo(1);
    assertThat(ss.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(ss.getSpec().getServiceName()).isEqualTo("phi4-headless");
    assertThat(ss.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
    assertThat(ss.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Delete");
    assertThat(ss.getSpec().getSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of("kaito.sh/workspace", "phi4"));
    assertThat(ss.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(ss.getSpec().getSelector().getMatchLabels());
    assertThat(ss.getSpec().getVolumeClaimTemplates()).isEmpty();

    Container c = main(ss);
    assertThat(c.getName()).isEqualTo("phi4");
    assertThat(c.getImage()).isEqualTo("mcr.microsoft.com/aks/kaito/kaito-base:0.5.0");
    assertThat(c.getCommand()).isEqualTo(VllmCommand.command(ctx));
    assertThat(c.getResources().getRequests())
        .containsExactlyEntriesOf(Map.of("nvidia.com/gpu", new Quantity("1")));
    assertThat(c.getResources().getLimits()).isEqualTo(c.getResources().getRequests());
    assertThat(c.getPorts())
        .extracting(p -> p.getName(), p -> p.getContainerPort())
        .containsExactly(tuple("http", 5000), tuple("kv-events", 5557));
    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(
            tuple("VLLM_USE_FLASHINFER_SAMPLER", "0"), tuple("VLLM_USE_DEEP_GEMM", "0"));
    assertThat(c.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly(
            tuple("model-weights-volume", "/workspace/weights"), tuple("dshm", "/dev/shm"));

    PodSpec pod = pod(ss);
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getImagePullSecrets()).isEmpty();
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("model-weights-volume", "dshm");
    assertThat(pod.getVolumes().get(0).getEmptyDir()).isNotNull();
    assertThat(pod.getVolumes().get(1).getEmptyDir().getMedium()).isEqualTo("Memory");
    assertThat(pod.getTolerations())
        .extracting(
            Toleration::getKey,
            Toleration::getOperator,
            Toleration::getValue,
            Toleration::getEffect)
        .containsExactly(
            tuple("nvidia.com/gpu", "Exists", null, "NoSchedule"),
            tuple("sku", "Equal", "gpu", "NoSchedule"),
            tuple("kubernetes.azure.com/scalesetpriority", "Equal", "spot", "NoSchedule"));
  }

  @Test
  void singleNodeProbesCheckHealthAndWaitForTheDownload() {
    Container c = main(InferenceManifests.statefulSet(phi4Mini().build()));

    Probe startup = c.getStartupProbe();
    assertThat(startup.getHttpGet().getPath()).isEqualTo("/health");
    assertThat(startup.getHttpGet().getPort()).isEqualTo(new IntOrString(5000));
    assertThat(startup.getPeriodSeconds()).isEqualTo(10);
    assertThat(startup.getFailureThreshold()).isEqualTo(180); // 30 min floor for 7.15Gi
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(c.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
    assertThat(c.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(5000));
    assertThat(c.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(30);
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(10);
  }

  @ParameterizedTest
  @CsvSource({
    "phi-4-mini-instruct,1800,180", // 15m + 2m9s, raised to the 30-minute floor
    "llama-3.3-70b-instruct,3265,327", // 15m + 131.42 × 18 s = 3265.56 s
    "deepseek-r1-0528,10800,1080" // capped at 3 hours
  })
  void readinessTimeoutGrowsWithTheWeights(String model, long seconds, int failures) {
    Duration timeout = InferenceManifests.readinessTimeout(InferenceFixtures.model(model));

    assertThat(timeout.getSeconds()).isEqualTo(seconds);
    assertThat(InferenceManifests.startupFailureThreshold(timeout)).isEqualTo(failures);
  }

  @Test
  void deepGemmModelsEnableIt() {
    Container c =
        main(
            InferenceManifests.statefulSet(
                preset("ds", "deepseek-ai/deepseek-v3.2")
                    .instanceType("Standard_ND96isr_H100_v5")
                    .build()));

    assertThat(envNamed(c, "VLLM_USE_DEEP_GEMM").getValue()).isEqualTo("1");
    assertThat(c.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("8"));
  }

  @Test
  void unknownNodeRequestsOneGpu() {
    Container c = main(InferenceManifests.statefulSet(phi4Mini().gpus(null).build()));

    assertThat(c.getResources().getRequests())
        .containsExactlyEntriesOf(Map.of("nvidia.com/gpu", new Quantity("1")));
  }

  @Test
  void migSliceRequestsItsProfileAndToleratesItsTaint() {
    StatefulSet ss =
        InferenceManifests.statefulSet(
            phi4Mini()
                .instanceType(A100X2)
                .partition(new PartitionSpec(PartitionMode.MIG, "3g.40gb", null))
                .mode(ProvisioningMode.BYO)
                .build());

    assertThat(main(ss).getResources().getRequests())
        .containsExactlyEntriesOf(Map.of("nvidia.com/mig-3g.40gb", new Quantity("1")));
    assertThat(pod(ss).getTolerations())
        .extracting(Toleration::getKey)
        .endsWith("nvidia.com/mig-3g.40gb");
  }

  // ---------------------------------------------------------------- transformers

  @Test
  void transformersStatefulSet() {
    WorkloadContext ctx =
        preset("phi4", "phi-4").instanceType(A100).runtime(InferenceRuntime.TRANSFORMERS).build();
    Container c = main(InferenceManifests.statefulSet(ctx));

    assertThat(c.getCommand()).isEqualTo(TransformersCommand.command(ctx));
    assertThat(c.getCommand().get(2)).startsWith("accelerate launch ");
    assertThat(c.getPorts()).extracting(p -> p.getName()).containsExactly("http");
    assertThat(c.getEnv()).isEmpty();
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
  }

  @Test
  void transformersPassesAdapterStrengthAsEnv() {
    Container c =
        main(
            InferenceManifests.statefulSet(
                preset("phi3", "phi-3-mini-4k-instruct")
                    .instanceType(A100)
                    .runtime(InferenceRuntime.TRANSFORMERS)
                    .adapter(imageAdapter("pycoder", "myregistry.azurecr.io/pycoder:1", "0.5"))
                    .adapter(volumeAdapter("sql", hostPathVolume(), "0.2"))
                    .build()));

    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(tuple("pycoder", "0.5"), tuple("sql", "0.2"));
  }

  // ---------------------------------------------------------------- multi-node

  @Test
  void multiNodeVllmUsesTheHealthCheckScriptAndPodIndex() {
    WorkloadContext ctx =
        preset("llama", "llama-3.3-70b-instruct").instanceType(A100X2).nodes(2).build();
    StatefulSet ss = InferenceManifests.statefulSet(ctx);
    Container c = main(ss);
    String leader = "llama-0.llama-headless.team-a.svc.cluster.local";

    assertThat(ss.getSpec().getReplicas()).isEqualTo(2);
    assertThat(c.getCommand().get(2)).startsWith("if [ \"${POD_INDEX}\" = \"0\" ]; then ");
    assertThat(c.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("2"));

    Probe liveness = c.getLivenessProbe();
    assertThat(liveness.getExec().getCommand())
        .containsExactly(
            "/bin/sh",
            "-c",
            "python3 /workspace/vllm/multi-node-health-check.py liveness --leader-address="
                + leader
                + " --ray-port=6379");
    assertThat(liveness.getInitialDelaySeconds()).isEqualTo(60);
    assertThat(liveness.getPeriodSeconds()).isEqualTo(10);
    assertThat(liveness.getTimeoutSeconds()).isEqualTo(5);
    assertThat(liveness.getFailureThreshold()).isEqualTo(1);
    assertThat(liveness.getTerminationGracePeriodSeconds()).isEqualTo(1L);

    String readinessCheck =
        "python3 /workspace/vllm/multi-node-health-check.py readiness --leader-address="
            + leader
            + " --vllm-port=5000";
    Probe readiness = c.getReadinessProbe();
    assertThat(readiness.getExec().getCommand()).containsExactly("/bin/sh", "-c", readinessCheck);
    assertThat(readiness.getPeriodSeconds()).isEqualTo(10);
    assertThat(readiness.getTimeoutSeconds()).isEqualTo(1);
    assertThat(readiness.getFailureThreshold()).isEqualTo(1);
    assertThat(readiness.getHttpGet()).isNull();

    Probe startup = c.getStartupProbe();
    assertThat(startup.getExec().getCommand()).containsExactly("/bin/sh", "-c", readinessCheck);
    assertThat(startup.getTimeoutSeconds()).isEqualTo(1);
    assertThat(startup.getFailureThreshold()).isEqualTo(327);

    EnvVar podIndex = envNamed(c, "POD_INDEX");
    assertThat(podIndex.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
    assertThat(c.getEnv()).last().isEqualTo(podIndex);
  }

  @Test
  void singleNodeHasNoPodIndex() {
    assertThat(main(InferenceManifests.statefulSet(phi4Mini().build())).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("POD_INDEX");
  }

  // ---------------------------------------------------------------- adapters and config

  @Test
  void imageAdapterIsPulledIntoASharedEmptyDir() {
    WorkloadContext ctx =
        phi4Mini()
            .adapter(
                imageAdapter(
                    "pycoder",
                    "myregistry.azurecr.io/adapters/pycoder:1.0",
                    null,
                    "acr-a",
                    "acr-b"))
            .adapter(imageAdapter("sql", "sqladapter", null, "acr-a"))
            .build();
    StatefulSet ss = InferenceManifests.statefulSet(ctx);
    PodSpec pod = pod(ss);

    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("puller-pycoder", "puller-sql");
    Container puller = pod.getInitContainers().get(0);
    assertThat(puller.getImage()).isEqualTo("mcr.microsoft.com/aks/skopeo:1.14.4-6");
    assertThat(puller.getCommand())
        .containsExactly("/bin/sh", "-c", InferenceManifests.PULLER_SCRIPT);
    assertThat(puller.getArgs())
        .containsExactly(
            "puller", "myregistry.azurecr.io/adapters/pycoder:1.0", "/mnt/adapter/pycoder");
    assertThat(puller.getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly(
            tuple("adapter-volume", "/mnt/adapter"),
            tuple(
                "docker-config-pycoder-inference-adapter",
                "/root/.docker/config.d/pycoder-inference-adapter"));
    // A bare Docker Hub name is pulled by its full reference.
    assertThat(pod.getInitContainers().get(1).getArgs())
        .containsExactly("puller", "docker.io/library/sqladapter:latest", "/mnt/adapter/sql");

    Volume secrets =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("docker-config-pycoder-inference-adapter"))
            .findFirst()
            .orElseThrow();
    assertThat(secrets.getProjected().getSources())
        .extracting(
            s -> s.getSecret().getName(),
            s -> s.getSecret().getItems().get(0).getKey(),
            s -> s.getSecret().getItems().get(0).getPath())
        .containsExactly(
            tuple("acr-a", ".dockerconfigjson", "acr-a.json"),
            tuple("acr-b", ".dockerconfigjson", "acr-b.json"));
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly(
            "model-weights-volume",
            "dshm",
            "adapter-volume",
            "docker-config-pycoder-inference-adapter",
            "docker-config-sql-inference-adapter");
    assertThat(main(ss).getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .contains(tuple("adapter-volume", "/mnt/adapter"));
    assertThat(pod.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("acr-a", "acr-b");
    assertThat(main(ss).getCommand().get(2)).contains(" --enable-lora ");
  }

  @Test
  void pullerScriptTakesImageAndTargetAsArguments() {
    assertThat(InferenceManifests.PULLER_SCRIPT)
        .contains("image=\"$1\"")
        .contains("target=\"$2\"")
        .contains("skopeo copy")
        .contains("/.docker/config.d")
        .contains("mv \"$rootfs/data\" \"$target\"")
        .doesNotContain("{{ .");
  }

  @Test
  void volumeAdapterIsMountedDirectly() {
    Volume source = hostPathVolume();
    StatefulSet ss =
        InferenceManifests.statefulSet(
            phi4Mini().adapter(volumeAdapter("sql", source, null)).build());
    PodSpec pod = pod(ss);

    assertThat(pod.getInitContainers()).isEmpty();
    Volume v = pod.getVolumes().get(pod.getVolumes().size() - 1);
    assertThat(v.getName()).isEqualTo("adapter-volume-sql");
    assertThat(v.getHostPath().getPath()).isEqualTo("/data/adapters/sql");
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("adapter-volume");
    assertThat(main(ss).getVolumeMounts())
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .contains(tuple("adapter-volume-sql", "/mnt/adapter/sql"));
    assertThat(source.getName()).isNull(); // the Workspace's volume is not modified
  }

  @Test
  void inferenceConfigIsMountedAtMntConfig() {
    StatefulSet ss =
        InferenceManifests.statefulSet(
            phi4Mini().config("phi4-config", Map.of("max-model-len", "4096")).build());

    Volume config = pod(ss).getVolumes().get(0);
    assertThat(config.getName()).isEqualTo("config-volume");
    assertThat(config.getConfigMap().getName()).isEqualTo("phi4-config");
    assertThat(main(ss).getVolumeMounts().get(0))
        .extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly("config-volume", "/mnt/config");
    assertThat(main(ss).getCommand().get(2))
        .contains("--kaito-config-file=/mnt/config/inference_config.yaml")
        .doesNotContain("--max-model-len");
  }

  @Test
  void noConfigMeansNoConfigVolume() {
    assertThat(pod(InferenceManifests.statefulSet(phi4Mini().build())).getVolumes())
        .extracting(Volume::getName)
        .doesNotContain("config-volume");
  }

  @Test
  void localNvmeKeepsWeightsOnAClaimSizedToTheModelsDisk() {
    StatefulSet ss = InferenceManifests.statefulSet(phi4Mini().nvme(true).build());

    PersistentVolumeClaim claim = ss.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(ss.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(claim.getMetadata().getName()).isEqualTo("model-weights-volume");
    assertThat(claim.getMetadata().getLabels())
        .containsExactlyEntriesOf(Map.of("kaito.sh/workspace", "phi4"));
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("kaito-local-nvme-disk");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsExactlyEntriesOf(Map.of("storage", new Quantity("87Gi")));
    assertThat(pod(ss).getVolumes()).extracting(Volume::getName).containsExactly("dshm");
    assertThat(main(ss).getVolumeMounts())
        .extracting(VolumeMount::getName)
        .contains("model-weights-volume");
  }

  @Test
  void gatedModelReadsHfTokenFromTheAccessSecret() {
    Container c =
        main(
            InferenceManifests.statefulSet(
                preset("llama", "llama-3.1-8b-instruct")
                    .instanceType(A100)
                    .accessSecret("hf-secret")
                    .build()));

    EnvVar token = envNamed(c, "HF_TOKEN");
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hf-secret");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("HF_TOKEN");
    assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
  }

  // ---------------------------------------------------------------- scheduling

  @Test
  void machineModePinsPodsToTheWorkspacesOwnNodes() {
    List<NodeSelectorRequirement> terms =
        InferenceManifests.nodeRequirements(
            phi4Mini().matchLabel("kaito.sh/workspace", "other").build());

    assertThat(terms)
        .extracting(
            NodeSelectorRequirement::getKey,
            NodeSelectorRequirement::getOperator,
            NodeSelectorRequirement::getValues)
        .containsExactly(
            tuple("apps", "In", List.of("llm")),
            tuple("kaito.sh/workspace", "In", List.of("phi4")),
            tuple("kaito.sh/workspacenamespace", "In", List.of("team-a")));
    StatefulSet ss = InferenceManifests.statefulSet(phi4Mini().build());
    assertThat(
            pod(ss)
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .singleElement()
        .satisfies(t -> assertThat(t.getMatchExpressions()).hasSize(3));
  }

  @Test
  void byoModeUsesTheSelectorOnly() {
    var ctx =
        phi4Mini()
            .mode(ProvisioningMode.BYO)
            .selector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of("zone", "b", "apps", "llm"))
                    .withMatchExpressions(
                        new LabelSelectorRequirementBuilder()
                            .withKey("gpu")
                            .withOperator("In")
                            .withValues("a100", "h100")
                            .build())
                    .build())
            .build();

    assertThat(InferenceManifests.nodeRequirements(ctx))
        .extracting(
            NodeSelectorRequirement::getKey,
            NodeSelectorRequirement::getOperator,
            NodeSelectorRequirement::getValues)
        .containsExactly(
            tuple("apps", "In", List.of("llm")),
            tuple("gpu", "In", List.of("a100", "h100")),
            tuple("zone", "In", List.of("b")));
  }

  @Test
  void byoWithoutSelectorLabelsHasNoAffinity() {
    StatefulSet ss =
        InferenceManifests.statefulSet(
            phi4Mini()
                .mode(ProvisioningMode.BYO)
                .selector(new LabelSelectorBuilder().build())
                .build());

    assertThat(pod(ss).getAffinity()).isNull();
  }

  @Test
  void inferenceSetLabelJoinsTheSelector() {
    StatefulSet ss =
        InferenceManifests.statefulSet(
            phi4Mini()
                .label("inferenceset.kaito.sh/created-by", "chat")
                .label("team", "x")
                .build());

    assertThat(ss.getSpec().getSelector().getMatchLabels())
        .containsExactly(
            entry("inferenceset.kaito.sh/created-by", "chat"), entry("kaito.sh/workspace", "phi4"));
  }

  // ---------------------------------------------------------------- template

  @Test
  void templateWorkspaceRunsTheUsersPodWithKaitoScheduling() {
    PodTemplateSpec template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(Map.of("app", "custom"))
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("server")
            .withImage("ghcr.io/me/server:1")
            .endContainer()
            .addNewToleration()
            .withKey("dedicated")
            .withOperator("Exists")
            .endToleration()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("anywhere")
            .withOperator("Exists")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .withNewPodAntiAffinity()
            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withTopologyKey("kubernetes.io/hostname")
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endPodAntiAffinity()
            .endAffinity()
            .endSpec()
            .build();
    PodTemplateSpec original = new PodTemplateSpecBuilder(template).build();
    WorkloadContext ctx = InferenceFixtures.template("custom", template).nodes(2).build();

    StatefulSet ss = InferenceManifests.statefulSet(ctx);

    assertThat(ss.getMetadata().getName()).isEqualTo("custom");
    assertThat(ss.getSpec().getReplicas()).isEqualTo(2);
    assertThat(ss.getSpec().getSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of("kaito.sh/workspace", "custom"));
    assertThat(ss.getSpec().getTemplate().getMetadata().getLabels())
        .containsExactly(entry("app", "custom"), entry("kaito.sh/workspace", "custom"));
    PodSpec pod = pod(ss);
    assertThat(pod.getContainers())
        .extracting(Container::getName, Container::getImage)
        .containsExactly(tuple("server", "ghcr.io/me/server:1"));
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey)
        .containsExactly(
            "dedicated", "nvidia.com/gpu", "sku", "kubernetes.azure.com/scalesetpriority");
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.getMatchExpressions())
                    .extracting(NodeSelectorRequirement::getKey)
                    .containsExactly("apps", "kaito.sh/workspace", "kaito.sh/workspacenamespace"));
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(template).isEqualTo(original); // the Workspace's template is not modified
  }

  // ---------------------------------------------------------------- determinism

  @Test
  void equalInputGivesEqualObjects() throws Exception {
    var b =
        preset("llama", "llama-3.3-70b-instruct")
            .instanceType(A100X2)
            .nodes(2)
            .uid("u-1")
            .accessSecret("hf")
            .config("cfg", Map.of())
            .nvme(true)
            .adapter(imageAdapter("b", "myregistry.azurecr.io/b:1", null, "s2", "s1"))
            .adapter(volumeAdapter("a", hostPathVolume(), null))
            .matchLabel("zone", "1")
            .matchLabel("apps", "x");

    StatefulSet first = InferenceManifests.statefulSet(b.build());
    StatefulSet second = InferenceManifests.statefulSet(b.build());
    assertThat(second).isEqualTo(first);
    assertThat(Yaml.WRITER.writeValueAsString(second))
        .isEqualTo(Yaml.WRITER.writeValueAsString(first));
    assertThat(InferenceManifests.services(b.build()))
        .isEqualTo(InferenceManifests.services(b.build()));
  }

  private static Volume hostPathVolume() {
    return new VolumeBuilder()
        .withNewHostPath()
        .withPath("/data/adapters/sql")
        .endHostPath()
        .build();
  }
}
