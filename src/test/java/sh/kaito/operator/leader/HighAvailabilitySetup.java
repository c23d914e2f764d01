package sh.kaito.operator.leader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;

import sh.kaito.operator.testsupport.CrdSetup;

/**
 * The cluster before the operator starts: the CRDs, the ValidatingWebhookConfiguration from the
 * generated {@code deploy/operator.yaml}, and the Lease held by another replica ({@value
 * #OTHER_REPLICA}, renewed an hour ahead, so this operator starts as a follower). The mock server
 * answers JOSDK's start-up check of the Lease permissions (SelfSubjectRulesReview) as the RBAC in
 * deploy/operator.yaml would.
 */
public class HighAvailabilitySetup implements Consumer<KubernetesServer> {
  static final String OTHER_REPLICA = "kaito-operator-other-replica";
  static final String NAMESPACE = "kaito-system";
  static final String LEASE = "kaito-operator-leader";

  @Override
  public void accept(KubernetesServer server) {
    new CrdSetup().accept(server);
    var client = server.getClient();
    try (InputStream in = Files.newInputStream(Path.of("deploy/operator.yaml"))) {
      for (HasMetadata o : client.load(in).items()) {
        if (o.getKind().equals("ValidatingWebhookConfiguration")) {
          client.resource(o).create();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ZonedDateTime now = ZonedDateTime.now();
    client
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(LEASE)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(OTHER_REPLICA)
                .withLeaseDurationSeconds(3600)
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseTransitions(0)
                .endSpec()
                .build())
        .create();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewSpec()
                .withNamespace(NAMESPACE)
                .endSpec()
                .withNewStatus()
                .withIncomplete(false)
                .withResourceRules(
                    new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("create")
                        .build(),
                    new ResourceRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withResourceNames(LEASE)
                        .withVerbs(List.of("get", "update", "patch"))
                        .build())
                .endStatus()
                .build())
        .always();
  }
}
