package sh.kaito.operator.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import static org.awaitility.Awaitility.await;

/**
 * A real kube-apiserver with etcd for a {@code @QuarkusTest}, started by fabric8's kube-api-test
 * from the binaries {@code src/test/cluster/build.sh} built (no download), with the CRDs of {@code
 * deploy/crds/} applied before the operator starts. Unlike the mock server it speaks Server-Side
 * Apply, validates against the CRD schemas and keeps managedFields per version. There is no
 * kube-controller-manager: {@link FakeCluster} plays the controllers a test needs.
 *
 * <p>Binaries are looked for in {@code $KAITO_SIM_CACHE} (else {@code $XDG_CACHE_HOME/kaito-sim},
 * else {@code ~/.cache/kaito-sim}), in {@code <k8s>-<etcd>-<kwok>/bin/}; {@link #available()} says
 * whether they are there, so tests that need them are skipped on a machine without them (CI builds
 * them before the tests).
 */
public final class RealApiServer implements QuarkusTestResourceLifecycleManager {
  private KubeAPIServer server;
  private Path testDir;

  /** Whether the binaries are built. */
  public static boolean available() {
    return binaries().isPresent();
  }

  @Override
  public Map<String, String> start() {
    Binaries bin =
        binaries().orElseThrow(() -> new IllegalStateException("run src/test/cluster/build.sh"));
    try {
      // kube-api-test's layout: <dir>/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}
      testDir = Files.createTempDirectory("kaito-kube-api-test");
      Path versionDir = testDir.resolve("k8s").resolve(bin.version() + "-linux-amd64");
      Files.createDirectories(versionDir);
      for (String name : List.of("kube-apiserver", "etcd", "kubectl")) {
        Files.createSymbolicLink(versionDir.resolve(name), bin.dir().resolve(name));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare kube-api-test's directory", e);
    }
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(testDir.toString())
                .withApiServerVersion(bin.version())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
    applyCrds(config);
    // kube-api-test's kubeconfig names its certificates by file or embeds them, depending on the
    // version: pass on whichever is there.
    Map<String, String> properties = new HashMap<>();
    properties.put("quarkus.kubernetes-client.api-server-url", config.getMasterUrl());
    putEither(properties, "ca-cert", config.getCaCertData(), config.getCaCertFile());
    putEither(properties, "client-cert", config.getClientCertData(), config.getClientCertFile());
    putEither(properties, "client-key", config.getClientKeyData(), config.getClientKeyFile());
    if (config.getClientKeyAlgo() != null) {
      properties.put("quarkus.kubernetes-client.client-key-algo", config.getClientKeyAlgo());
    }
    return properties;
  }

  private static void putEither(
      Map<String, String> properties, String name, String data, String file) {
    if (data != null) {
      properties.put("quarkus.kubernetes-client." + name + "-data", data);
    } else if (file != null) {
      properties.put("quarkus.kubernetes-client." + name + "-file", file);
    } else {
      throw new IllegalStateException("kube-api-test's kubeconfig has no " + name);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
    if (testDir != null) {
      try (Stream<Path> files = Files.walk(testDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory; nothing depends on it being gone
      }
    }
  }

  private static void applyCrds(Config config) {
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        Stream<Path> files = Files.list(Path.of("deploy", "crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        List<HasMetadata> items = client.load(Files.newInputStream(file)).items();
        for (HasMetadata item : items) {
          client.resource(item).serverSideApply();
        }
      }
      await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                          .filter(RealApiServer::established)
                          .count()
                      >= 2);
    } catch (IOException e) {
      throw new IllegalStateException("cannot apply deploy/crds", e);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private record Binaries(Path dir, String version) {}

  private static Optional<Binaries> binaries() {
    Path root = cacheRoot();
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> d.getFileName().toString().matches("\\d+\\.\\d+\\.\\d+-.*"))
          .sorted(Comparator.reverseOrder())
          .map(d -> new Binaries(d.resolve("bin"), d.getFileName().toString().split("-")[0]))
          .filter(
              b ->
                  Stream.of("kube-apiserver", "etcd", "kubectl")
                      .allMatch(n -> Files.isExecutable(b.dir().resolve(n))))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Path cacheRoot() {
    String sim = System.getenv("KAITO_SIM_CACHE");
    if (sim != null && !sim.isEmpty()) {
      return Path.of(sim);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("kaito-sim");
  }
}
