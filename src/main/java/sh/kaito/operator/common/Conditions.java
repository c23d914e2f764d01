package sh.kaito.operator.common;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * Status conditions as Kubernetes' {@code meta.SetStatusCondition} keeps them: one per type, with
 * reason, message and observedGeneration; {@code lastTransitionTime} changes only when the status
 * flips, so an unchanged condition is byte-for-byte unchanged and causes no write.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** Kubernetes caps condition messages at 32768 characters. */
  static final int MAX_MESSAGE = 32768;

  private Conditions() {}

  /** Returns a copy of {@code conditions} with {@code type} set; others are kept as they are. */
  public static List<Condition> set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    List<Condition> out = new ArrayList<>();
    boolean found = false;
    for (Condition c : conditions == null ? List.<Condition>of() : conditions) {
      if (!c.getType().equals(type)) {
        out.add(c);
        continue;
      }
      found = true;
      String transition =
          Objects.equals(c.getStatus(), status) && c.getLastTransitionTime() != null
              ? c.getLastTransitionTime()
              : timestamp(now);
      out.add(build(type, status, reason, message, observedGeneration, transition));
    }
    if (!found) {
      out.add(build(type, status, reason, message, observedGeneration, timestamp(now)));
    }
    return out;
  }

  /** Returns a copy without the condition of {@code type}. */
  public static List<Condition> remove(List<Condition> conditions, String type) {
    List<Condition> out = new ArrayList<>(conditions == null ? List.of() : conditions);
    out.removeIf(c -> c.getType().equals(type));
    return out;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /** RFC 3339 with second precision, as the API server stores it. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Shortens a message to {@code max} characters, marking the cut with "...". */
  public static String truncate(String message, int max) {
    if (message == null || message.length() <= max) {
      return message;
    }
    return message.substring(0, Math.max(0, max - 3)) + "...";
  }

  private static Condition build(
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      String transition) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(truncate(message == null ? "" : message, MAX_MESSAGE))
        .withObservedGeneration(observedGeneration)
        .withLastTransitionTime(transition)
        .build();
  }
}
