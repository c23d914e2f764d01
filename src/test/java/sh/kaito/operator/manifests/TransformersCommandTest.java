package sh.kaito.operator.manifests;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.kaito.operator.manifests.InferenceFixtures.preset;

/** The transformers command lines: accelerate launcher, per-family parameters, sorted flags. */
class TransformersCommandTest {
  private static final String LAUNCH =
      "accelerate launch --gpu_ids=all --machine_rank=0 --num_machines=1 --num_processes=1"
          + " /workspace/tfs/inference_api.py";

  private static WorkloadContext ctx(String model, String sku) {
    return preset("ws", model).instanceType(sku).runtime(InferenceRuntime.TRANSFORMERS).build();
  }

  @Test
  void phi4TrustsRemoteCodeAndLetsTorchChooseTheDtype() {
    assertThat(TransformersCommand.commandLine(ctx("phi-4", "Standard_NC24ads_A100_v4")))
        .isEqualTo(
            LAUNCH
                + " --allow_remote_files"
                + " --pipeline=text-generation"
                + " --pretrained_model_name_or_path=microsoft/phi-4"
                + " --revision=187ef0342fff0eb3333be9f00389385e95ef0b61"
                + " --served_model_name=phi-4"
                + " --torch_dtype=auto"
                + " --trust_remote_code");
  }

  @Test
  void llamaGetsItsChatTemplateAndBfloat16() {
    assertThat(
            TransformersCommand.commandLine(
                ctx("llama-3.1-8b-instruct", "Standard_NC24ads_A100_v4")))
        .isEqualTo(
            LAUNCH
                + " --allow_remote_files"
                + " --chat_template=/workspace/chat_templates/llama-3-instruct.jinja"
                + " --pipeline=text-generation"
                + " --pretrained_model_name_or_path=meta-llama/Llama-3.1-8B-Instruct"
                + " --revision=0e9e39f249a16976918f6564b8830bc894c89659"
                + " --served_model_name=llama-3.1-8b-instruct"
                + " --torch_dtype=bfloat16");
  }

  @Test
  void mistralAliasIsServedUnderKaitosShortName() {
    assertThat(
            TransformersCommand.commandLine(ctx("mistral-7b-instruct", "Standard_NC24ads_A100_v4")))
        .isEqualTo(
            LAUNCH
                + " --allow_remote_files"
                + " --chat_template=/workspace/chat_templates/mistral-instruct.jinja"
                + " --pipeline=text-generation"
                + " --pretrained_model_name_or_path=mistralai/Mistral-7B-Instruct-v0.3"
                + " --revision=e0bc86c23ce5aae1db576c8cca6f06f1f73af2db"
                + " --served_model_name=mistral-7b-instruct-v0.3"
                + " --torch_dtype=bfloat16");
  }

  @Test
  void qwenHasNeitherTemplateNorRemoteCode() {
    assertThat(
            TransformersCommand.modelFlags(
                InferenceFixtures.model("qwen2.5-coder-7b-instruct"), null))
        .containsOnlyKeys(
            "allow_remote_files",
            "pipeline",
            "pretrained_model_name_or_path",
            "revision",
            "served_model_name",
            "torch_dtype")
        .containsEntry("torch_dtype", "bfloat16");
  }

  @Test
  void bfloat16BecomesFloat16OnGpusWithoutIt() {
    assertThat(TransformersCommand.commandLine(ctx("llama-3.1-8b-instruct", "Standard_NC6s_v3")))
        .contains(" --torch_dtype=float16")
        .doesNotContain("bfloat16");
    // "auto" is left to torch.
    assertThat(TransformersCommand.commandLine(ctx("phi-3-mini-4k-instruct", "Standard_NC6s_v3")))
        .contains(" --torch_dtype=auto");
  }

  @Test
  void modelWithoutTransformersParametersIsRejected() {
    assertThatThrownBy(
            () ->
                TransformersCommand.commandLine(
                    ctx("phi-4-mini-instruct", "Standard_NC24ads_A100_v4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model phi-4-mini-instruct does not support inference with Huggingface Transformers"
                + " runtime");
  }

  @Test
  void parametersExistExactlyForTheCatalogModelsThatListTheRuntime() {
    for (ModelPreset model : InferenceFixtures.allModels()) {
      if (model.deprecated()) {
        continue;
      }
      assertThat(TransformersCommand.supports(model))
          .as(model.name())
          .isEqualTo(model.supportsRuntime(InferenceRuntime.TRANSFORMERS));
    }
  }

  @Test
  void flagsAreSortedAndStable() {
    WorkloadContext c = ctx("gemma-3-27b-instruct", "Standard_NC24ads_A100_v4");

    String cmd = TransformersCommand.commandLine(c);
    assertThat(cmd).isEqualTo(TransformersCommand.commandLine(c));
    assertThat(TransformersCommand.command(c)).containsExactly("/bin/sh", "-c", cmd);
    assertThat(cmd)
        .endsWith(
            "/workspace/tfs/inference_api.py --allow_remote_files --pipeline=text-generation"
                + " --pretrained_model_name_or_path=google/gemma-3-27b-it"
                + " --revision=005ad3404e59d6023443cb575daa05336842228a"
                + " --served_model_name=gemma-3-27b-it --torch_dtype=auto");
  }
}
