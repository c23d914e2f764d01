package sh.kaito.operator.manifests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.testsupport.Workspaces.WorkspaceBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A10;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.PUBLIC_DATA_URL;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.accelerator;
import static sh.kaito.operator.testsupport.Workspaces.adapter;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.selectorIn;
import static sh.kaito.operator.testsupport.Workspaces.tuning;
import static sh.kaito.operator.testsupport.Workspaces.urls;

/** The Workspace spec hash and revision data, byte for byte as KAITO's Go code computes them. */
class SpecHashTest {

  /** inference("phi-4") on one A100 node with matchLabels app=test. */
  private static Workspace phi4() {
    return inference("phi-4").instanceType(A100).build();
  }

  /** The default qlora tuning fixture on a V100. */
  private static Workspace phi3Tuning() {
    return tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).build();
  }

  /**
   * BYO, two nodes, an In expression, an accelerator partition, a private preset with options, a
   * config, two adapters (one with strength), and {@code <>&} in a string.
   */
  private static Workspace llamaWithAdapters() {
    return inference("llama-3.1-8b-instruct")
        .count(2)
        .labelSelector(selectorIn("apps", "llm", "gpu"))
        .partition(accelerator(2))
        .accessMode(ModelImageAccessMode.PRIVATE)
        .presetImage("registry.io/llama:<1>&2")
        .modelAccessSecret("hf-token")
        .config("my-inference-config")
        .adapters(adapter("adapter-a", "0.5"), adapter("adapter-b"))
        .build();
  }

  // Expected values computed with Go's encoding/json (go1.26) over minimal copies of KAITO's
  // v1beta1 ResourceSpec/InferenceSpec/TuningSpec (same json tags), exactly as KAITO's
  // ComputeHash (json.NewEncoder(sha256).Encode of resource, inference, tuning) and
  // marshalSelectedFields (json.Marshal of the three-key map) do.

  @Test
  void hashOfAPresetInferenceMatchesGo() {
    assertThat(SpecHash.of(phi4()))
        .isEqualTo("ee0e7894d24fb9b1b51403c8125fffafcb7f64283544daf9212d3b25c8c289b2");
    assertThat(SpecHash.revisionData(phi4()))
        .isEqualTo(
            "{\"inference\":{\"preset\":{\"name\":\"phi-4\",\"presetOptions\":{}}},"
                + "\"resource\":{\"count\":1,\"instanceType\":\"Standard_NC24ads_A100_v4\","
                + "\"labelSelector\":{\"matchLabels\":{\"app\":\"test\"}}},\"tuning\":null}");
  }

  @Test
  void hashOfATuningWorkspaceMatchesGo() {
    assertThat(SpecHash.of(phi3Tuning()))
        .isEqualTo("9578fce49a50c634f1601bfb0792e88ac2eacf5a72e97a3574abcbbf82cf49b1");
    assertThat(SpecHash.revisionData(phi3Tuning()))
        .isEqualTo(
            "{\"inference\":null,\"resource\":{\"count\":1,\"instanceType\":\"Standard_NC6s_v3\","
                + "\"labelSelector\":{\"matchLabels\":{\"app\":\"test\"}}},"
                + "\"tuning\":{\"preset\":{\"name\":\"phi-3-mini-128k-instruct\","
                + "\"presetOptions\":{}},\"method\":\"qlora\",\"input\":{\"name\":\"dataset\","
                + "\"urls\":[\""
                + PUBLIC_DATA_URL
                + "\"]},\"output\":{\"image\":\"myregistry.azurecr.io/phi-3-adapter:0.0.1\","
                + "\"imagePushSecret\":\"acr-push-secret\"}}}");
  }

  @Test
  void hashOfAPresetWithOptionsAdaptersAndPartitionMatchesGo() {
    assertThat(SpecHash.of(llamaWithAdapters()))
        .isEqualTo("df0b1d905e8a0b972717b204b33feb694082623f64e793393a7ef76dc6417cf5");
    assertThat(SpecHash.revisionData(llamaWithAdapters()))
        .isEqualTo(
            "{\"inference\":{\"preset\":{\"name\":\"llama-3.1-8b-instruct\","
                + "\"accessMode\":\"private\",\"presetOptions\":{"
                + "\"image\":\"registry.io/llama:\\u003c1\\u003e\\u00262\","
                + "\"modelAccessSecret\":\"hf-token\"}},\"config\":\"my-inference-config\","
                + "\"adapters\":[{\"source\":{\"name\":\"adapter-a\","
                + "\"image\":\"myregistry.azurecr.io/adapters/adapter-a:1.0\"},"
                + "\"strength\":\"0.5\"},{\"source\":{\"name\":\"adapter-b\","
                + "\"image\":\"myregistry.azurecr.io/adapters/adapter-b:1.0\"}}]},"
                + "\"resource\":{\"count\":2,\"labelSelector\":{\"matchExpressions\":["
                + "{\"key\":\"apps\",\"operator\":\"In\",\"values\":[\"llm\",\"gpu\"]}]},"
                + "\"partition\":{\"mode\":\"accelerator\",\"count\":2}},\"tuning\":null}");
  }

  @Test
  void theHashIsSha256OfTheThreeEncodingsEachEndingWithANewline() throws Exception {
    Workspace ws = phi4();
    String stream =
        SpecHash.encode(SpecHash.resource(ws.getResource()))
            + "\n"
            + SpecHash.encode(SpecHash.inference(ws.getInference()))
            + "\n"
            + SpecHash.encode(SpecHash.tuning(ws.getTuning()))
            + "\n";

    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(stream.getBytes(StandardCharsets.UTF_8));

    assertThat(SpecHash.of(ws)).isEqualTo(HexFormat.of().formatHex(digest)).matches("[0-9a-f]{64}");
    assertThat(stream).endsWith("\nnull\n");
  }

  @Test
  void equalSpecsHaveTheSameHash() {
    WorkspaceBuilder b = inference("phi-4").instanceType(A100);

    assertThat(SpecHash.of(b.build())).isEqualTo(SpecHash.of(b.build()));
    assertThat(SpecHash.of(llamaWithAdapters())).isEqualTo(SpecHash.of(llamaWithAdapters()));
  }

  @Test
  void metadataIsNotPartOfTheHash() {
    Workspace renamed =
        inference("phi-4").instanceType(A100).name("other").namespace("ns2").uid("u-1").build();

    assertThat(SpecHash.of(renamed)).isEqualTo(SpecHash.of(phi4()));
  }

  private static void assertChangesTheHash(
      WorkspaceBuilder base, UnaryOperator<WorkspaceBuilder> change) {
    String before = SpecHash.of(base.build());
    String after = SpecHash.of(change.apply(base).build());
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void anyFieldChangeChangesTheHash() {
    assertChangesTheHash(inference("phi-4").instanceType(A100), b -> b.count(2));
    assertChangesTheHash(inference("phi-4").instanceType(A100), b -> b.instanceType(A10));
    assertChangesTheHash(inference("phi-4").instanceType(A100), b -> b.matchLabels("app", "other"));
    assertChangesTheHash(
        inference("phi-4").instanceType(A100), b -> b.matchLabels("app", "test", "tier", "gpu"));
    assertChangesTheHash(
        inference("phi-4").instanceType(A100), b -> b.preset("phi-4-mini-instruct"));
    assertChangesTheHash(
        inference("phi-4").instanceType(A100), b -> b.adapters(adapter("adapter-a")));
    assertChangesTheHash(
        inference("phi-4").instanceType(A100).adapters(adapter("adapter-a")),
        b -> b.adapters(adapter("adapter-a", "0.5")));
    assertChangesTheHash(inference("phi-4").instanceType(A100), b -> b.config("cfg"));
    assertChangesTheHash(
        inference("phi-4").instanceType(A100), b -> b.modelAccessSecret("hf-token"));
    assertChangesTheHash(
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100), b -> b.method("lora"));
    assertChangesTheHash(
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100),
        b -> b.input(urls("https://example.com/other.parquet")));
    assertChangesTheHash(
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100),
        b -> b.input(urls(PUBLIC_DATA_URL, "https://example.com/more.parquet")));
  }

  @Test
  void matchLabelsInsertionOrderDoesNotMatter() {
    Workspace ab = inference("phi-4").instanceType(A100).matchLabels("a", "1", "b", "2").build();
    Workspace ba = inference("phi-4").instanceType(A100).matchLabels("b", "2", "a", "1").build();

    assertThat(SpecHash.of(ab)).isEqualTo(SpecHash.of(ba));
    assertThat(SpecHash.revisionData(ba)).contains("\"matchLabels\":{\"a\":\"1\",\"b\":\"2\"}");
  }

  @Test
  void aPresetWithoutOptionsHasAnEmptyPresetOptionsObject() {
    String encoded = SpecHash.encode(SpecHash.inference(phi4().getInference()));

    assertThat(encoded).isEqualTo("{\"preset\":{\"name\":\"phi-4\",\"presetOptions\":{}}}");
  }

  @Test
  void aNullLabelSelectorIsEncodedAsNull() {
    Workspace ws = inference("phi-4").instanceType(A100).labelSelector(null).build();

    assertThat(SpecHash.encode(SpecHash.resource(ws.getResource())))
        .isEqualTo(
            "{\"count\":1,\"instanceType\":\"Standard_NC24ads_A100_v4\",\"labelSelector\":null}");
  }

  @Test
  void aMissingResourceIsTheZeroStruct() {
    Workspace ws = inference("phi-4").withoutResource().build();

    assertThat(SpecHash.encode(SpecHash.resource(ws.getResource())))
        .isEqualTo("{\"labelSelector\":null}");
    assertThat(
            SpecHash.encode(SpecHash.resource(new ResourceSpec(null, "", null, List.of(), null))))
        .isEqualTo("{\"labelSelector\":null}");
  }

  @Test
  void htmlCharactersAreEscapedAsGoDoes() {
    Workspace ws = inference("phi-4").instanceType(A100).config("a<b>c&d").build();

    String encoded = SpecHash.encode(SpecHash.inference(ws.getInference()));

    assertThat(encoded)
        .contains("\"config\":\"a\\u003cb\\u003ec\\u0026d\"")
        .doesNotContain("<")
        .doesNotContain(">")
        .doesNotContain("&");
  }

  @Test
  void absentInferenceAndTuningAreNull() {
    Workspace ws = inference("phi-4").instanceType(A100).withoutInference().build();

    assertThat(SpecHash.revisionData(ws))
        .startsWith("{\"inference\":null,\"resource\":{")
        .endsWith(",\"tuning\":null}");
  }

  @Test
  void revisionDataHasTheThreeKeysInGoMapOrder() {
    String data = SpecHash.revisionData(phi3Tuning());

    assertThat(data).startsWith("{\"inference\":null,\"resource\":{");
    assertThat(data.indexOf("\"resource\":")).isLessThan(data.indexOf("\"tuning\":"));
    assertThat(data).contains(",\"tuning\":{\"preset\":");
  }
}
