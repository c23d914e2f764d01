package sh.kaito.operator.manifests;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.inference;

/** The ControllerRevision of one version of a Workspace's spec, as KAITO writes it. */
class RevisionManifestsTest {
  private static final String UID = "0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d";

  private static Workspace ws() {
    return inference("phi-4").instanceType(A100).name("my-ws").namespace("team-a").uid(UID).build();
  }

  @Test
  void nameIsTheWorkspaceAndTheFirstFiveHexOfTheHash() {
    Workspace ws = ws();
    String hash = SpecHash.of(ws);

    assertThat(RevisionManifests.name(ws, hash)).isEqualTo("my-ws-" + hash.substring(0, 5));
    assertThat(RevisionManifests.name(ws, "abcdef0123")).isEqualTo("my-ws-abcde");
    assertThat(RevisionManifests.name(ws, hash)).matches("my-ws-[0-9a-f]{5}");
  }

  @Test
  void revisionHasNameNamespaceLabelAndHashAnnotation() {
    Workspace ws = ws();
    String hash = SpecHash.of(ws);

    ControllerRevision revision = RevisionManifests.desired(ws, hash, 3);

    assertThat(revision.getMetadata().getName()).isEqualTo("my-ws-" + hash.substring(0, 5));
    assertThat(revision.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(revision.getMetadata().getLabels())
        .containsExactly(Map.entry("workspace.kaito.io/name", "my-ws"));
    assertThat(revision.getMetadata().getLabels())
        .containsKey(KaitoApi.LABEL_REVISION_WORKSPACE_NAME);
    assertThat(revision.getMetadata().getAnnotations())
        .containsExactly(Map.entry("workspace.kaito.io/hash", hash));
    assertThat(revision.getRevision()).isEqualTo(3L);
  }

  @Test
  void revisionIsOwnedByTheWorkspaceAsController() {
    ControllerRevision revision = RevisionManifests.desired(ws(), SpecHash.of(ws()), 1);

    assertThat(revision.getMetadata().getOwnerReferences()).hasSize(1);
    OwnerReference owner = revision.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getApiVersion()).isEqualTo("kaito.sh/v1beta1");
    assertThat(owner.getKind()).isEqualTo("Workspace");
    assertThat(owner.getName()).isEqualTo("my-ws");
    assertThat(owner.getUid()).isEqualTo(UID);
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(RevisionManifests.ownerReference(ws())).isEqualTo(owner);
  }

  @Test
  void dataIsTheSelectedSpecFields() throws Exception {
    Workspace ws = ws();

    ControllerRevision revision = RevisionManifests.desired(ws, SpecHash.of(ws), 1);

    ObjectMapper json = new ObjectMapper();
    JsonNode actual = json.valueToTree(revision.getData());
    assertThat(actual).isEqualTo(json.readTree(SpecHash.revisionData(ws)));
    assertThat(revision.getData()).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) revision.getData();
    assertThat(data).containsOnlyKeys("inference", "resource", "tuning");
    assertThat(data.get("tuning")).isNull();
    assertThat(json.writeValueAsString(data.get("inference")))
        .isEqualTo("{\"preset\":{\"name\":\"phi-4\",\"presetOptions\":{}}}");
  }

  @Test
  void theSameWorkspaceGivesAnEqualRevision() {
    Workspace ws = ws();
    String hash = SpecHash.of(ws);

    assertThat(RevisionManifests.desired(ws(), hash, 2))
        .isEqualTo(RevisionManifests.desired(ws, hash, 2));
  }

  @Test
  void aChangedSpecGivesAnotherName() {
    Workspace before = ws();
    Workspace after = inference("phi-4").instanceType(A100).count(2).name("my-ws").build();

    assertThat(RevisionManifests.name(after, SpecHash.of(after)))
        .isNotEqualTo(RevisionManifests.name(before, SpecHash.of(before)));
  }

  @Test
  void historyLimitIsKaitosTen() {
    assertThat(RevisionManifests.HISTORY_LIMIT).isEqualTo(10);
  }
}
