package sh.kaito.operator.common;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.kaito.operator.testsupport.Workspaces.matchLabels;
import static sh.kaito.operator.testsupport.Workspaces.selectorExpression;
import static sh.kaito.operator.testsupport.Workspaces.selectorIn;

/** Selector-to-map conversion (LabelSelectorAsMap) and KAITO's reserved keys. */
class LabelSelectorsTest {
  @Test
  void nullSelectorIsAnEmptyMap() throws Exception {
    assertThat(LabelSelectors.asMap(null)).isEmpty();
    assertThat(LabelSelectors.sanitizedMatchLabels(null)).isEmpty();
  }

  @Test
  void matchLabelsAreCopied() throws Exception {
    assertThat(LabelSelectors.asMap(matchLabels(Map.of("app", "phi", "tier", "gpu"))))
        .containsExactly(Map.entry("app", "phi"), Map.entry("tier", "gpu"));
  }

  @Test
  void inExpressionWithOneValueBecomesALabel() throws Exception {
    assertThat(LabelSelectors.asMap(selectorIn("app", "phi")))
        .containsExactly(Map.entry("app", "phi"));
  }

  @Test
  void matchLabelsAndInExpressionsAreMerged() throws Exception {
    LabelSelector selector =
        new LabelSelectorBuilder(selectorIn("zone", "1"))
            .withMatchLabels(Map.of("app", "phi"))
            .build();

    assertThat(LabelSelectors.asMap(selector))
        .containsExactly(Map.entry("app", "phi"), Map.entry("zone", "1"));
  }

  @Test
  void inExpressionWithTwoValuesCannotBeConverted() {
    assertThatThrownBy(() -> LabelSelectors.asMap(selectorIn("app", "a", "b")))
        .isInstanceOf(LabelSelectors.UnsupportedSelectorException.class)
        .hasMessage(
            "operator \"In\" without a single value cannot be converted into the old label"
                + " selector format");
  }

  @Test
  void inExpressionWithoutValuesCannotBeConverted() {
    assertThatThrownBy(() -> LabelSelectors.asMap(selectorExpression("app", "In")))
        .hasMessage(
            "operator \"In\" without a single value cannot be converted into the old label"
                + " selector format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NotIn", "Exists", "DoesNotExist"})
  void otherKnownOperatorsCannotBeConverted(String operator) {
    assertThatThrownBy(() -> LabelSelectors.asMap(selectorExpression("app", operator, "x")))
        .hasMessage(
            "operator \"" + operator + "\" cannot be converted into the old label selector format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in", "Gt", "Equals"})
  void unknownOperatorIsNamed(String operator) {
    assertThatThrownBy(() -> LabelSelectors.asMap(selectorExpression("app", operator, "x")))
        .hasMessage("\"" + operator + "\" is not a valid selector operator");
  }

  @Test
  void reservedKeysAreKaitosEightKeys() {
    assertThat(LabelSelectors.RESERVED_KEYS)
        .containsExactlyInAnyOrder(
            "kaito.sh/workspace",
            "kaito.sh/workspacenamespace",
            "kaito.sh/ragengine",
            "kaito.sh/ragenginenamespace",
            "karpenter.kaito.sh/workspace-name",
            "karpenter.kaito.sh/workspace-namespace",
            "karpenter.kaito.sh/inferenceset",
            "karpenter.kaito.sh/inferenceset-namespace");
  }

  @Test
  void withoutReservedDropsOnlyReservedKeys() {
    Map<String, String> labels =
        Map.of(
            "app", "phi", "kaito.sh/workspace", "other", "karpenter.kaito.sh/workspace-name", "x");

    assertThat(LabelSelectors.withoutReserved(labels)).containsExactly(Map.entry("app", "phi"));
  }

  @Test
  void sanitizedMatchLabelsAreSortedAndIgnoreExpressions() {
    LabelSelector selector =
        new LabelSelectorBuilder(selectorIn("zone", "1"))
            .withMatchLabels(
                Map.of("tier", "gpu", "app", "phi", "kaito.sh/workspacenamespace", "ns"))
            .build();

    assertThat(List.copyOf(LabelSelectors.sanitizedMatchLabels(selector).keySet()))
        .containsExactly("app", "tier");
  }
}
