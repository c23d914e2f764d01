package sh.kaito.operator.validation;

import java.util.List;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.testsupport.Workspaces.WorkspaceBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.adapter;
import static sh.kaito.operator.testsupport.Workspaces.adapters;
import static sh.kaito.operator.testsupport.Workspaces.imageOutput;
import static sh.kaito.operator.testsupport.Workspaces.imageSource;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.mig;
import static sh.kaito.operator.testsupport.Workspaces.podTemplate;
import static sh.kaito.operator.testsupport.Workspaces.selectorExpression;
import static sh.kaito.operator.testsupport.Workspaces.selectorIn;
import static sh.kaito.operator.testsupport.Workspaces.template;
import static sh.kaito.operator.testsupport.Workspaces.tuning;
import static sh.kaito.operator.testsupport.Workspaces.urls;
import static sh.kaito.operator.validation.ValidationFixtures.BYO;
import static sh.kaito.operator.validation.ValidationFixtures.MACHINE;
import static sh.kaito.operator.validation.ValidationFixtures.errors;

/** UPDATE rules of kaito.md §2.2. */
class WorkspaceValidatorUpdateTest {
  private static List<String> update(WorkspaceValidator v, Workspace now, Workspace old) {
    return errors(v.validateUpdate(now, old, false, StaticClusterLookup.empty()));
  }

  private static List<String> updateV1alpha1(WorkspaceValidator v, Workspace now, Workspace old) {
    return errors(v.validateUpdate(now, old, true, StaticClusterLookup.empty()));
  }

  private static WorkspaceBuilder phi4() {
    return inference("phi-4").instanceType(A100);
  }

  private static WorkspaceBuilder qlora() {
    return tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100);
  }

  // --- always allowed --------------------------------------------------------------------------

  @Test
  void updateThatOnlyAddsAFinalizerIsAllowedEvenIfTheObjectBreaksTodaysRules() {
    // Created when instanceType was allowed; the operator now runs in BYO mode.
    WorkspaceBuilder b = phi4().name("Not_A_Dns_Label");
    Workspace old = b.build();
    Workspace now = b.finalizer(KaitoApi.WORKSPACE_FINALIZER).build();

    assertThat(update(BYO, now, old)).isEmpty();
  }

  @Test
  void updateThatOnlyWritesControllerAnnotationsIsAllowed() {
    WorkspaceBuilder b = phi4();
    Workspace old = b.build();
    Workspace now =
        b.annotation(KaitoApi.ANNOTATION_WORKSPACE_REVISION, "2")
            .annotation(KaitoApi.ANNOTATION_WORKSPACE_HASH, "abc")
            .build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void updateOfADeletingWorkspaceIsAlwaysAllowed() {
    Workspace old = phi4().build();
    Workspace now = phi4().instanceType("Standard_ND96isr_H100_v5").count(3).deleting().build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void changedUserAnnotationIsRevalidated() {
    Workspace old = phi4().build();
    Workspace now = phi4().annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, "fast").build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "invalid value: \"fast\" is not a valid performance mode; choose one of: balanced,"
                + " interactivity, throughput: metadata.annotations[kaito.sh/performance-mode]");
  }

  @Test
  void changedUserAnnotationWithValidValueIsAllowed() {
    Workspace old = phi4().build();
    Workspace now = phi4().annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, "throughput").build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  // --- toggles ---------------------------------------------------------------------------------

  @Test
  void inferenceCannotBeReplacedByTuning() {
    assertThat(update(MACHINE, qlora().instanceType(A100).build(), phi4().build()))
        .containsExactly(
            "Inference field cannot be toggled once set: inference",
            "Tuning field cannot be toggled once set: tuning");
  }

  @Test
  void tuningCannotBeRemoved() {
    Workspace old = qlora().build();
    Workspace now = qlora().build();
    now.setTuning(null);

    assertThat(update(MACHINE, now, old))
        .containsExactly("Tuning field cannot be toggled once set: tuning");
  }

  // --- resource --------------------------------------------------------------------------------

  @Test
  void countIsImmutable() {
    assertThat(update(MACHINE, phi4().count(2).build(), phi4().count(1).build()))
        .containsExactly("field is immutable: resource.count");
  }

  @Test
  void partitionIsImmutable() {
    Workspace old = inference("phi-3-mini-4k-instruct").build();
    Workspace now = inference("phi-3-mini-4k-instruct").partition(mig("1g.10gb")).build();

    assertThat(update(BYO, now, old)).containsExactly("field is immutable: resource.partition");
  }

  @Test
  void partitionProfileCannotChange() {
    Workspace old = inference("phi-3-mini-4k-instruct").partition(mig("1g.10gb")).build();
    Workspace now = inference("phi-3-mini-4k-instruct").partition(mig("2g.20gb")).build();

    assertThat(update(BYO, now, old)).containsExactly("field is immutable: resource.partition");
  }

  @Test
  void machineModeInstanceTypeCannotChange() {
    assertThat(
            update(
                MACHINE, phi4().instanceType("Standard_ND96isr_H100_v5").build(), phi4().build()))
        .containsExactly(
            "instanceType cannot be changed once set when node auto-provisioning is enabled:"
                + " resource.instanceType");
  }

  @Test
  void machineModeInstanceTypeCannotBeCleared() {
    assertThat(update(MACHINE, phi4().instanceType(null).build(), phi4().build()))
        .containsExactly(
            "missing field(s): instanceType is required when node auto-provisioning is enabled:"
                + " resource.instanceType");
  }

  @Test
  void machineModeInstanceTypeMaySetAnEmptyOldValue() {
    // A Workspace created in BYO mode gets an instance type when the operator moves to machine
    // mode.
    assertThat(update(MACHINE, phi4().build(), phi4().instanceType(null).build())).isEmpty();
  }

  @Test
  void byoModeEmptyInstanceTypeMustStayEmpty() {
    Workspace old = inference("phi-4").build();
    Workspace now = inference("phi-4").instanceType(A100).build();

    assertThat(update(BYO, now, old))
        .containsExactly(
            "invalid value: instanceType must be empty when node auto-provisioning is disabled (BYO"
                + " scenario): resource.instanceType");
  }

  @Test
  void byoModeMayClearAnOldInstanceType() {
    // KAITO's v0.7 upgrade path: a provisioned Workspace moves to BYO nodes.
    assertThat(update(BYO, inference("phi-4").build(), phi4().build())).isEmpty();
  }

  @Test
  void byoModeOldInstanceTypeCannotChange() {
    assertThat(update(BYO, phi4().instanceType("Standard_ND96isr_H100_v5").build(), phi4().build()))
        .containsExactly(
            "invalid value: instanceType cannot be changed once set: resource.instanceType");
  }

  @Test
  void byoModeOldInstanceTypeMayStayAsItIs() {
    Workspace old = phi4().build();
    Workspace now = phi4().annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, "throughput").build();

    assertThat(update(BYO, now, old)).isEmpty();
  }

  @Test
  void v1alpha1InstanceTypeIsImmutable() {
    assertThat(
            updateV1alpha1(
                MACHINE, phi4().instanceType("Standard_ND96isr_H100_v5").build(), phi4().build()))
        .containsExactly("field is immutable: resource.instanceType");
  }

  @Test
  void v1alpha1InstanceTypeCannotBeClearedEvenInByoMode() {
    assertThat(updateV1alpha1(BYO, inference("phi-4").build(), phi4().build()))
        .containsExactly("field is immutable: resource.instanceType");
  }

  @Test
  void labelSelectorIsImmutable() {
    Workspace old = phi4().matchLabels("app", "a").build();
    Workspace now = phi4().matchLabels("app", "b").build();

    assertThat(update(MACHINE, now, old))
        .containsExactly("field is immutable: resource.labelSelector");
  }

  @Test
  void labelSelectorAsInExpressionEqualsTheSameMatchLabels() {
    Workspace old = phi4().matchLabels("app", "a").count(1).build();
    Workspace now = phi4().labelSelector(selectorIn("app", "a")).count(1).build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void labelSelectorThatCannotBeAMapIsRejected() {
    Workspace old = phi4().matchLabels("app", "a").build();
    Workspace now = phi4().labelSelector(selectorExpression("app", "NotIn", "b")).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly("Only allow matchLabels or 'IN' matchExpression: resource.labelSelector");
  }

  // --- inference -------------------------------------------------------------------------------

  @Test
  void inferencePresetIsImmutable() {
    Workspace old = phi4().build();
    Workspace now = inference("phi-4-mini-instruct").instanceType(A100).build();

    assertThat(update(MACHINE, now, old)).containsExactly("field is immutable: inference.preset");
  }

  @Test
  void templateCannotBeSetOnAPresetWorkspace() {
    Workspace old = phi4().build();
    Workspace now = template().instanceType(A100).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "field is immutable: inference.preset",
            "field cannot be unset/set if it was set/unset: inference.template");
  }

  @Test
  void templateCannotBeUnset() {
    Workspace old = template().instanceType(A100).build();
    Workspace now = phi4().build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "field is immutable: inference.preset",
            "field cannot be unset/set if it was set/unset: inference.template");
  }

  @Test
  void templateContentsMayChange() {
    Workspace old = template().instanceType(A100).build();
    Workspace now =
        template().instanceType(A100).template(podTemplate("server", "nginx:1.28")).build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void adaptersMayChange() {
    Workspace old = phi4().adapters(adapter("first")).build();
    Workspace now = phi4().adapters(adapter("first"), adapter("second")).build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void changedAdaptersAreRevalidated() {
    Workspace old = phi4().adapters(adapter("first")).build();
    Workspace now =
        phi4()
            .adapters(new AdapterSpec(imageSource("Bad_Name", "myregistry.io/a:1"), null))
            .build();

    assertThat(update(MACHINE, now, old))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("invalid value: a lowercase RFC 1123 subdomain")
        .endsWith(": inference.adapters[0].source.name");
  }

  @Test
  void elevenAdaptersAreRejectedOnUpdate() {
    Workspace old = phi4().adapters(adapters(10)).build();
    Workspace now = phi4().adapters(adapters(11)).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "Number of Adapters exceeds the maximum limit, maximum of 10 allowed:"
                + " inference.adapters");
  }

  @Test
  void duplicateAdaptersAreRejectedOnUpdate() {
    Workspace old = phi4().adapters(adapter("a")).build();
    Workspace now = phi4().adapters(adapter("a"), adapter("a")).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly("Duplicate adapter source name found: a: inference.adapters");
  }

  // --- tuning ----------------------------------------------------------------------------------

  @Test
  void tuningPresetIsImmutable() {
    Workspace old = qlora().build();
    Workspace now = tuning("phi-3-mini-4k-instruct", "qlora").instanceType(V100).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly("Preset cannot be changed: tuning.preset");
  }

  @Test
  void tuningMethodIsImmutable() {
    Workspace old = qlora().build();
    Workspace now = qlora().method("lora").build();

    assertThat(update(MACHINE, now, old))
        .containsExactly("Method cannot be changed: tuning.method");
  }

  @Test
  void tuningMethodDifferingOnlyInCaseIsTheSame() {
    Workspace old = qlora().build();
    Workspace now = qlora().method("QLoRA").build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void tuningInputNameIsImmutable() {
    Workspace old = qlora().build();
    Workspace now =
        qlora()
            .input(
                new sh.kaito.operator.api.v1beta1.DataSource(
                    "other-dataset", List.of("https://example.com/d.jsonl"), null, null, null))
            .build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "invalid value: During tuning Name field cannot be changed once set:"
                + " tuning.input.name");
  }

  @Test
  void tuningInputDataMayChangeUnderTheSameName() {
    Workspace old = qlora().build();
    Workspace now = qlora().input(urls("https://example.com/another.jsonl")).build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void newTuningInputUrlsPassTheSsrfGuard() {
    Workspace old = qlora().build();
    Workspace now =
        qlora().input(urls("http://169.254.169.254/metadata/identity/oauth2/token")).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "invalid value: data source URL must not target a loopback, private, or link-local"
                + " address: tuning.input.urls");
  }

  @Test
  void tuningInputUrlAcceptedBeforeIsNotCheckedAgain() {
    // A URL admitted by an older guard must not block unrelated updates of the Workspace.
    WorkspaceBuilder b = qlora().input(urls("http://10.0.0.5/data.jsonl"));
    Workspace old = b.build();
    Workspace now =
        b.output(imageOutput("myregistry.azurecr.io/phi-3-adapter:0.0.2", "acr-push-secret"))
            .build();

    assertThat(update(MACHINE, now, old)).isEmpty();
  }

  @Test
  void tuningInputCannotBeRemoved() {
    assertThat(update(MACHINE, qlora().input(null).build(), qlora().build()))
        .containsExactly("missing field(s): tuning.input");
  }

  @Test
  void tuningOutputCannotBeRemoved() {
    assertThat(update(MACHINE, qlora().output(null).build(), qlora().build()))
        .containsExactly("missing field(s): tuning.output");
  }

  @Test
  void newTuningOutputImageMustParse() {
    Workspace now =
        qlora()
            .output(
                imageOutput("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.2", "acr-push-secret"))
            .build();

    assertThat(update(MACHINE, now, qlora().build()))
        .containsExactly(
            "invalid value: Unable to parse output image reference: invalid reference format:"
                + " repository name (IMAGE_NAME_HERE) must be lowercase; use a reference such as"
                + " myregistry.azurecr.io/my-adapter:0.0.1: tuning.output.image");
  }

  @Test
  void newTuningInputImageMustParse() {
    Workspace old = qlora().input(imageSource("dataset", "myregistry.io/data:1")).build();
    Workspace now = qlora().input(imageSource("dataset", "myregistry.io/Data:2")).build();

    assertThat(update(MACHINE, now, old))
        .containsExactly(
            "invalid value: Unable to parse input image reference: invalid reference format:"
                + " repository name (Data) must be lowercase: tuning.input.image");
  }

  @Test
  void newTuningOutputImageIsAllowed() {
    Workspace now =
        qlora()
            .output(imageOutput("myregistry.azurecr.io/phi-3-adapter:0.0.2", "acr-push-secret"))
            .build();

    assertThat(update(MACHINE, now, qlora().build())).isEmpty();
  }
}
