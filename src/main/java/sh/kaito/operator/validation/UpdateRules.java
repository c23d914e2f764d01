package sh.kaito.operator.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.DataSourceUrlGuard;
import sh.kaito.operator.common.LabelSelectors;

/** KAITO's UPDATE rules: what may change on a live Workspace. */
final class UpdateRules {
  private UpdateRules() {}

  static void validate(ValidationContext c, Workspace old) {
    Workspace ws = c.ws;
    if ((old.getInference() == null) != (ws.getInference() == null)) {
      c.errors.generic("inference", "Inference field cannot be toggled once set");
    }
    if ((old.getTuning() == null) != (ws.getTuning() == null)) {
      c.errors.generic("tuning", "Tuning field cannot be toggled once set");
    }
    if (ws.getResource() != null && old.getResource() != null) {
      resource(c, ws.getResource(), old.getResource());
    }
    if (ws.getInference() != null && old.getInference() != null) {
      inference(c, ws.getInference(), old.getInference());
    }
    if (ws.getTuning() != null && old.getTuning() != null) {
      tuning(c, ws.getTuning(), old.getTuning());
    }
  }

  private static void resource(ValidationContext c, ResourceSpec r, ResourceSpec old) {
    if (r.count() != null && old.count() != null && !r.count().equals(old.count())) {
      c.errors.generic("resource.count", "field is immutable");
    }
    if (!Objects.equals(r.partition(), old.partition())) {
      c.errors.generic("resource.partition", "field is immutable");
    }
    String now = r.instanceType() == null ? "" : r.instanceType();
    String before = old.instanceType() == null ? "" : old.instanceType();
    if (c.v1alpha1 && !now.equals(before)) {
      c.errors.generic("resource.instanceType", "field is immutable");
    } else if (c.settings.byo()) {
      if (before.isEmpty() && !now.isEmpty()) {
        c.errors.invalid(
            "resource.instanceType",
            "instanceType must be empty when node auto-provisioning is disabled (BYO scenario)");
      } else if (!before.isEmpty() && !now.isEmpty() && !before.equals(now)) {
        // Clearing an old value is allowed: the upgrade path from provisioned to BYO nodes.
        c.errors.invalid("resource.instanceType", "instanceType cannot be changed once set");
      }
    } else if (now.isEmpty()) {
      c.errors.missing(
          "resource.instanceType",
          "instanceType is required when node auto-provisioning is enabled");
    } else if (!before.isEmpty() && !before.equals(now)) {
      c.errors.generic(
          "resource.instanceType",
          "instanceType cannot be changed once set when node auto-provisioning is enabled");
    }
    Map<String, String> newLabels;
    Map<String, String> oldLabels;
    try {
      newLabels = LabelSelectors.asMap(r.labelSelector());
      oldLabels = LabelSelectors.asMap(old.labelSelector());
    } catch (LabelSelectors.UnsupportedSelectorException e) {
      c.errors.generic("resource.labelSelector", "Only allow matchLabels or 'IN' matchExpression");
      return;
    }
    if (!newLabels.equals(oldLabels)) {
      c.errors.generic("resource.labelSelector", "field is immutable");
    }
  }

  private static void inference(ValidationContext c, InferenceSpec i, InferenceSpec old) {
    if (!Objects.equals(i.preset(), old.preset())) {
      c.errors.generic("inference.preset", "field is immutable");
    }
    if ((i.template() == null) != (old.template() == null)) {
      c.errors.generic("inference.template", "field cannot be unset/set if it was set/unset");
    }
    InferenceRules.adapters(c, i.adaptersOrEmpty(), true);
    if (!Objects.equals(i.adaptersOrEmpty(), old.adaptersOrEmpty())) {
      InferenceRules.vllmAdapterStrength(c, i);
    }
    if (i.template() != null && !Objects.equals(i.template(), old.template())) {
      InferenceRules.template(c, i);
    }
  }

  private static void tuning(ValidationContext c, TuningSpec t, TuningSpec old) {
    DataSource input = t.input();
    if (input == null) {
      c.errors.missing("tuning.input");
    } else {
      String oldName = old.input() == null ? null : old.input().name();
      if (!Objects.equals(oldName, input.name())) {
        c.errors.invalid(
            "tuning.input.name", "During tuning Name field cannot be changed once set");
      }
      if (DataRules.notEmpty(input.image())) {
        DataRules.inputImage(c.errors, input.image(), "tuning.input.image");
      }
      // New URLs pass the same SSRF guard as on create; URLs already accepted stay accepted.
      List<String> oldUrls = old.input() == null ? List.of() : old.input().urlsOrEmpty();
      for (String url : input.urlsOrEmpty()) {
        if (!oldUrls.contains(url)) {
          DataSourceUrlGuard.check(url)
              .ifPresent(reason -> c.errors.invalid("tuning.input.urls", reason));
        }
      }
    }
    if (t.output() == null) {
      c.errors.missing("tuning.output");
    } else if (DataRules.notEmpty(t.output().image())) {
      DataRules.outputImage(c.errors, t.output().image(), "tuning.output.image");
    }
    if (!Objects.equals(t.preset(), old.preset())) {
      c.errors.generic("tuning.preset", "Preset cannot be changed");
    }
    String method = t.method() == null ? "" : t.method().toLowerCase(Locale.ROOT);
    String oldMethod = old.method() == null ? "" : old.method().toLowerCase(Locale.ROOT);
    if (!method.equals(oldMethod)) {
      c.errors.generic("tuning.method", "Method cannot be changed");
    }
  }
}
