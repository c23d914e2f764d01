package sh.kaito.operator.common;

import java.util.Map;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.catalog.InferenceRuntime;

/** Which inference runtime serves a Workspace. */
public final class WorkspaceRuntimes {
  private WorkspaceRuntimes() {}

  /**
   * vLLM unless the annotation {@code kaito.sh/runtime: transformers} asks otherwise; always
   * transformers when vLLM is disabled (KAITO's vLLM feature gate).
   */
  public static InferenceRuntime of(Map<String, String> annotations, boolean vllmEnabled) {
    if (!vllmEnabled) {
      return InferenceRuntime.TRANSFORMERS;
    }
    String value = annotations == null ? null : annotations.get(KaitoApi.ANNOTATION_RUNTIME);
    return "transformers".equals(value) ? InferenceRuntime.TRANSFORMERS : InferenceRuntime.VLLM;
  }
}
