package sh.kaito.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Installs the generated CRDs from {@code deploy/crds} into the mock API server before the operator
 * starts, as a user installs them before the operator.
 */
public class CrdSetup implements Consumer<KubernetesServer> {
  @Override
  public void accept(KubernetesServer server) {
    try (Stream<Path> files = Files.list(Path.of("deploy/crds"))) {
      for (Path f : files.sorted().toList()) {
        CustomResourceDefinition crd =
            server
                .getClient()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .load(f.toFile())
                .item();
        server.getClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
