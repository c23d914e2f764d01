package sh.kaito.operator.workspace;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import sh.kaito.operator.testsupport.CrdSetup;

/** The BYO cases on the mock API server (no Server-Side Apply there). */
@QuarkusTest
@TestProfile(ByoProfile.class)
@WithKubernetesTestServer(crud = true, setup = CrdSetup.class)
class ByoWorkspaceControllerTest extends ByoWorkspaceScenarios {}
