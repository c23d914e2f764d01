package sh.kaito.operator.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/** Workspace label selectors: conversion to a plain label map, and KAITO's reserved keys. */
public final class LabelSelectors {
  /**
   * Keys KAITO puts on its own Machines and Nodes. A user selector must not use them (they would
   * target another Workspace's nodes); they are ignored where they appear.
   */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "kaito.sh/workspace",
          "kaito.sh/workspacenamespace",
          "kaito.sh/ragengine",
          "kaito.sh/ragenginenamespace",
          "karpenter.kaito.sh/workspace-name",
          "karpenter.kaito.sh/workspace-namespace",
          "karpenter.kaito.sh/inferenceset",
          "karpenter.kaito.sh/inferenceset-namespace");

  /** The selector cannot be written as a label map. */
  public static final class UnsupportedSelectorException extends Exception {
    UnsupportedSelectorException(String message) {
      super(message);
    }
  }

  private LabelSelectors() {}

  /**
   * Converts a selector to a label map as Kubernetes' {@code LabelSelectorAsMap} does: matchLabels
   * plus {@code In} expressions with exactly one value; anything else is an error with Kubernetes'
   * text.
   */
  public static Map<String, String> asMap(LabelSelector selector)
      throws UnsupportedSelectorException {
    Map<String, String> labels = new TreeMap<>();
    if (selector == null) {
      return labels;
    }
    if (selector.getMatchLabels() != null) {
      labels.putAll(selector.getMatchLabels());
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if (expressions != null) {
      for (LabelSelectorRequirement e : expressions) {
        String op = e.getOperator();
        if ("In".equals(op)) {
          if (e.getValues() == null || e.getValues().size() != 1) {
            throw new UnsupportedSelectorException(
                "operator \"In\" without a single value cannot be converted into the old label"
                    + " selector format");
          }
          labels.put(e.getKey(), e.getValues().get(0));
        } else if ("NotIn".equals(op) || "Exists".equals(op) || "DoesNotExist".equals(op)) {
          throw new UnsupportedSelectorException(
              "operator \"" + op + "\" cannot be converted into the old label selector format");
        } else {
          throw new UnsupportedSelectorException("\"" + op + "\" is not a valid selector operator");
        }
      }
    }
    return labels;
  }

  /** The label map without reserved keys. */
  public static Map<String, String> withoutReserved(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    labels.forEach(
        (k, v) -> {
          if (!RESERVED_KEYS.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The selector's matchLabels without reserved keys, sorted; empty for a null selector. */
  public static Map<String, String> sanitizedMatchLabels(LabelSelector selector) {
    if (selector == null || selector.getMatchLabels() == null) {
      return new TreeMap<>();
    }
    return new TreeMap<>(withoutReserved(selector.getMatchLabels()));
  }
}
